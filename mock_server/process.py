"""Run ``python -m mock_server`` as a child process on an ephemeral loopback port.

For scripts, benchmarks and test suites that want the mock over real HTTP in its own process
(so its CPU use and the client's are separate). ``MockProcess`` keeps the process at hand (its
stderr, signals); ``spawn`` is the context manager that only needs the URL.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager


class MockProcess:
    """A started mock: ``url`` is what it printed first, ``process`` the child itself."""

    def __init__(self, *args: str, quiet: bool = True) -> None:
        command = [sys.executable, "-m", "mock_server", "--host", "127.0.0.1", "--port", "0"]
        self.process = subprocess.Popen(
            [*command, *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE if quiet else None,
            text=True,
        )
        assert self.process.stdout is not None
        self.url = self.process.stdout.readline().strip()
        if not self.url.startswith("http://127.0.0.1:"):
            self.stop()
            raise RuntimeError(f"the mock did not start: it printed {self.url!r}")

    def stop(self) -> None:
        """Terminate the mock (SIGTERM, then SIGKILL after 10 s), wait for it and close its
        pipes. The mock ends every session's processes on SIGTERM. Safe to call twice."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        for pipe in (self.process.stdout, self.process.stderr):
            if pipe is not None:
                pipe.close()


@contextmanager
def spawn(*args: str, quiet: bool = True) -> Iterator[str]:
    """Start the mock with extra CLI ``args``; yield its URL; stop it on exit."""
    mock = MockProcess(*args, quiet=quiet)
    try:
        yield mock.url
    finally:
        mock.stop()
