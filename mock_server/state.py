"""Session state: the running sessions, the ones being released asynchronously, labels, paging
tokens, each session's scratch directory and process sandbox, and idle release. One lock
guards all of it; nothing slow runs while it is held.

A session that has seen no request for its idle timeout (createSession's ``timeout`` in
seconds, else the store's default) is released with everything it started, as the service
does; a session with a tool call in progress is never idle."""

from __future__ import annotations

import base64
import binascii
import itertools
import re
import secrets
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mock_server.sandbox import Sandbox
from mock_server.wire import ApiError, invalid_parameter, session_not_found

_TOKEN = re.compile(r"^after:(\d+)$")
DEFAULT_IDLE_TIMEOUT = 1800.0


@dataclass
class Session:
    session_id: str
    image_id: str
    labels: dict[str, str]
    seq: int
    scratch: Path
    sandbox: Sandbox
    idle_timeout: float = DEFAULT_IDLE_TIMEOUT
    busy: int = 0
    created_at: float = field(default_factory=time.time)
    last_active: float = field(default_factory=time.time)
    execution_count: int = 0
    token: str = field(default_factory=lambda: secrets.token_urlsafe(24))  # the wsUrl credential
    #: Per-session state owned by other modules (the file tools' change log, context sync).
    extras: dict[str, Any] = field(default_factory=dict)

    def matches(self, wanted: dict[str, str]) -> bool:
        return all(self.labels.get(key) == value for key, value in wanted.items())


@dataclass
class Page:
    sessions: list[Session]
    next_token: str
    total: int


def encode_token(seq: int) -> str:
    return base64.urlsafe_b64encode(f"after:{seq}".encode()).decode().rstrip("=")


def decode_token(token: str) -> int:
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raw = ""
    match = _TOKEN.match(raw)
    if not match:
        raise invalid_parameter("nextToken is invalid")
    return int(match[1])


