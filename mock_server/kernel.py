"""Notebook kernels behind the mock's python ``run_code``: one Jupyter kernel per session.

A session's kernel starts at its first python cell (sessions that never run code cost no
process), keeps its variables between cells, and is shut down when the session is released,
when it has been idle for ``idle_timeout`` seconds, and when the mock stops. Cells come back as
the real service shapes them: stdout/stderr chunks, rich results as mime maps with
``isMainResult`` (the cell's value) and the kernel's ``execution_count``. Each output is also
passed, as it arrives, to the caller's ``on_event`` (the WebSocket edge streams them).

A kernel that dies mid-cell (``os._exit``, a segfault, the OOM killer) or overruns the cell's
timeout and ignores the interrupt gives a failed cell and is replaced at the next one.

Needs ``jupyter_client`` and ``ipykernel`` (the ``kernel`` extra); ``available()`` says whether
they are installed, and the tools fall back to one process per cell when they are not.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import logging
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mock_server import session_fs
from mock_server.runner import OUTPUT_CAP
from mock_server.sandbox import Sandbox

log = logging.getLogger("mock_server.kernel")

START_TIMEOUT_S = 120.0
# Kernels starting at once: a start is CPU-bound (about a second), so many at once only make
# each one slower; queued, the first sessions get their kernels sooner.
_STARTS = threading.Semaphore(max(1, os.cpu_count() or 1))
IDLE_TIMEOUT_S = float(os.environ.get("AGB_MOCK_KERNEL_IDLE_S", "600"))
# At most this many kernels live at once (about 50 MiB each): starting one more first shuts
# down the least recently used idle kernel, whose session starts afresh at its next cell.
MAX_KERNELS = int(os.environ.get("AGB_MOCK_MAX_KERNELS", "64"))
_INTERRUPT_GRACE_S = 2.0
_IDLE_GRACE_S = 2.0  # how long a cell may wait for its idle status after its execute reply
_MAX_SOCKET_PATH = 90  # unix socket paths hold 107 bytes; ZeroMQ appends "-<port>"
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")

# (kind, payload): ("stdout"|"stderr", str), ("result", {mime..., "isMainResult"}),
# ("error", {"code", "message", "traceId"})
OnEvent = Callable[[str, Any], None]


def available() -> bool:
    """True when the kernel packages are installed."""
    return all(importlib.util.find_spec(name) for name in ("jupyter_client", "ipykernel"))


def launch(sandbox: Sandbox, argv: list[str], env: dict[str, str], log_file: Path) -> Any:
    """Start a kernel process: the one place a kernel is launched. It runs in the session's
    sandbox (its processes, its files at the session's paths, HOME as working directory), in
    its own process group. The kernel's own output (not the cells': those travel over
    ZeroMQ) goes to ``log_file``."""
    with open(log_file, "ab") as sink:
        return sandbox.popen(
            argv, session_fs.HOME, env, stdin=subprocess.DEVNULL, stdout=sink, stderr=sink
        )


@dataclass
class Cell:
    """What one cell produced."""

    stdout: list[str] = field(default_factory=list)
    stderr: list[str] = field(default_factory=list)
    results: list[dict[str, Any]] = field(default_factory=list)
    error: str | None = None
    execution_count: int | None = None
    elapsed: float = 0.0
    dropped: dict[str, int] = field(default_factory=lambda: {"stdout": 0, "stderr": 0})

    def keep(self, name: str, text: str) -> str:
        """The part of ``text`` within the stream's cap (the rest is counted, then reported)."""
        chunks: list[str] = getattr(self, name)
        room = max(0, OUTPUT_CAP - sum(len(chunk) for chunk in chunks))
        self.dropped[name] += len(text[room:].encode())
        if text[:room]:
            chunks.append(text[:room])
        return text[:room]

    def close_streams(self) -> None:
        for name, dropped in self.dropped.items():
            if dropped:
                getattr(self, name).append(f"\n[output truncated: {dropped} more bytes]\n")

    def answer(self) -> dict[str, Any]:
        """The ``run_code`` tool's JSON answer for this cell."""
        return {
            "result": self.results,
            "stdout": self.stdout,
            "stderr": self.stderr,
            "executionError": self.error,
            "execution_count": self.execution_count,
            "execution_time": round(self.elapsed, 6),
        }


