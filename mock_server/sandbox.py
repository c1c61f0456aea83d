"""A session's sandbox: every process the session's code, shell commands or kernel start
belongs to it, sees the session's files at the session's paths, and ends with it.

Two ways to hold the processes, chosen once per mock process (``AGB_MOCK_SANDBOX=namespace`` or
``sweep`` forces one):

- ``namespace`` (Linux, root, util-linux ``unshare``/``nsenter``/``mount``): the session gets
  its own PID and mount namespace, whose init is a tiny reaper started at the session's first
  process. Every command is entered into it with ``nsenter``, so children, double-forked and
  ``setsid`` daemons included, are members; closing the sandbox ends the init and the kernel
  kills everything in the namespace. The init also exits when the mock dies, even by SIGKILL
  (it watches a pipe only the mock holds). In the mount namespace each of
  ``session_fs.SESSION_DIRS`` is the session's own directory (``/tmp``, ``/home``, ...).
- ``sweep`` (anywhere else): processes run on the host's file system in the session's host
  directories, carry a per-sandbox marker variable, and closing kills the process groups
  started, every process whose environment carries the marker and every descendant of those
  (``/proc`` walk, repeated until none is left). Code that clears its environment and
  re-parents away escapes this; on systems without ``/proc`` only the process groups are killed.

``Sandbox(session_id, scratch).run(argv, cwd, env, timeout)`` runs a one-shot command,
``popen``/``wrap`` start a long-lived one, ``close()`` ends them all.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import secrets
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from mock_server import runner, session_fs

log = logging.getLogger("mock_server.sandbox")
MARKER = "AGB_MOCK_SANDBOX"
NAMESPACE, SWEEP = "namespace", "sweep"

# The namespace's init (PID 1). It builds the session's root on a tmpfs at argv[2]: every
# top-level host directory bound in, except the session's own (argv[3], comma-separated), then
# the (flags, source, target) binds that follow; it chroots there, says ready, and reaps
# orphans until the mock closes (or loses) the pipe whose read end is argv[1]. The host's own
# file system is never changed.
_INIT = r"""
import os, select, subprocess, sys
keep, root, own, binds = int(sys.argv[1]), sys.argv[2], sys.argv[3].split(","), sys.argv[4:]
def bind(flags, source, target):
    os.makedirs(target, exist_ok=True)
    subprocess.run(["mount", "--rbind", *flags.split(), source, target], check=True)
for flags, source, target in zip(binds[::3], binds[1::3], binds[2::3]):
    if not target.startswith(root + "/"):
        bind(flags, source, target)
subprocess.run(["mount", "-t", "tmpfs", "agb-sandbox", root], check=True)
for entry in sorted(os.listdir("/")):
    host, inside = "/" + entry, root + "/" + entry
    if entry in own:
        continue
    if os.path.islink(host):
        os.symlink(os.readlink(host), inside)
    elif os.path.isdir(host):
        bind("", host, inside)
for flags, source, target in zip(binds[::3], binds[1::3], binds[2::3]):
    if target.startswith(root + "/"):
        bind(flags, source, target)
os.chroot(root)
os.chdir("/")
print("ready", flush=True)
while True:
    try:
        while os.waitpid(-1, os.WNOHANG)[0]:
            pass
    except ChildProcessError:
        pass
    if select.select([keep], [], [], 1.0)[0] and not os.read(keep, 1):
        break
"""


@functools.cache
def mode() -> str:
    """The containment this machine allows (see the module docstring)."""
    forced = os.environ.get(MARKER, "")
    if forced in (NAMESPACE, SWEEP):
        return forced
    tools = [shutil.which(name) for name in ("unshare", "nsenter", "mount")]
    if not sys.platform.startswith("linux") or os.geteuid() != 0 or None in tools:
        return SWEEP
    try:
        probe = subprocess.run(
            ["unshare", "--pid", "--fork", "--mount", "--kill-child", "true"],
            capture_output=True,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return SWEEP
    return NAMESPACE if probe.returncode == 0 else SWEEP


def base_env(home: str, tmp: str, extra: dict[str, str] | None = None) -> dict[str, str]:
    """A small environment that leaks nothing of the server's, plus ``extra``."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/local/bin:/usr/bin:/bin"),
        "HOME": home,
        "TMPDIR": tmp,
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
    }
    env.update(extra or {})
    return env


