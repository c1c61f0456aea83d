"""The official SDK's low-level streaming handle, kept for drop-in compatibility.

``session._get_ws_client()`` answers a ``WsClient`` whose ``call_stream`` sends one frame
``data`` (``{"method": "run_code", "mode": "stream", "params": {...}}``) and hands what comes
back to ``on_event``/``on_end``/``on_error`` callbacks, from a daemon thread; the returned
``WsStreamHandle`` can ``cancel()`` the run (closing its WebSocket, which interrupts the cell)
and ``wait_end()`` for it. It is a thin adapter over ``agb.stream`` (one connection per run);
new code should use ``session.code.stream(...)`` or ``code.run(..., stream_beta=True)``.

Example:
    >>> client = session._get_ws_client()
    >>> client.connect()
    >>> handle = client.call_stream(
    ...     target="wuying_codespace",
    ...     data={"method": "run_code", "mode": "stream",
    ...           "params": {"language": "python", "timeoutS": 60, "code": "print(1)"}},
    ...     on_event=lambda inv, data: print(data.get("chunk", ""), end=""),
    ... )
    >>> handle.wait_end()["status"]
    'finished'
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Generator
from typing import Any

import httpx

from . import stream
from .stream import StreamRun, WsCancelledError, WsConnectionClosedError, WsError

Handler = Callable[[str, Any], Any] | None
_MARGIN_S = 30.0  # beyond the run's own timeoutS, before the handle gives up


class WsStreamHandle:
    """One streamed invocation: ``cancel()`` stops it, ``wait_end()`` waits for its end."""

    def __init__(
        self, client: httpx.Client, run: StreamRun, deadline: float,
        on_event: Handler, on_end: Handler, on_error: Handler,
    ) -> None:  # fmt: skip
        self.invocation_id = run.invocation_id
        self._run, self._client, self._deadline = run, client, deadline
        self._on_event, self._on_end, self._on_error = on_event, on_end, on_error
        self._lock = threading.Lock()
        self._done = threading.Event()
        self._end: dict[str, Any] | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._pump, name="ws-run-handle", daemon=True)
        self._thread.start()

    def _pump(self) -> None:
        events = stream.iterate(self._client, self._run, self._deadline)
        assert isinstance(events, Generator)
        for event in events:
            if self._done.is_set():
                break  # cancelled: closing the generator closes the WebSocket
            if event.kind == "end" and event.payload is not None:
                self._settle(None, event.payload)
            elif event.kind == "end":
                final = event.final
                self._settle({"phase": "end", "status": "finished", "result": final}, None)
            else:
                self._call(self._on_event, _event_data(event))
        events.close()
        self._settle(None, WsConnectionClosedError("the stream stopped without an end"))

    def _settle(self, end: dict[str, Any] | None, error: BaseException | None) -> None:
        """Record the outcome once (the first of end, error or cancel wins) and report it."""
        with self._lock:
            if self._done.is_set():
                return
            self._end, self._error = end, error
            self._done.set()
        if error is None:
            self._call(self._on_end, end)
        else:
            self._call(self._on_error, error)

    def _call(self, handler: Handler, argument: Any) -> None:
        if handler is None:
            return
        try:
            handler(self.invocation_id, argument)
        except Exception:
            stream.log.warning("WsStreamHandle: a callback raised; ignored", exc_info=True)

    def cancel(self) -> None:
        """Stop the run: ``on_error`` gets a ``WsCancelledError``, ``on_end`` is never called."""
        self._settle(None, WsCancelledError(f"invocation {self.invocation_id} cancelled"))
        self._run.stopped = True  # the thread closes the WebSocket; the mock interrupts the cell

    def wait_end(self, timeout: float | None = None) -> dict[str, Any]:
        """The end frame's data; raises the run's ``WsError`` (``WsCancelledError`` if
        cancelled), or ``TimeoutError`` when ``timeout`` seconds pass first."""
        if not self._done.wait(timeout):
            raise TimeoutError(f"invocation {self.invocation_id} did not end in {timeout} s")
        if self._error is not None:
            raise self._error
        assert self._end is not None
        return self._end


def _event_data(event: stream.StreamEvent) -> dict[str, Any]:
    data: dict[str, Any] = {"phase": "event", "eventType": event.kind}
    if event.kind in ("stdout", "stderr"):
        data["chunk"] = event.text
    elif event.kind == "result":
        data["result"] = event.result
    else:
        data["error"] = event.payload
    return data


class WsClient:
    """The official SDK's ``WsClient`` surface over ``agb.stream`` (see the module docstring)."""

    def __init__(self, client: httpx.Client, ws_url: str, token: str) -> None:
        self._client, self.ws_url, self.token = client, ws_url, token

    def connect(self) -> None:
        """Check that streaming can work; each ``call_stream`` opens its own connection."""
        if not self.ws_url or not self.token:
            raise WsError("this session offers no WebSocket (no wsUrl or token)")
        if stream._ws() is None:
            raise WsError("streaming needs the httpx-ws package: pip install 'agb-sdk[stream]'")

    def close(self) -> None:
        """Nothing to release: connections live as long as their run."""

    def call_stream(
        self, target: str, data: dict[str, Any], on_event: Handler = None,
        on_end: Handler = None, on_error: Handler = None,
    ) -> WsStreamHandle:  # fmt: skip
        """Send ``data`` to ``target`` and stream the answer to the callbacks (a thread)."""
        params = data.get("params") or {}
        timeout_s = float(params.get("timeoutS") or 60)
        run = StreamRun(self.ws_url, self.token, target, str(params.get("code", "")),
                        str(params.get("language", "")), timeout_s)  # fmt: skip
        frame = {"invocationId": run.invocation_id, "source": "SDK", "target": target,
                 "data": data}  # fmt: skip
        run.request = json.dumps(frame, ensure_ascii=False, separators=(",", ":"))
        deadline = time.monotonic() + timeout_s + _MARGIN_S
        return WsStreamHandle(self._client, run, deadline, on_event, on_end, on_error)