class Kernel:
    """One running ipykernel and the client connected to it."""

    def __init__(self, sandbox: Sandbox) -> None:
        from jupyter_client.blocking.client import BlockingKernelClient
        from jupyter_client.connect import write_connection_file

        self.lock = threading.Lock()
        self.last_used = time.monotonic()
        scratch = sandbox.scratch
        # The kernel names files by session path (inside a namespace) and we by host path: two
        # connection files, same ports and key. ZeroMQ goes over unix sockets in the session's
        # runtime directory (no TCP port to race for when many kernels start at once, nothing
        # reachable from the network), unless that path is too long for a unix socket.
        runtime = "/tmp/.jupyter"  # short: a unix socket path holds 107 bytes
        host_runtime = session_fs.to_host(scratch, runtime)
        host_runtime.mkdir(parents=True, exist_ok=True)
        ipc = len(str(host_runtime)) < _MAX_SOCKET_PATH
        self._connection_file, config = write_connection_file(
            str(scratch / ".kernel.json"),
            transport="ipc" if ipc else "tcp",
            ip=str(host_runtime / "k") if ipc else "127.0.0.1",
        )
        if ipc:
            config["ip"] = f"{sandbox.path(runtime)}/k"
        kernel_file = host_runtime / "kernel-agb.json"
        kernel_file.write_text(json.dumps(config))
        self._files = [Path(self._connection_file), kernel_file]
        env = {
            "PYTHONUNBUFFERED": "1",
            "MPLBACKEND": "module://matplotlib_inline.backend_inline",
            "JUPYTER_PLATFORM_DIRS": "1",
            "IPYTHONDIR": sandbox.path(f"{session_fs.HOME}/.ipython"),
            "JUPYTER_RUNTIME_DIR": sandbox.path(runtime),
        }
        argv = [
            sys.executable,
            "-m",
            "ipykernel_launcher",
            "-f",
            sandbox.path(f"{runtime}/kernel-agb.json"),
        ]
        argv += ["--HistoryManager.enabled=False", "--IPKernelApp.parent_handle=0"]
        self.log_file = scratch / ".kernel.log"
        self.process = launch(sandbox, argv, env, self.log_file)
        self.client = BlockingKernelClient(connection_file=self._connection_file)
        self.client.load_connection_file()
        self.client.start_channels(hb=False)
        try:
            self._wait_ready()
        except Exception as exc:
            self.close()
            with contextlib.suppress(OSError):
                tail = self.log_file.read_text(errors="replace")[-2000:]
                raise RuntimeError(f"the kernel did not start: {exc}; its log: {tail}") from exc
            raise

    def _wait_ready(self) -> None:
        """Ask for kernel_info (again each second while nothing comes back) until one's idle
        status has come on iopub and its reply on shell: then our subscription is live (no
        output of the first cell is lost) and the kernel has finished every request sent so
        far. Ending on that request's ``busy`` instead sent the first cell while the kernel
        was still handling it, and ipykernel 7.3 then at times never ran the cell."""
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if not self.alive():
                raise RuntimeError(f"the kernel exited with code {self.process.returncode}")
            msg_id = self.client.kernel_info()
            until = min(deadline, time.monotonic() + 1.0)
            while time.monotonic() < until:
                try:
                    message = self.client.get_iopub_msg(timeout=0.1)
                except queue.Empty:
                    continue
                state = message["content"].get("execution_state")
                if _parent(message) == msg_id and state == "idle":
                    self._await_reply(msg_id, deadline)
                    return
        raise TimeoutError(f"no answer from the kernel in {START_TIMEOUT_S:g} s")

    def _await_reply(self, msg_id: str, deadline: float) -> None:
        """Wait for the shell reply to ``msg_id`` (sent before its idle status, so at hand)."""
        while time.monotonic() < deadline:
            with contextlib.suppress(queue.Empty):
                if _parent(self.client.get_shell_msg(timeout=0.1)) == msg_id:
                    return
        raise TimeoutError(f"no reply from the kernel in {START_TIMEOUT_S:g} s")

    def _replied(self, msg_id: str) -> float | None:
        """When the execute reply of ``msg_id`` came on the shell channel, if it has."""
        with contextlib.suppress(queue.Empty):
            while True:
                reply = self.client.get_shell_msg(timeout=0)
                if _parent(reply) == msg_id:
                    return time.monotonic()
        return None

    def _drain_shell(self) -> None:
        with contextlib.suppress(queue.Empty):
            while True:
                self.client.get_shell_msg(timeout=0)

    def alive(self) -> bool:
        return self.process.poll() is None

    def run(self, code: str, timeout: float, on_event: OnEvent | None = None) -> Cell:
        """Run one cell; at most ``timeout`` seconds (then interrupt, then kill)."""
        cell = Cell()
        emit = on_event or (lambda kind, payload: None)
        started = time.monotonic()
        deadline = started + timeout
        self._drain()
        self._drain_shell()  # the replies of earlier cells (outputs come on iopub)
        msg_id = self.client.execute(code, store_history=True, allow_stdin=False)
        done, replied_at = False, None
        while not done:
            now = time.monotonic()
            if now >= deadline:
                cell.error = f"TimeoutError: execution exceeded {timeout:g} s"
                self._interrupt(msg_id)
                self._end_children()
                break
            try:
                message = self.client.get_iopub_msg(timeout=min(0.2, deadline - now))
            except queue.Empty:
                if not self.alive():
                    cell.error = f"KernelDied: the kernel exited ({self.process.returncode})"
                    break
                replied_at = replied_at or self._replied(msg_id)
                if replied_at is not None and time.monotonic() - replied_at > _IDLE_GRACE_S:
                    # The reply follows the cell's outputs; an idle that never comes (ipykernel
                    # notes rare lost iopub messages) must not hold the cell to its timeout.
                    log.warning("no idle status %g s after the execute reply", _IDLE_GRACE_S)
                    break
                continue
            done = self._take(message, cell, emit, ours=_parent(message) == msg_id)
        cell.close_streams()
        cell.elapsed = time.monotonic() - started
        self.last_used = time.monotonic()
        return cell

    def _take(self, message: dict[str, Any], cell: Cell, emit: OnEvent, ours: bool) -> bool:
        """Record one iopub message that came while the cell ran; True when the cell is over.

        Only our own ``idle`` ends the cell, but outputs count whatever parent they name: one
        cell runs at a time and earlier ones were drained, so all output now is this cell's.
        Filtering outputs by parent once lost a fresh kernel's first ``print`` in CI; ipykernel
        7 is known to stamp some outputs with another request's parent (ipykernel#1564)."""
        kind, content = message["header"]["msg_type"], message["content"]
        if kind == "status":
            return ours and content.get("execution_state") == "idle"
        if not ours:
            log.debug("kernel output of %s parented to %s", kind, _parent(message) or "nothing")
        if kind == "execute_input" and ours:
            cell.execution_count = content.get("execution_count")
        elif kind == "stream":
            name, text = content.get("name"), content.get("text", "")
            if name in ("stdout", "stderr") and (kept := cell.keep(name, text)):
                emit(name, kept)
        elif kind in ("execute_result", "display_data"):
            item = {**content.get("data", {}), "isMainResult": kind == "execute_result"}
            cell.results.append(item)
            emit("result", item)
        elif kind == "error":
            name, value = content.get("ename", "Error"), content.get("evalue", "")
            cell.error = f"{name}: {value}"
            trace = _ANSI.sub("", "\n".join(content.get("traceback", [])))
            if kept := cell.keep("stderr", trace + "\n"):
                emit("stderr", kept)
            emit("error", {"code": name, "message": value, "traceId": message["header"]["msg_id"]})
        return False

    def _interrupt(self, msg_id: str) -> None:
        """Interrupt an overrunning cell; kill the kernel if it does not go idle in time."""
        self.interrupt()
        until = time.monotonic() + _INTERRUPT_GRACE_S
        while time.monotonic() < until:
            try:
                message = self.client.get_iopub_msg(timeout=0.1)
            except queue.Empty:
                continue
            if (
                _parent(message) == msg_id
                and message["header"]["msg_type"] == "status"
                and message["content"].get("execution_state") == "idle"
            ):
                return
        self.close()

    def _end_children(self) -> None:
        """Kill what an overrunning cell started (the kernel itself lives on), as a timed-out
        cell run in its own process would have had killed."""
        launcher = self.process.pid
        kernel = _children(launcher) or [launcher]
        kernel = kernel if self.alive() else []
        if not kernel:
            return
        for pid in _descendants(kernel[0]):
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)

    def interrupt(self) -> None:
        """Ctrl-C for the running cell, asked on the control channel: the kernel may sit behind
        ``nsenter``, which a signal would end instead."""
        with contextlib.suppress(Exception):
            message = self.client.session.msg("interrupt_request", content={})
            self.client.control_channel.send(message)

    def _drain(self) -> None:
        """Forget iopub messages left over from an earlier, interrupted cell."""
        with contextlib.suppress(queue.Empty):
            while True:
                self.client.get_iopub_msg(timeout=0)

    def close(self) -> None:
        """Stop the client and kill the kernel's whole process group."""
        with contextlib.suppress(Exception):
            self.client.stop_channels()
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=5)
        for path in self._files:
            path.unlink(missing_ok=True)


