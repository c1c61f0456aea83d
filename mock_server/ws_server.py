"""The mock's WebSocket edge: each session's ``wsUrl`` (``ws://127.0.0.1:<port>/ws/<session id>``).

The client authenticates with the ``X-Access-Token`` header (the session's ``token`` from
createSession/getSession) and speaks the service's framing: it sends
``{"invocationId", "source": "SDK", "target", "data": {"method": "run_code", "mode": "stream",
"params": {"language", "timeoutS", "code"}}}`` and receives, for that invocation, frames whose
``data.phase`` is ``event`` (``eventType`` ``stdout``/``stderr`` with ``chunk``, ``result`` with
``result: {"mime", "isMainResult"}``, ``error`` with ``error: {"code", "message", "traceId"}``),
then one ``end`` (``executionCount``, ``executionTime``, ``executionError``, ``status``), or one
``error`` phase when the request itself is wrong. Outputs are pushed as the kernel emits them.

A client that goes away mid-cell interrupts the cell, so no kernel keeps running for nobody.

Built on the ``websockets`` package's threaded server (the ``mock-ws`` extra): it is small, has
no dependencies, and does the handshake, ping/pong, fragmentation and close handshake of
RFC 6455 correctly, which a hand-written server would have to re-prove.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import logging
import socket
import threading
from http import HTTPStatus
from typing import TYPE_CHECKING, Any

from mock_server.wire import ApiError

if TYPE_CHECKING:
    from mock_server.service import MockService

log = logging.getLogger("mock_server.ws")
PREFIX = "/ws/"


def available() -> bool:
    """True when the ``websockets`` package is installed."""
    return importlib.util.find_spec("websockets") is not None


class _Invocation:
    """One streamed run_code: sends its frames, notices when the client has gone."""

    def __init__(self, connection: Any, invocation_id: str, target: str) -> None:
        self.connection = connection
        self.invocation_id = invocation_id
        self.target = target
        self.gone = False
        self.streamed = False

    def send(self, data: dict[str, Any]) -> None:
        if self.gone:
            return
        frame = {"invocationId": self.invocation_id, "source": self.target, "target": "SDK",
                 "data": data}  # fmt: skip
        try:
            self.connection.send(json.dumps(frame, ensure_ascii=False, separators=(",", ":")))
        except Exception:  # closed under us: stop sending, the caller interrupts the cell
            self.gone = True

    def event(self, kind: str, payload: Any) -> None:
        self.streamed = True
        data: dict[str, Any] = {"phase": "event", "eventType": kind}
        if kind in ("stdout", "stderr"):
            data["chunk"] = payload
        elif kind == "result":
            mime = {k: v for k, v in payload.items() if k != "isMainResult"}
            data["result"] = {"mime": mime, "isMainResult": bool(payload.get("isMainResult"))}
        else:
            data["error"] = payload
        self.send(data)


class WsServer:
    """Serves every session's ``wsUrl`` for ``service`` on a loopback port, in a thread."""

    def __init__(self, service: MockService, host: str = "127.0.0.1", port: int = 0) -> None:
        from websockets.sync.server import serve

        self.service = service
        self._server = serve(
            self._handle, host, port, process_request=self._check, compression=None,
            ping_interval=None,
        )  # fmt: skip
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.socket.getsockname()[:2]
        return f"ws://{host}:{port}"

    def start(self) -> WsServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        if self._thread.is_alive():
            self._thread.join(timeout=10)

    def _check(self, connection: Any, request: Any) -> Any:
        """Refuse the handshake for an unknown session or a wrong token."""
        session_id = request.path.removeprefix(PREFIX) if request.path.startswith(PREFIX) else ""
        try:
            session = self.service.store.get(session_id)
        except ApiError:
            return connection.respond(HTTPStatus.NOT_FOUND, f"no session {session_id}\n")
        if request.headers.get("X-Access-Token") != session.token:
            return connection.respond(HTTPStatus.UNAUTHORIZED, "invalid X-Access-Token\n")
        connection.session_id = session_id
        return None

    def _handle(self, connection: Any) -> None:
        with contextlib.suppress(OSError):
            connection.socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        runs: list[tuple[threading.Thread, _Invocation]] = []
        try:
            for raw in connection:
                runs.append(self._start(connection, raw))
        except Exception as exc:  # the connection dropped; what ran for it is stopped below
            log.debug("ws connection closed: %s", exc)
        for thread, invocation in runs:
            if thread.is_alive():
                invocation.gone = True
                self._interrupt(connection.session_id)
            thread.join()

    def _start(self, connection: Any, raw: str | bytes) -> tuple[threading.Thread, _Invocation]:
        try:
            message = json.loads(raw)
            invocation_id = str(message.get("invocationId") or "")
            target = str(message.get("target") or "")
            data = message.get("data") or {}
        except (ValueError, AttributeError):
            message, invocation_id, target, data = None, "", "", {}
        invocation = _Invocation(connection, invocation_id, target)
        thread = threading.Thread(
            target=self._run,
            args=(connection.session_id, invocation, data),
            daemon=True,
            name=f"ws-run-{invocation_id[:12]}",
        )
        thread.start()
        return thread, invocation

    def _run(self, session_id: str, invocation: _Invocation, data: Any) -> None:
        if not invocation.invocation_id or not isinstance(data, dict):
            invocation.send({"phase": "error", "error": "invalid frame: need invocationId, data"})
            return
        if data.get("method") != "run_code":
            invocation.send({"phase": "error", "error": f"unknown method {data.get('method')!r}"})
            return
        params: dict[str, Any] = data["params"] if isinstance(data.get("params"), dict) else {}
        args = {"code": params.get("code"), "language": params.get("language", "python"),
                "timeout_s": params.get("timeoutS", 60)}  # fmt: skip
        try:
            session = self.service.store.get(session_id)
            text, failed = self.service.operations.tools.run_cell(session, args, invocation.event)
        except (ApiError, ValueError) as exc:
            invocation.send({"phase": "error", "error": str(exc)})
            return
        if failed:
            invocation.send({"phase": "error", "error": text})
            return
        self._finish(invocation, json.loads(text))

    def _finish(self, invocation: _Invocation, answer: dict[str, Any]) -> None:
        if not invocation.streamed:  # a process-per-cell run: its outputs come at the end
            for kind in ("stdout", "stderr"):
                for chunk in answer.get(kind) or []:
                    invocation.event(kind, chunk)
            for item in answer.get("result") or []:
                invocation.event("result", item)
        error = answer.get("executionError")
        invocation.send({
            "phase": "end",
            "executionCount": answer.get("execution_count"),
            "executionTime": answer.get("execution_time", 0.0),
            "executionError": error,
            "status": "failed" if error else "completed",
        })  # fmt: skip

    def _interrupt(self, session_id: str) -> None:
        kernels = self.service.operations.tools.kernels
        if kernels is not None:
            kernels.interrupt(session_id)
