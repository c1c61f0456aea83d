"""Run ``python -m mock_server`` as a child process on an ephemeral loopback port.

For scripts, benchmarks and test suites that want the mock over real HTTP in its own process
(so its CPU use and the client's are separate). ``spawn`` yields the URL the mock printed.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def spawn(*args: str, quiet: bool = True) -> Iterator[str]:
    """Start the mock with extra CLI ``args``; yield its URL; stop it on exit."""
    command = [sys.executable, "-m", "mock_server", "--host", "127.0.0.1", "--port", "0", *args]
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE if quiet else None,
        text=True,
    )
    try:
        assert process.stdout is not None
        url = process.stdout.readline().strip()
        if not url.startswith("http://127.0.0.1:"):
            process.kill()
            _, err = process.communicate(timeout=10)
            raise RuntimeError(f"the mock did not start: {url!r} {err or ''}")
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