def _start(sandbox: Sandbox, attempts: int = 3) -> Kernel:
    """Start a kernel; again on failure (a TCP port taken between choice and bind, when the
    session's path is too long for unix sockets)."""
    for attempt in range(attempts):
        try:
            with _STARTS:
                return Kernel(sandbox)
        except Exception as exc:
            if attempt == attempts - 1:
                raise
            log.warning("kernel start failed (%s), trying again", exc)
    raise AssertionError("unreachable")


class Kernels:
    """The kernels of all sessions, keyed by session id, with an idle reaper."""

    def __init__(
        self, idle_timeout: float = IDLE_TIMEOUT_S, max_kernels: int = MAX_KERNELS
    ) -> None:
        self.idle_timeout = idle_timeout
        self.max_kernels = max_kernels
        self._lock = threading.Lock()
        self._kernels: dict[str, Kernel] = {}
        self._starting: dict[str, threading.Lock] = {}
        self._reaper: threading.Thread | None = None
        self._stop = threading.Event()

    def run(
        self, session_id: str, sandbox: Sandbox, code: str, timeout: float,
        on_event: OnEvent | None = None,
    ) -> Cell:  # fmt: skip
        """Run a cell in the session's kernel, starting (or replacing a dead) one first."""
        kernel = self._kernel(session_id, sandbox)
        with kernel.lock:
            if not kernel.alive():  # died between cells: start afresh
                self.close(session_id)
                return self.run(session_id, sandbox, code, timeout, on_event)
            cell = kernel.run(code, timeout, on_event)
        if not kernel.alive():
            self.close(session_id)
        return cell

    def _kernel(self, session_id: str, sandbox: Sandbox) -> Kernel:
        with self._lock:
            kernel = self._kernels.get(session_id)
            if kernel is not None:
                return kernel
            starting = self._starting.setdefault(session_id, threading.Lock())
        with starting:  # one start per session, even when two cells arrive together
            with self._lock:
                kernel = self._kernels.get(session_id)
            if kernel is None:
                self._make_room()
                kernel = _start(sandbox)
                with self._lock:
                    self._kernels[session_id] = kernel
                    self._starting.pop(session_id, None)
                    self._start_reaper()
            return kernel

    def _make_room(self) -> None:
        """Shut down least recently used idle kernels while there are ``max_kernels``."""
        while True:
            with self._lock:
                idle = [
                    (k.last_used, sid) for sid, k in self._kernels.items() if not k.lock.locked()
                ]
                if len(self._kernels) < self.max_kernels or not idle:
                    return
                _, oldest = min(idle)
            log.info("shutting down the kernel of %s: %d kernels running", oldest, self.max_kernels)
            self.close(oldest)

    def _start_reaper(self) -> None:
        if self._reaper is None and self.idle_timeout > 0:
            self._reaper = threading.Thread(target=self._reap, name="kernel-reaper", daemon=True)
            self._reaper.start()

    def _reap(self) -> None:
        while not self._stop.wait(min(30.0, max(0.05, self.idle_timeout / 4))):
            now = time.monotonic()
            with self._lock:
                idle = [
                    sid
                    for sid, kernel in self._kernels.items()
                    if now - kernel.last_used > self.idle_timeout and not kernel.lock.locked()
                ]
            for session_id in idle:
                log.info("shutting down the idle kernel of %s", session_id)
                self.close(session_id)

    def interrupt(self, session_id: str) -> None:
        """Interrupt the cell running in a session's kernel (its client went away)."""
        with self._lock:
            kernel = self._kernels.get(session_id)
        if kernel is not None and kernel.lock.locked():
            kernel.interrupt()

    def count(self) -> int:
        with self._lock:
            return len(self._kernels)

    def pid(self, session_id: str) -> int | None:
        """The kernel process id of a session, if it has a kernel."""
        with self._lock:
            kernel = self._kernels.get(session_id)
        return kernel.process.pid if kernel is not None else None

    def close(self, session_id: str) -> None:
        """Shut down a session's kernel, if it has one."""
        with self._lock:
            kernel = self._kernels.pop(session_id, None)
        if kernel is not None:
            kernel.close()

    def close_all(self) -> None:
        self._stop.set()
        with self._lock:
            kernels, self._kernels = list(self._kernels.values()), {}
        for kernel in kernels:
            kernel.close()


def _parent(message: dict[str, Any]) -> str | None:
    """The msg_id of the request an iopub message answers."""
    parent = message.get("parent_header") or {}
    return parent.get("msg_id")


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(child) for child in text.split()]


def _descendants(pid: int) -> list[int]:
    found, todo = [], _children(pid)
    while todo:
        child = todo.pop()
        found.append(child)
        todo.extend(_children(child))
    return found


def dumps(cell: Cell) -> str:
    return json.dumps(cell.answer(), ensure_ascii=False, default=str)
