"""Run every benchmark against the mock on loopback; ``--write`` records them in RESULTS.md."""

from __future__ import annotations

import argparse
import datetime
import logging
import os
import platform
import subprocess
from pathlib import Path

from bench import fanout, files, imports, kernel, lifecycle, memory, overhead, transfer
from bench.common import KEY, Line
from mock_server.process import spawn

RESULTS = Path(__file__).with_name("RESULTS.md")
NOTES = """Notes:
- `import agb` loads neither attrs nor the generated client: both load on the first call, so
  the import floor (`import httpx, attrs`) is a little generous to the SDK.
- Every floor is measured in the same run, on the same mock (`python -m mock_server`, a separate
  process on loopback), interleaved or alternated with the SDK's runs.
- Fan-out: each session's first cell starts a Jupyter kernel in the mock, so 200 lifecycles
  take a minute or more on 2 cores for the bare client too; the ratio is the SDK's 200-vs-1
  scaling over bare httpx's.
- Kernel: the warm-run and first-chunk figures cross three processes (client, mock, kernel), so
  they move most with the machine's load.
"""


def machine() -> str:
    cpu = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
         if line.startswith("model name")), platform.processor() or "unknown",
    )  # fmt: skip
    uname = subprocess.run(["uname", "-a"], capture_output=True, text=True).stdout.strip()
    return (
        f"- CPU: {cpu}, {os.cpu_count()} cores\n- OS: {uname}\n"
        f"- Python: {platform.python_version()}\n"
        f"- Date: {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC"
    )


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--write", action="store_true", help="record the run in bench/RESULTS.md")
    parser.add_argument("--only", default="", help="comma-separated figures, e.g. files,kernel")
    args = parser.parse_args()
    figures = (imports, overhead, fanout, lifecycle, memory, files, transfer, kernel)
    if args.only:
        wanted = set(args.only.split(","))
        figures = tuple(f for f in figures if f.__name__.rsplit(".", 1)[-1] in wanted)
    logging.getLogger("agb").setLevel(logging.ERROR)
    lines: list[Line] = []
    with spawn("--api-key", KEY) as url:
        for figure in figures:
            for line in figure.run(url):
                print(line, flush=True)
                lines.append(line)
    if args.write and not args.only:
        body = "\n".join(f"    {line}" for line in lines)
        RESULTS.write_text(
            "# Benchmark results\n\nOne run of `make bench` (ratio first; lower is better).\n\n"
            f"{machine()}\n\n{body}\n\n{NOTES}",
            encoding="utf-8",
        )
        print(f"written to {RESULTS}")


if __name__ == "__main__":
    main()
