"""Command line: ``python -m mock_server --host 127.0.0.1 --port 0``. Prints the URL as the first
line of stdout, serves until SIGINT/SIGTERM, then ends every session's processes and removes
their scratch directories."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from types import FrameType

from mock_server.catalogue import parse_image_option
from mock_server.faults import FaultError, parse_fault_spec
from mock_server.http_server import MockHTTPServer, is_loopback
from mock_server.service import MockService
from mock_server.state import DEFAULT_IDLE_TIMEOUT


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m mock_server", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--allow-non-loopback", action="store_true")
    parser.add_argument("--api-key", action="append", default=[], help="accepted key (repeat)")
    parser.add_argument(
        "--fault", action="append", default=[], help="kind[=value][@operation][*times] (repeat)"
    )
    parser.add_argument("--image", action="append", default=[], help="extra image: ID[=kind]")
    parser.add_argument("--deleting-polls", type=int, default=1)
    parser.add_argument(
        "--idle-timeout",
        type=float,
        default=DEFAULT_IDLE_TIMEOUT,
        help="seconds without a request before a session is released",
    )
    parser.add_argument(
        "--sync-polls", type=int, default=0, help="polls a sync task stays unfinished"
    )
    parser.add_argument("--verbose", action="store_true", help="log every request to stderr")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not is_loopback(args.host) and not args.allow_non_loopback:
        parser.error(f"refusing non-loopback host {args.host!r} without --allow-non-loopback")
    try:
        faults = [parse_fault_spec(spec) for spec in args.fault]
        images = dict(parse_image_option(option) for option in args.image)
    except (FaultError, ValueError) as exc:
        parser.error(str(exc))
    if args.idle_timeout <= 0:
        parser.error("--idle-timeout must be positive")
    service = MockService(
        args.api_key,
        images=images,
        faults=faults,
        deleting_polls=args.deleting_polls,
        idle_timeout=args.idle_timeout,
        sync_polls=args.sync_polls,
    )
    if not args.api_key:
        print("mock_server: no --api-key given, accepting any non-empty key", file=sys.stderr)
    server = MockHTTPServer(
        service, args.host, args.port, allow_non_loopback=True, verbose=args.verbose
    )
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    with service, server:
        print(server.url, flush=True)
        stop.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
