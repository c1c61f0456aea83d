"""Collecting one started subprocess: its output up to a per-stream cap (with a truncation
marker), a wall-clock timeout, and the return as soon as the process itself exits.

No reader threads: both pipes (and, on Linux, a pidfd for the exit) are watched with
``select``. When the process exits, what is already in the pipes is drained and the pipes are
closed, so a detached child that still holds them (``setsid sleep 300 & echo x``) cannot hold
the answer back. Whatever is left of the process group is killed.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import subprocess
import time
from dataclasses import dataclass

OUTPUT_CAP = 1024 * 1024
_CHUNK = 64 * 1024
_POLL = 0.05  # exit polling interval where there is no pidfd


@dataclass
class Outcome:
    stdout: str
    stderr: str
    returncode: int
    timed_out: bool
    elapsed: float


class _Stream:
    """One pipe: the first ``cap`` bytes kept, the rest counted."""

    def __init__(self, fd: int, cap: int) -> None:
        self.fd, self.cap = fd, cap
        self.kept = bytearray()
        self.dropped = 0
        self.open = True
        os.set_blocking(fd, False)

    def read(self) -> bool:
        """Read what is available now; False when nothing was (EOF or would block)."""
        try:
            chunk = os.read(self.fd, _CHUNK)
        except BlockingIOError:
            return False
        if not chunk:
            self.open = False
            return False
        room = max(0, self.cap - len(self.kept))
        self.kept += chunk[:room]
        self.dropped += len(chunk) - min(room, len(chunk))
        return True

    def text(self) -> str:
        text = self.kept.decode("utf-8", errors="replace")
        if self.dropped:
            text += f"\n[output truncated: {self.dropped} more bytes]\n"
        return text


def _pidfd(pid: int) -> int | None:
    opener = getattr(os, "pidfd_open", None)
    if opener is None:
        return None
    try:
        return int(opener(pid))
    except OSError:
        return None


def collect(proc: subprocess.Popen[bytes], timeout: float, cap: int = OUTPUT_CAP) -> Outcome:
    """Wait for ``proc`` (started with stdout/stderr pipes in a new session) and its output."""
    started = time.monotonic()
    deadline = started + timeout
    assert proc.stdout is not None and proc.stderr is not None
    streams = [_Stream(proc.stdout.fileno(), cap), _Stream(proc.stderr.fileno(), cap)]
    exit_fd = _pidfd(proc.pid)
    timed_out = False
    try:
        while proc.poll() is None:
            left = deadline - time.monotonic()
            if left <= 0:
                timed_out = True
                break
            watched = [s.fd for s in streams if s.open]
            if exit_fd is not None:
                watched.append(exit_fd)
            wait = left if exit_fd is not None else min(left, _POLL)
            ready, _, _ = select.select(watched, [], [], wait)
            for stream in streams:
                if stream.fd in ready:
                    stream.read()
        kill_group(proc.pid)
        proc.wait()
        for stream in streams:
            # Only what is already buffered: a detached writer may keep the pipe open forever.
            for _ in range(64):
                if not stream.open or not stream.read():
                    break
    finally:
        if exit_fd is not None:
            os.close(exit_fd)
        proc.stdout.close()
        proc.stderr.close()
    elapsed = time.monotonic() - started
    return Outcome(streams[0].text(), streams[1].text(), proc.returncode, timed_out, elapsed)


def kill_group(pid: int) -> None:
    """Kill what is left of the process group (background children included)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)
