"""Streamed code runs over the session's WebSocket (``wsUrl``, authenticated by ``token``).

``StreamRun`` is the protocol, without I/O: the frame to send, and what each received frame
means (``StreamEvent``s, then the final result, built exactly as a non-streamed run's). The two
I/O edges, ``iterate`` (sync) and ``aiterate`` (async), only connect, send, and feed received
text to it. ``deliver`` hands events to the ``on_stdout``/``on_stderr``/``on_error`` callbacks
of ``code.run(..., stream_beta=True)``; a callback that raises is logged and skipped.

The WebSocket client is ``httpx-ws`` (the ``agb-sdk[stream]`` extra), imported on first use: it
rides on the SDK's own ``httpx`` client, so proxies, custom transports and limits apply to the
WebSocket too. One connection per streamed run; it is closed when the run ends or the caller
stops iterating.
"""

from __future__ import annotations

import json
import logging
import queue
import time
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import httpx

from . import _translate
from ._record import Record
from .results import EnhancedCodeExecutionResult, ExecutionError, ExecutionResult

log = logging.getLogger("agb")
DEFAULT_TARGET = "wuying_codespace"
_POLL_S = 0.2
_NAME = "Failed to run code"  # the official leading words of a failed run


class WsError(Exception):
    """Base of the streaming errors (the official ``agb.modules.ws.exceptions`` names)."""


class WsProtocolError(WsError):
    """A frame that does not follow the streaming protocol."""


class WsHandshakeRejectedError(WsError):
    """The service refused the WebSocket connection."""


class WsConnectionClosedError(WsError):
    """The connection closed before the run ended."""


class WsRemoteError(WsError):
    """The service reported an error for the run."""


class WsCancelledError(WsError):
    """The caller stopped the run."""


class StreamError(WsError):
    """Why a streamed run failed (passed to ``on_error``; never raised to the caller)."""


class StreamEvent(Record):
    """One thing a streamed run produced, in order.

    ``kind`` is ``"stdout"`` or ``"stderr"`` (``text`` is the chunk), ``"result"`` (``result``
    is a rich output: the cell's value when ``result.is_main_result``), ``"error"`` (``error``
    is what the code raised, ``payload`` the service's error object), or ``"end"``, always
    last, whose ``final`` is the whole ``EnhancedCodeExecutionResult``.
    """

    __slots__ = ("kind", "text", "result", "error", "payload", "final")

    def __init__(
        self, kind: str, text: str = "", result: ExecutionResult | None = None,
        error: ExecutionError | None = None, payload: Any = None,
        final: EnhancedCodeExecutionResult | None = None,
    ) -> None:  # fmt: skip
        self.kind = kind
        self.text = text
        self.result = result
        self.error = error
        self.payload = payload
        self.final = final


class StreamRun:
    """The state of one streamed run: feed it each received text frame."""

    def __init__(
        self, ws_url: str, token: str, target: str, code: str, language: str, timeout_s: float
    ) -> None:
        self.ws_url = ws_url
        self.token = token
        self.invocation_id = uuid.uuid4().hex
        params = {"language": language, "timeoutS": timeout_s, "code": code}
        frame = {"invocationId": self.invocation_id, "source": "SDK", "target": target,
                 "data": {"method": "run_code", "mode": "stream", "params": params}}  # fmt: skip
        self.request = json.dumps(frame, ensure_ascii=False, separators=(",", ":"))
        self.stdout: list[str] = []
        self.stderr: list[str] = []
        self.items: list[dict[str, Any]] = []
        self.final: EnhancedCodeExecutionResult | None = None
        self.refused = ""  # set when the run must not even start
        self.stopped = False  # set from another thread: the sync edge closes the WebSocket

    def feed(self, raw: str | bytes) -> list[StreamEvent]:
        """The events of one received frame (frames of other invocations are ignored)."""
        try:
            message = json.loads(raw)
            data = message.get("data")
            if isinstance(data, str):
                data = json.loads(data)
        except (ValueError, AttributeError):
            return [self.fail(f"the service sent a frame that is not a JSON object: {raw!r:.200}")]
        if not isinstance(data, dict):
            return [self.fail("the service sent a frame without a data object")]
        if (message.get("invocationId") or message.get("requestId")) != self.invocation_id:
            return []
        phase = data.get("phase")
        if (isinstance(data.get("error"), str) and data["error"]) or phase == "error":
            return [self.fail(f"the service refused the run: {data.get('error') or data}")]
        if phase == "event":
            return self._event(data)
        if phase == "end":
            return [self._end(data)]
        return [self.fail(f"the service sent an unknown phase {phase!r}")]

    def _event(self, data: dict[str, Any]) -> list[StreamEvent]:
        kind = data.get("eventType")
        if kind in ("stdout", "stderr") and isinstance(data.get("chunk"), str):
            (self.stdout if kind == "stdout" else self.stderr).append(data["chunk"])
            return [StreamEvent(kind, text=data["chunk"])]
        if kind == "result":
            payload = data.get("result")
            item: dict[str, Any] = {"text/plain": str(payload)}
            if isinstance(payload, dict) and isinstance(payload.get("mime"), dict):
                item = {**payload["mime"], "isMainResult": bool(payload.get("isMainResult"))}
            self.items.append(item)
            return [StreamEvent("result", result=_translate.execution_result(item))]
        if kind == "error":
            payload = data.get("error") or data
            name = str(payload.get("code") or "Error") if isinstance(payload, dict) else "Error"
            value = str(payload.get("message") or "") if isinstance(payload, dict) else str(payload)
            return [StreamEvent("error", error=ExecutionError(name, value), payload=payload)]
        return []

    def _end(self, data: dict[str, Any]) -> StreamEvent:
        error = data.get("executionError") or (
            "ExecutionError: the run failed" if data.get("status") == "failed" else None
        )
        answer = {"result": self.items, "stdout": self.stdout, "stderr": self.stderr,
                  "executionError": error, "execution_count": data.get("executionCount"),
                  "execution_time": data.get("executionTime") or 0.0}  # fmt: skip
        self.final = _translate.code_result(self.invocation_id, True, json.dumps(answer), _NAME)
        return StreamEvent("end", final=self.final)

    def fail(self, why: str) -> StreamEvent:
        """End the run as failed, keeping the output received so far."""
        self.final = _translate.code_result(
            self.invocation_id, False, json.dumps({"stdout": self.stdout, "stderr": self.stderr,
                                                   "result": self.items, "executionError": why}),
            _NAME,
        )  # fmt: skip
        self.final.error = None
        self.final.error_message = f"{_NAME}: {why}"
        return StreamEvent("end", payload=StreamError(why), final=self.final)


