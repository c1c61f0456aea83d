"""Hostile little HTTP servers on loopback, for the SDK's hard limits (deadline, size, types).

Raw sockets, one thread per connection, every answer ``Connection: close``. A behaviour is a
function ``(conn, path, body) -> None`` that writes whatever it likes to the socket; the server
records each request and how many bytes it managed to send before the client hung up.
"""

from __future__ import annotations

import copy
import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

Behaviour = Callable[["Conn", str, bytes], None]
TRICKLE_S = 0.5


class Conn:
    """One accepted connection; ``send`` counts bytes and gives up once the server stops."""

    def __init__(self, sock: socket.socket, server: LoopbackServer) -> None:
        self.sock = sock
        self.server = server

    def send(self, data: bytes) -> None:
        self.sock.sendall(data)
        with self.server.lock:
            self.server.sent += len(data)

    def trickle(self, data: bytes) -> None:
        """Send ``data`` one byte every ``TRICKLE_S`` seconds."""
        for i in range(len(data)):
            if self.server.stopping.wait(TRICKLE_S):
                return
            self.send(data[i : i + 1])

    def wait_for_hangup(self, limit_s: float = 30.0) -> None:
        """Send nothing until the client closes the connection (or ``limit_s`` passes)."""
        self.sock.settimeout(0.2)
        end = time.monotonic() + limit_s
        while time.monotonic() < end and not self.server.stopping.is_set():
            try:
                if not self.sock.recv(1024):
                    return
            except TimeoutError:
                continue
            except OSError:
                return


class LoopbackServer:
    def __init__(self, behaviour: Behaviour) -> None:
        self.behaviour = behaviour
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        self.requests: list[tuple[str, bytes]] = []
        self.sent = 0
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.threads: list[threading.Thread] = []

    def paths(self) -> list[str]:
        with self.lock:
            return [path for path, _ in self.requests]

    def serve(self) -> None:
        self.listener.settimeout(0.2)
        while not self.stopping.is_set():
            try:
                sock, _ = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            thread = threading.Thread(target=self._handle, args=(sock,), daemon=True)
            self.threads.append(thread)
            thread.start()

    def _handle(self, sock: socket.socket) -> None:
        with sock:
            try:
                path, body = _read_request(sock)
                with self.lock:
                    self.requests.append((path, body))
                self.behaviour(Conn(sock, self), path, body)
            except OSError:
                pass  # the client hung up: what these tests want it to do


def _read_request(sock: socket.socket) -> tuple[str, bytes]:
    sock.settimeout(10)
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("closed before the request was complete")
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    length = 0
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "content-length":
            length = int(value)
    while len(body) < length:
        body += sock.recv(65536)
    path = lines[0].split(" ")[1].split("?")[0]
    return path, body


@contextmanager
def serving(behaviour: Behaviour) -> Iterator[LoopbackServer]:
    server = LoopbackServer(behaviour)
    thread = threading.Thread(target=server.serve, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.stopping.set()
        server.listener.close()
        thread.join(5)
        for handler in server.threads:
            handler.join(5)


def head(status: int = 200, length: int | None = None, extra: str = "") -> bytes:
    size = f"Content-Length: {length}\r\n" if length is not None else ""
    return (
        f"HTTP/1.1 {status} OK\r\nContent-Type: application/json\r\n{size}{extra}"
        "Connection: close\r\n\r\n"
    ).encode()


def envelope(data: Any = None, **fields: Any) -> dict[str, Any]:
    return {"success": True, "code": "ok", "message": "", "requestId": "RID-LOOP",
            "httpStatusCode": 200, "data": data, **fields}  # fmt: skip


def spoiled(valid: dict[str, Any], path: str, where: list[Any], value: Any) -> dict[str, Any]:
    """The route ``path`` of ``valid`` answering its document with the field at ``where`` (a
    list of keys and indexes) replaced by ``value``."""
    doc = copy.deepcopy(valid[path])
    target = doc
    for key in where[:-1]:
        target = target[key]
    target[where[-1]] = value
    return {path: doc}


def answering(routes: dict[str, Any], delays: dict[str, float] | None = None) -> Behaviour:
    """Answer each path with its JSON document (404 for any other path), some after a delay."""

    def behave(conn: Conn, path: str, body: bytes) -> None:
        if delays and path in delays:
            conn.server.stopping.wait(delays[path])
        if path not in routes:
            conn.send(head(404, 0))
            return
        payload = json.dumps(routes[path]).encode()
        conn.send(head(200, len(payload)) + payload)

    return behave
