"""Serving the service over real HTTP/1.1 (keep-alive) with the stdlib ThreadingHTTPServer,
loopback only unless told otherwise. A "drop" reply closes the socket without a response; a
slow or huge body (faults) is written piece by piece until sent or the client leaves.
Sessions' ``wsUrl`` is served alongside, on a second port of the same host, when the
WebSocket package is installed (ws_server.py)."""

from __future__ import annotations

import contextlib
import ipaddress
import os
import shutil
import socket
import sys
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, urlsplit

from mock_server import ws_server
from mock_server.service import MockService
from mock_server.wire import (
    OBJECT_PREFIX,
    ApiError,
    MockReply,
    MockRequest,
    error_reply,
    new_request_id,
)

DRAIN_LIMIT = 16 * 1024 * 1024


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _content_length(raw: str | None) -> int | None:
    """The declared body length (0 when absent), or None when it is not a valid number."""
    if raw is None:
        return 0
    return int(raw) if raw.strip().isdigit() else None


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 512
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], service: MockService, verbose: bool) -> None:
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        self.service, self.verbose = service, verbose
        super().__init__(address, _Handler)
        host, port = str(self.server_address[0]), self.server_address[1]
        self.url_host = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"

    def handle_error(self, request: Any, client_address: Any) -> None:
        if self.verbose:
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "agb-mock/1"
    timeout = 300  # idle keep-alive connections are closed after this many seconds
    # Headers and body leave in separate writes; with Nagle on, the body waits for the
    # client's delayed ACK of the headers (~40 ms per request on Linux).
    disable_nagle_algorithm = True
    server: _Server

    def _dispatch(self) -> None:
        outcome = self._read_request()
        if isinstance(outcome, MockRequest):
            outcome = self.server.service.handle(outcome)
        self._write(outcome)

    def _read_request(self) -> MockRequest | MockReply:
        """The request, or the reply to a request that cannot be read (bad length, too big)."""
        length = _content_length(self.headers.get("content-length"))
        if length is None or "chunked" in self.headers.get("transfer-encoding", "").lower():
            self.close_connection = True
            error = ApiError(411, "MissingContentLength", "A valid Content-Length is required")
            return error_reply(new_request_id(), error)
        split = urlsplit(self.path)
        too_big = self.server.service.oversize_reply(length, len(self.path), split.path)
        if too_big is not None:
            self._discard(length)
            return too_big
        body, spooled = b"", None
        if split.path.startswith(OBJECT_PREFIX) and length > 0:
            spooled = self._spool(length)  # presigned uploads go to disk, not memory
        elif length > 0:
            body = self.rfile.read(length)
        query = parse_qs(split.query, keep_blank_values=True)
        headers = {key.lower(): value for key, value in self.headers.items()}
        base_url = f"http://{headers.get('host') or self.server.url_host}"
        return MockRequest(
            self.command,
            split.path,
            query,
            headers,
            body,
            len(self.path),
            base_url=base_url,
            body_file=spooled,
        )

    def _spool(self, length: int) -> Path:
        path = self.server.service.objects.spool_path()
        with path.open("wb") as handle:
            while length > 0:
                block = self.rfile.read(min(length, 1 << 20))
                if not block:
                    break
                handle.write(block)
                length -= len(block)
        return path

    def _discard(self, length: int) -> None:
        """Read an oversized body away (so the client sees the reply), or give up on the link."""
        if length > DRAIN_LIMIT:
            self.close_connection = True
            return
        while length > 0:
            length -= len(self.rfile.read(min(length, 65536)) or b"x" * length)

    def _write(self, reply: MockReply) -> None:
        if reply.action is not None:
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)
            return
        if reply.body_file is not None:
            self._write_file(reply, reply.body_file)
            return
        if not self._head(reply, reply.content_length):
            return
        try:
            for delay, piece in reply.pieces():
                if delay:
                    time.sleep(delay)
                self.wfile.write(piece)
        except OSError:  # the client left mid-body (it gave up on a slow or huge answer)
            self.close_connection = True

    def _write_file(self, reply: MockReply, path: Path) -> None:
        with path.open("rb") as source:
            if self._head(reply, os.fstat(source.fileno()).st_size):
                shutil.copyfileobj(source, self.wfile, 1 << 20)

    def _head(self, reply: MockReply, length: int) -> bool:
        """Send the status line and headers; whether a body should follow."""
        self.send_response(reply.status)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(length))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        return self.command != "HEAD"

    def __getattr__(self, name: str) -> Callable[[], None]:
        """``do_<METHOD>`` for every method: the service answers 404/405 to what it lacks."""
        if name.startswith("do_"):
            return self._dispatch
        raise AttributeError(name)

    def log_message(self, format: str, *args: Any) -> None:
        if self.server.verbose:
            sys.stderr.write(f"{self.address_string()} - {format % args}\n")


class MockHTTPServer:
    """``with MockHTTPServer(service) as server: httpx.get(server.url + ...)``."""

    def __init__(
        self,
        service: MockService,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        allow_non_loopback: bool = False,
        verbose: bool = False,
    ) -> None:
        if not is_loopback(host) and not allow_non_loopback:
            raise ValueError(f"refusing to listen on non-loopback host {host!r}")
        self.service = service
        self._server = _Server((host, port), service, verbose)
        self._thread: threading.Thread | None = None
        self.ws: ws_server.WsServer | None = None

    @property
    def url(self) -> str:
        address = self._server.server_address
        host, port = str(address[0]), address[1]
        return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"

    def start(self) -> MockHTTPServer:
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True
        )
        self._thread.start()
        if ws_server.available():
            host = str(self._server.server_address[0])
            self.ws = ws_server.WsServer(self.service, host).start()
            self.service.operations.ws_base = self.ws.url
        return self

    def stop(self) -> None:
        if self.ws is not None:
            self.service.operations.ws_base = ""
            self.ws.stop()
            self.ws = None
        if self._thread is not None:
            self._server.shutdown()
            self._thread.join()
            self._thread = None
        self._server.server_close()

    def __enter__(self) -> MockHTTPServer:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