class SessionStore:
    """All sessions. Released-async ones answer DELETING ``deleting_polls`` times, then FINISH."""

    def __init__(
        self,
        scratch_parent: str | Path | None = None,
        deleting_polls: int = 1,
        idle_timeout: float = DEFAULT_IDLE_TIMEOUT,
    ) -> None:
        self.lock = threading.Lock()
        self.deleting_polls = deleting_polls
        self.idle_timeout = idle_timeout
        self._scratch_parent = scratch_parent
        self._root: Path | None = None
        self._running: dict[str, Session] = {}
        self._deleting: dict[str, tuple[Session, int]] = {}
        self._seq = itertools.count(1)
        self.on_release: list[Callable[[str], None]] = []  # called with each released session id
        self._stop = threading.Event()
        self._reaper: threading.Thread | None = None

    def _scratch_root(self) -> Path:
        with self.lock:
            if self._root is None:
                self._root = Path(tempfile.mkdtemp(prefix="agb-mock-", dir=self._scratch_parent))
            return self._root

    def create(
        self, image_id: str, labels: dict[str, str], idle_timeout: float | None = None
    ) -> Session:
        session_id = "session-" + secrets.token_hex(12)
        # Short on purpose: unix socket paths inside it (the kernel's) must stay under 108 bytes.
        scratch = Path(tempfile.mkdtemp(prefix="s", dir=self._scratch_root()))
        sandbox = Sandbox(session_id, scratch)
        idle = self.idle_timeout if idle_timeout is None else idle_timeout
        self._start_reaper()
        with self.lock:
            seq = next(self._seq)
            session = Session(session_id, image_id, dict(labels), seq, scratch, sandbox, idle)
            self._running[session_id] = session
        return session

    def get(self, session_id: str) -> Session:
        """A running session (touching its last-active time), else InvalidMcpSession.NotFound."""
        with self.lock:
            session = self._running.get(session_id)
            if session is None:
                raise session_not_found(session_id)
            session.last_active = time.time()
            return session

    @contextmanager
    def in_use(self, session: Session) -> Iterator[None]:
        """Mark ``session`` busy (never idle) while a tool call runs in it."""
        with self.lock:
            session.busy += 1
        try:
            yield
        finally:
            with self.lock:
                session.busy -= 1
                session.last_active = time.time()

    def release_idle(self, now: float | None = None) -> list[str]:
        """Release every running session idle for longer than its timeout; their ids."""
        now = time.time() if now is None else now
        with self.lock:
            idle = [
                s.session_id
                for s in self._running.values()
                if not s.busy and now - s.last_active > s.idle_timeout
            ]
        released = []
        for session_id in idle:
            try:
                self.release(session_id, wait=True)
            except ApiError:  # released meanwhile by a request
                continue
            released.append(session_id)
        return released

    def _start_reaper(self) -> None:
        with self.lock:
            if self._reaper is not None or self._stop.is_set():
                return
            self._reaper = threading.Thread(target=self._reap, name="agb-mock-idle", daemon=True)
            self._reaper.start()

    def _reap(self) -> None:
        while not self._stop.wait(min(1.0, self.idle_timeout / 4)):
            self.release_idle()

    def next_execution(self, session_id: str) -> int:
        with self.lock:
            session = self._require(session_id)
            session.execution_count += 1
            return session.execution_count

    def _require(self, session_id: str) -> Session:
        session = self._running.get(session_id)
        if session is None:
            raise session_not_found(session_id)
        return session

    def set_labels(self, session_id: str, labels: dict[str, str]) -> None:
        with self.lock:
            self._require(session_id).labels = dict(labels)

    def release(self, session_id: str, *, wait: bool) -> None:
        """Remove a running session; without ``wait`` it lingers as DELETING for getSessionInfo."""
        with self.lock:
            session = self._running.pop(session_id, None)
            if session is None:
                raise session_not_found(session_id)
            if not wait:
                self._deleting[session_id] = (session, self.deleting_polls)
        for hook in self.on_release:
            hook(session_id)
        session.sandbox.close()
        shutil.rmtree(session.scratch, ignore_errors=True)

    def status(self, session_id: str) -> str:
        with self.lock:
            if session_id in self._running:
                return "RUNNING"
            entry = self._deleting.get(session_id)
            if entry is None:
                raise session_not_found(session_id)
            session, left = entry
            if left > 0:
                self._deleting[session_id] = (session, left - 1)
                return "DELETING"
            del self._deleting[session_id]
            return "FINISH"

    def page(self, wanted: dict[str, str], limit: int, token: str | None) -> Page:
        after = decode_token(token) if token else 0
        with self.lock:
            matching = [s for s in self._running.values() if s.matches(wanted)]
        matching.sort(key=lambda s: s.seq)
        rest = [s for s in matching if s.seq > after]
        chosen = rest[:limit]
        next_token = encode_token(chosen[-1].seq) if len(rest) > limit else ""
        return Page(chosen, next_token, len(matching))

    def everything(self) -> list[tuple[Session, str]]:
        with self.lock:
            running = [(s, "RUNNING") for s in self._running.values()]
            deleting = [(s, "DELETING") for s, _ in self._deleting.values()]
        return sorted(running + deleting, key=lambda pair: pair[0].seq)

    def reset(self) -> None:
        """Forget every session, end their processes and remove every scratch directory."""
        with self.lock:
            root, self._root = self._root, None
            sessions = [*self._running.values(), *(s for s, _ in self._deleting.values())]
            self._running.clear()
            self._deleting.clear()
        for session in sessions:
            for hook in self.on_release:
                hook(session.session_id)
            session.sandbox.close()
        if root is not None:
            shutil.rmtree(root, ignore_errors=True)

    def close(self) -> None:
        """``reset``, and stop releasing idle sessions."""
        self._stop.set()
        if self._reaper is not None:
            self._reaper.join()
        self.reset()