def _headers(run: StreamRun) -> dict[str, str]:
    return {"X-Access-Token": run.token}


def _ws() -> Any:
    try:
        import httpx_ws
    except ImportError:
        return None
    return httpx_ws


def _refusal(run: StreamRun) -> str:
    """Why the run cannot even start, or ``""``."""
    if run.refused:
        return run.refused
    if not run.ws_url or not run.token:
        return "this session offers no WebSocket (no wsUrl or token): run without stream_beta"
    if _ws() is None:
        return "streaming needs the httpx-ws package: pip install 'agb-sdk[stream]'"
    return ""


def iterate(client: httpx.Client, run: StreamRun, deadline: float) -> Iterator[StreamEvent]:
    """Connect, send the run, and yield its events until ``end`` (sync edge)."""
    refusal = _refusal(run)
    if refusal:
        yield run.fail(refusal)
        return
    httpx_ws = _ws()
    try:
        with httpx_ws.connect_ws(run.ws_url, client, headers=_headers(run)) as ws:
            ws.send_text(run.request)
            while run.final is None and not run.stopped:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError("no end of the run before the deadline")
                try:  # short waits, so that ``stopped`` is seen soon
                    text = ws.receive_text(timeout=min(left, _POLL_S))
                except queue.Empty:
                    continue
                yield from run.feed(text)
    except Exception as exc:  # the network or the service: the run fails, the caller goes on
        if run.final is None:
            yield run.fail(_why(exc))


async def aiterate(
    client: httpx.AsyncClient, run: StreamRun, deadline: float
) -> AsyncIterator[StreamEvent]:
    """Connect, send the run, and yield its events until ``end`` (async edge)."""
    refusal = _refusal(run)
    if refusal:
        yield run.fail(refusal)
        return
    httpx_ws = _ws()
    try:
        async with httpx_ws.aconnect_ws(run.ws_url, client, headers=_headers(run)) as ws:
            await ws.send_text(run.request)
            while run.final is None:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError("no end of the run before the deadline")
                for event in run.feed(await ws.receive_text(timeout=left)):
                    yield event
    except Exception as exc:
        if run.final is None:
            yield run.fail(_why(exc))


def _why(exc: Exception) -> str:
    status = getattr(getattr(exc, "response", None), "status_code", None)
    if status is not None:
        return f"the WebSocket handshake was refused with HTTP {status}"
    return f"the WebSocket stream failed: {type(exc).__name__}: {exc}"


Callback = Callable[[Any], Any] | None


def deliver(
    event: StreamEvent, on_stdout: Callback, on_stderr: Callback, on_error: Callback
) -> None:
    """Pass one event to the caller's callbacks; a callback that raises is logged and skipped."""
    if event.kind == "stdout":
        callback, argument = on_stdout, event.text
    elif event.kind == "stderr":
        callback, argument = on_stderr, event.text
    elif event.kind == "error" or (event.kind == "end" and event.payload is not None):
        callback, argument = on_error, event.payload
    else:
        return
    if callback is None:
        return
    try:
        callback(argument)
    except Exception:
        log.warning("Code.run: the %s callback raised; the run goes on", event.kind, exc_info=True)
