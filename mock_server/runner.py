"""Running one tool subprocess: its own process group, a wall-clock timeout that kills the whole
group, a minimal environment, and a per-stream output cap with a truncation marker."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO

OUTPUT_CAP = 1024 * 1024
_CHUNK = 64 * 1024


@dataclass
class Outcome:
    stdout: str
    stderr: str
    returncode: int
    timed_out: bool
    elapsed: float


def safe_env(home: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    """A small environment that leaks nothing of the server's, plus ``extra``."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/local/bin:/usr/bin:/bin"),
        "HOME": str(home),
        "TMPDIR": str(home),
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
    }
    env.update(extra or {})
    return env


class _Capture(threading.Thread):
    """Reads a pipe to the end, keeping the first ``cap`` bytes and counting the rest."""

    def __init__(self, pipe: IO[bytes], cap: int) -> None:
        super().__init__(daemon=True)
        self.pipe, self.cap = pipe, cap
        self.kept = bytearray()
        self.dropped = 0

    def run(self) -> None:
        with self.pipe:
            while chunk := self.pipe.read1(_CHUNK):  # type: ignore[attr-defined]
                room = self.cap - len(self.kept)
                self.kept += chunk[:room]
                self.dropped += max(0, len(chunk) - room)

    def text(self) -> str:
        text = self.kept.decode("utf-8", errors="replace")
        if self.dropped:
            text += f"\n[output truncated: {self.dropped} more bytes]\n"
        return text


def run(
    argv: list[str], cwd: Path, env: dict[str, str], timeout: float, cap: int = OUTPUT_CAP
) -> Outcome:
    started = time.monotonic()
    proc = subprocess.Popen(
        argv,
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    assert proc.stdout is not None and proc.stderr is not None
    readers = [_Capture(proc.stdout, cap), _Capture(proc.stderr, cap)]
    for reader in readers:
        reader.start()
    timed_out = False
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
    _kill_group(proc.pid)
    proc.wait()
    for reader in readers:
        reader.join(timeout=2)
    elapsed = time.monotonic() - started
    return Outcome(readers[0].text(), readers[1].text(), proc.returncode, timed_out, elapsed)


def _kill_group(pid: int) -> None:
    """Kill what is left of the process group (background children included)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)