def _host_dependencies() -> list[str]:
    """Host paths the sandboxed tools need (the interpreter, this package, node)."""
    paths = {sys.prefix, sys.base_prefix, str(Path(__file__).resolve().parent)}
    paths.add(str(Path(os.path.realpath(sys.executable)).parent.parent))
    node = shutil.which("node")
    if node:
        paths.add(str(Path(os.path.realpath(node)).parent.parent))
    return sorted(paths)


class SandboxClosedError(RuntimeError):
    """The session's sandbox was closed (the session is gone)."""


class SandboxStartError(RuntimeError):
    """The session's namespace could not be set up."""


class Sandbox:
    """The processes of one session. Thread-safe; the namespace starts with the first process.

    >>> box = Sandbox("session-1", scratch)  # doctest: +SKIP
    >>> box.run(["sh", "-c", "echo $HOME"], "/home/user", {}, timeout=5).stdout  # doctest: +SKIP
    '/home/user\\n'
    >>> box.close()  # doctest: +SKIP
    """

    def __init__(self, session_id: str, scratch: Path, *, containment: str | None = None) -> None:
        self.session_id = session_id
        self.scratch = scratch
        session_fs.prepare(scratch)
        self.mode = containment or mode()
        self.token = f"{session_id}-{secrets.token_hex(6)}"
        self._lock = threading.Lock()
        self._closed = False
        self._init: subprocess.Popen[bytes] | None = None
        self._init_pid = 0
        self._keep_fd: int | None = None
        self._groups: set[int] = set()

    # -- the session's view ------------------------------------------------------------------

    @property
    def session_view(self) -> bool:
        """True when processes see session paths (``/tmp``, ``/home/user``) as the session's."""
        return self.mode == NAMESPACE

    def path(self, session_path: str) -> str:
        """How a process in this sandbox names ``session_path`` (host path without namespace)."""
        normal = session_fs.normalize(session_path)
        if self.session_view:
            return normal
        try:
            return str(session_fs.to_host(self.scratch, normal))
        except ValueError:  # outside the session's directories: the host's own path
            return normal

    def env(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        """The environment of a sandboxed process: minimal, session HOME and TMPDIR, marker."""
        env = base_env(self.path(session_fs.HOME), self.path("/tmp"), extra)
        env[MARKER] = self.token
        return env

    # -- starting processes -----------------------------------------------------------------

    def wrap(self, argv: list[str], cwd: str = session_fs.HOME) -> list[str]:
        """``argv`` prefixed so that it runs inside the sandbox with session working dir ``cwd``.

        The result must be started with the environment from :meth:`env`.
        """
        if not self.session_view:
            return list(argv)
        try:
            pid = self._ensure_namespace()
        except SandboxStartError as exc:  # the probe passed but this machine refuses a mount
            log.warning("session %s falls back to the sweep sandbox: %s", self.session_id, exc)
            self.mode = SWEEP
            return list(argv)
        return [
            "nsenter",
            f"--target={pid}",
            "--pid",
            "--mount",
            "--root",
            f"--wdns={cwd}",
            "--",
            *argv,
        ]

    def popen(
        self,
        argv: list[str],
        cwd: str = session_fs.HOME,
        env: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> subprocess.Popen[bytes]:
        """Start a long-lived process in the sandbox (its own process group), for example a
        kernel. ``env`` is added to :meth:`env`; other arguments go to ``subprocess.Popen``."""
        command = self.wrap(argv, session_fs.normalize(cwd))
        host_cwd = "/" if self.session_view else self.path(cwd)
        with self._lock:
            if self._closed:
                raise SandboxClosedError(f"session {self.session_id} is closed")
            proc: subprocess.Popen[bytes] = subprocess.Popen(
                command, cwd=host_cwd, env=self.env(env), start_new_session=True, **kwargs
            )
            self._groups.add(proc.pid)
        return proc

    def run(
        self,
        argv: list[str],
        cwd: str = session_fs.HOME,
        env: dict[str, str] | None = None,
        timeout: float = 60.0,
        cap: int = runner.OUTPUT_CAP,
    ) -> runner.Outcome:
        """Run a one-shot command; it returns when the command's own process exits."""
        proc = self.popen(
            argv, cwd, env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        try:
            return runner.collect(proc, timeout, cap)
        finally:
            with self._lock:
                self._groups.discard(proc.pid)

    # -- the namespace ----------------------------------------------------------------------

    def _ensure_namespace(self) -> int:
        with self._lock:
            if self._closed:
                raise SandboxClosedError(f"session {self.session_id} is closed")
            if self._init is None:
                self._start_namespace()
            return self._init_pid

    def _binds(self) -> list[str]:
        """(flags, source, target) triples: host dependencies hidden by a session directory
        (put back read-only at their path inside it), then the session's directories."""
        root = session_fs.fs_root(self.scratch)
        triples: list[str] = []
        for dependency in _host_dependencies():
            top = Path(dependency).parts[1:2]
            if top and top[0] in session_fs.SESSION_DIRS:
                triples += ["-o ro", dependency, str(root / dependency.lstrip("/"))]
        new_root = self._new_root()
        for name in session_fs.SESSION_DIRS:
            triples += ["", str(root / name), f"{new_root}/{name}"]
        return triples

    def _new_root(self) -> str:
        path = self.scratch / "root"
        path.mkdir(exist_ok=True)
        return str(path)

    def _start_namespace(self) -> None:
        read_end, self._keep_fd = os.pipe()
        try:
            self._init = subprocess.Popen(
                [
                    *("unshare", "--pid", "--fork", "--mount", "--kill-child"),
                    *(sys.executable, "-I", "-c", _INIT, str(read_end), self._new_root()),
                    ",".join(session_fs.SESSION_DIRS),
                    *self._binds(),
                ],
                cwd="/",
                env=base_env("/", "/tmp"),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                pass_fds=(read_end,),
                start_new_session=True,
            )
        finally:
            os.close(read_end)
        assert self._init.stdout is not None and self._init.stderr is not None
        ready = self._init.stdout.readline()
        self._init.stdout.close()
        if ready.strip() != b"ready":
            self._init.wait()
            message = self._init.stderr.read().decode(errors="replace").strip()
            self._init.stderr.close()
            self._end_namespace()
            raise SandboxStartError(f"the session's namespace did not start: {message}")
        self._init.stderr.close()
        self._init_pid = _child_of(self._init.pid)

    def _end_namespace(self) -> None:
        if self._keep_fd is not None:
            os.close(self._keep_fd)  # the init sees EOF, exits, and the kernel kills the rest
            self._keep_fd = None
        if self._init is not None:
            try:
                self._init.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._init.kill()  # --kill-child: the init dies with unshare
                self._init.wait()

    # -- the end ----------------------------------------------------------------------------

    def close(self) -> None:
        """End every process of the session; later ``run``/``popen`` raise SandboxClosedError."""
        with self._lock:
            self._closed = True
            groups, self._groups = set(self._groups), set()
        for group in groups:
            runner.kill_group(group)
        with self._lock:
            self._end_namespace()
        sweep(self.token, groups)


def _child_of(pid: int) -> int:
    """The host pid of ``unshare``'s one child (the namespace's init)."""
    with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as handle:
        return int(handle.read().split()[0])


def _processes() -> dict[int, tuple[int, bytes]]:
    """pid -> (parent pid, environment) of every live, readable process; {} without /proc."""
    try:
        names = [name for name in os.listdir("/proc") if name.isdigit()]
    except OSError:
        return {}
    table: dict[int, tuple[int, bytes]] = {}
    for name in names:
        try:
            with open(f"/proc/{name}/stat", "rb") as handle:
                fields = handle.read().rpartition(b")")[2].split()
            with open(f"/proc/{name}/environ", "rb") as handle:
                environ = handle.read()
        except OSError:
            continue
        if fields[0] not in (b"Z", b"X"):  # the dead need no killing (only reaping)
            table[int(name)] = (int(fields[1]), environ)
    return table


def _carrying(table: dict[int, tuple[int, bytes]], token: str) -> set[int]:
    needle = f"{MARKER}={token}".encode()
    return {pid for pid, (_, environ) in table.items() if needle in environ.split(b"\0")}


def members(token: str) -> set[int]:
    """The live processes whose environment carries ``MARKER=token`` (Linux; else empty)."""
    return _carrying(_processes(), token)


def sweep(token: str, roots: Iterable[int] = ()) -> int:
    """Kill every process whose environment carries ``MARKER=token``, and their descendants
    and those of ``roots``, until none is left; return how many were killed."""
    killed = 0
    own = os.getpid()
    for _ in range(20):  # a process may fork while we sweep: go again until nothing is found
        table = _processes()
        # A root counts while it is still our child: a reaped root's pid may be reused.
        doomed = _carrying(table, token) | {p for p in roots if table.get(p, (0,))[0] == own}
        grew = True
        while grew:
            children = {pid for pid, (parent, _) in table.items() if parent in doomed}
            grew = not children <= doomed
            doomed |= children
        doomed.discard(own)
        for pid in doomed:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)
        if not doomed:
            break
        killed += len(doomed)
    return killed
