"""Running code in a session: ``session.code.run(code, language, timeout_s=60)``.

Goes through the ``run_code`` MCP tool. The service runs the code like a notebook cell and
answers stdout, stderr, rich results and the error, if any. With ``stream_beta=True`` (or
``session.code.stream(...)``) the output arrives as it is printed, over the session's
WebSocket (see ``stream.py``); the final result has the same shape either way.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING, Any

from . import _translate
from ._plan import Plan, Steps, check_timeout, operation
from .errors import require_str
from .mcp import run_tool, tool_call
from .results import EnhancedCodeExecutionResult

if TYPE_CHECKING:
    from .stream import Callback, StreamEvent, StreamRun
    from .transport import AsyncTransport, SyncTransport

LANGUAGES = {"python": "python", "py": "python", "python3": "python", "javascript": "javascript",
             "js": "javascript", "node": "javascript", "nodejs": "javascript", "java": "java",
             "r": "r"}  # fmt: skip
_MARGIN_MS = 30_000  # the request must outlive the code's own timeout


class _CodeOps:
    __slots__ = ("_session_id", "_transport", "_session")

    def __init__(self, session_id: str, transport: Any, session: Any = None) -> None:
        self._session_id = session_id
        self._transport = transport
        self._session = session  # its wsUrl, token and tool list, for streamed runs

    @operation
    def _run(
        self, code: str, language: str, timeout_s: float = 60, *, timeout_ms: float | None = None
    ) -> Plan[EnhancedCodeExecutionResult]:
        lang = _check(code, language, timeout_s)
        if not lang:
            return Plan("Code.run", EnhancedCodeExecutionResult, _unsupported(language), timeout_ms)
        args = {"code": code, "language": lang, "timeout_s": timeout_s}
        call = tool_call(self._session_id, "run_code", args)
        steps = _run_steps(call)
        return Plan(
            "Code.run",
            EnhancedCodeExecutionResult,
            steps,
            timeout_ms,
            timeout_s * 1000 + _MARGIN_MS,
        )

    def _stream_run(
        self, code: str, language: str, timeout_s: float, timeout_ms: float | None
    ) -> tuple[StreamRun, float]:
        """The streamed run and its deadline (``time.monotonic()``)."""
        from . import stream  # on first use: ``import agb`` stays as light as before

        lang = _check(code, language, timeout_s)
        limit = check_timeout(timeout_ms) or timeout_s * 1000 + _MARGIN_MS
        session = self._session
        tools = getattr(session, "tool_list", ())
        servers = [t.server for t in tools if t.name == "run_code" and t.server]
        target = servers[0] if servers else stream.DEFAULT_TARGET
        ws_url, token = getattr(session, "ws_url", ""), getattr(session, "token", "")
        run = stream.StreamRun(ws_url, token, target, code, lang, timeout_s)
        run.refused = "" if lang else unsupported(language)
        return run, time.monotonic() + limit / 1000


def _run_steps(call: Any) -> Steps[EnhancedCodeExecutionResult]:
    reply, ok, answer = yield from run_tool(call)
    if not reply.ok:
        return EnhancedCodeExecutionResult(reply.request_id, error_message=reply.error)
    return _translate.code_result(reply.request_id, ok, answer, "Code.run")


def _check(code: object, language: object, timeout_s: object) -> str:
    """Validate a run's arguments; the service's name for the language, ``""`` if it has none
    (a failed result, as the service's set of languages is not a programming error)."""
    require_str("code", code, allow_empty=True)
    require_str("language", language)
    if isinstance(timeout_s, bool) or not isinstance(timeout_s, (int, float)) or timeout_s <= 0:
        raise ValueError(f"timeout_s must be a number of seconds > 0, got {timeout_s!r}")
    assert isinstance(language, str)
    return LANGUAGES.get(language.strip().lower(), "")


def unsupported(language: str) -> str:
    return (
        f"Unsupported language: {language}. Supported languages are java, javascript, python, r "
        "(aliases py, python3, js, node, nodejs)"
    )


def _unsupported(language: str) -> Steps[EnhancedCodeExecutionResult]:
    return EnhancedCodeExecutionResult(error_message=unsupported(language))
    yield  # a plan that makes no call


_RUN_DOC = """Run ``code`` in ``language`` (python, javascript, java, r; aliases py, js, node).

        ``timeout_s`` bounds the execution in the sandbox; the request waits that long plus a
        margin unless ``timeout_ms`` says otherwise. ``success`` is false when the code raised.
        With ``stream_beta=True`` the output comes over the session's WebSocket as it is
        printed: ``on_stdout``/``on_stderr`` get each chunk, ``on_error`` what the code raised
        (or why the stream failed); the returned result is the same as without streaming.

        Example:
            >>> result = session.code.run("print(6 * 7)", "python")
            >>> result.logs.stdout
            ['42\\n']
        """

_STREAM_DOC = """Run ``code`` and yield its ``StreamEvent``s as they happen; the last is ``end``.

        Example:
            >>> for event in session.code.stream("print(1); print(2)", "python"):
            ...     if event.kind == "stdout":
            ...         print(event.text, end="")
            ...     elif event.kind == "end":
            ...         print(event.final.success)
        """


class Code(_CodeOps):
    """Code execution in a ``Session``."""

    __slots__ = ()
    _transport: SyncTransport

    def run(
        self, code: str, language: str, timeout_s: float = 60, stream_beta: bool = False,
        on_stdout: Callback = None, on_stderr: Callback = None, on_error: Callback = None,
        *, timeout_ms: float | None = None,
    ) -> EnhancedCodeExecutionResult:  # fmt: skip
        if not stream_beta:
            return self._run(code, language, timeout_s, timeout_ms=timeout_ms)
        from . import stream

        final = EnhancedCodeExecutionResult()
        for event in self.stream(code, language, timeout_s, timeout_ms=timeout_ms):
            stream.deliver(event, on_stdout, on_stderr, on_error)
            final = event.final or final
        return final

    def stream(
        self, code: str, language: str, timeout_s: float = 60, *, timeout_ms: float | None = None
    ) -> Iterator[StreamEvent]:
        from . import stream

        run, deadline = self._stream_run(code, language, timeout_s, timeout_ms)
        return stream.iterate(self._transport.http, run, deadline)

    run.__doc__, stream.__doc__ = _RUN_DOC, _STREAM_DOC


class AsyncCode(_CodeOps):
    """Code execution in an ``AsyncSession``; ``run`` is awaited, ``stream`` async-iterated."""

    __slots__ = ()
    _transport: AsyncTransport

    async def run(
        self, code: str, language: str, timeout_s: float = 60, stream_beta: bool = False,
        on_stdout: Callback = None, on_stderr: Callback = None, on_error: Callback = None,
        *, timeout_ms: float | None = None,
    ) -> EnhancedCodeExecutionResult:  # fmt: skip
        if not stream_beta:
            return await self._run(code, language, timeout_s, timeout_ms=timeout_ms)
        from . import stream

        final = EnhancedCodeExecutionResult()
        async for event in self.stream(code, language, timeout_s, timeout_ms=timeout_ms):
            stream.deliver(event, on_stdout, on_stderr, on_error)
            final = event.final or final
        return final

    def stream(
        self, code: str, language: str, timeout_s: float = 60, *, timeout_ms: float | None = None
    ) -> AsyncIterator[StreamEvent]:
        from . import stream

        run, deadline = self._stream_run(code, language, timeout_s, timeout_ms)
        return stream.aiterate(self._transport.http, run, deadline)

    run.__doc__, stream.__doc__ = _RUN_DOC, _STREAM_DOC
