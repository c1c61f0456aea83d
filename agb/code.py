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
from ._plan import Plan, Steps, operation, refused
from .errors import check_duration, check_json, check_str, first
from .mcp import run_tool, tool_call
from .results import EnhancedCodeExecutionResult

if TYPE_CHECKING:
    from .stream import Callback, StreamEvent, StreamRun
    from .transport import AsyncTransport, SyncTransport

# Every name the official SDK accepts, and "py"; looked up trimmed and lower-cased.
LANGUAGES = {"python": "python", "python3": "python", "py": "python",
             "javascript": "javascript", "js": "javascript", "node": "javascript",
             "nodejs": "javascript", "java": "java", "r": "r"}  # fmt: skip
SUPPORTED = ("python", "javascript", "java", "r")
_FAILURE = "Failed to run code"
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
        lang, problem = _check(code, language, timeout_s, timeout_ms)
        if problem:
            return refused("Code.run", EnhancedCodeExecutionResult, problem)
        args = {"code": code, "language": lang, "timeout_s": timeout_s}
        call = tool_call(self._session_id, "run_code", args)
        return Plan(
            "Code.run", EnhancedCodeExecutionResult, _run_steps(call), timeout_ms,
            timeout_s * 1000 + _MARGIN_MS, _FAILURE,
        )  # fmt: skip

    def _stream_run(
        self, code: str, language: str, timeout_s: float, timeout_ms: float | None
    ) -> tuple[StreamRun, float]:
        """The streamed run and its deadline (``time.monotonic()``)."""
        from .stream import DEFAULT_TARGET, StreamRun  # loads with the first streamed run

        lang, problem = _check(code, language, timeout_s, timeout_ms)
        # With a problem nothing is sent: the stream ends at once with it (``refused``).
        limit = _MARGIN_MS if problem else timeout_ms or timeout_s * 1000 + _MARGIN_MS
        session = self._session
        tools = getattr(session, "tool_list", ())
        servers = [t.server for t in tools if t.name == "run_code" and t.server]
        target = servers[0] if servers else DEFAULT_TARGET
        ws_url, token = getattr(session, "ws_url", ""), getattr(session, "token", "")
        sent = ("", 0.0) if problem else (code, timeout_s)  # bad values may not even encode
        run = StreamRun(ws_url, token, target, sent[0], lang, sent[1])
        run.refused = problem
        return run, time.monotonic() + limit / 1000


def _check(
    code: object, language: object, timeout_s: object, timeout_ms: object
) -> tuple[str, str]:
    """The service's name for the language, and what is wrong with the arguments (or ``""``),
    in the official SDK's words for an unsupported language."""
    lang = normalize_language(language)
    if not lang:
        shown = "" if language is None else str(language)
        supported = ", ".join(sorted(SUPPORTED))
        return "", f"Unsupported language: {shown}. Supported languages are {supported}"
    problem = first(
        check_str("code", code, allow_empty=True),
        check_duration("timeout_s", timeout_s),
        "" if timeout_ms is None else check_duration("timeout_ms", timeout_ms),
        check_json(code, "code"),
    )
    return lang, f"{_FAILURE}: {problem}" if problem else ""


def _run_steps(call: Any) -> Steps[EnhancedCodeExecutionResult]:
    reply, ok, answer = yield from run_tool(call)
    if not reply.ok:
        return EnhancedCodeExecutionResult(
            reply.request_id, error_message=reply.error, success=False
        )
    return _translate.code_result(reply.request_id, ok, answer, _FAILURE)


def normalize_language(language: object) -> str:
    """The service's name for ``language`` (case and surrounding blanks ignored), or ``""``."""
    return LANGUAGES.get(language.strip().lower(), "") if isinstance(language, str) else ""


_RUN_DOC = """Run ``code`` in ``language``: python, javascript, java or r, any case, or an alias
        (python3, py, js, node, nodejs).

        ``timeout_s`` bounds the execution in the sandbox; the request waits that long plus a
        margin unless ``timeout_ms`` says otherwise. ``success`` is false when the code raised.
        An unsupported language or other bad argument answers a failed result, unsent.
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
        if not stream_beta or _check(code, language, timeout_s, timeout_ms)[1]:
            return self._run(code, language, timeout_s, timeout_ms=timeout_ms)
        from .stream import deliver

        final = EnhancedCodeExecutionResult()
        for event in self.stream(code, language, timeout_s, timeout_ms=timeout_ms):
            deliver(event, on_stdout, on_stderr, on_error)
            final = event.final or final
        return final

    def stream(
        self, code: str, language: str, timeout_s: float = 60, *, timeout_ms: float | None = None
    ) -> Iterator[StreamEvent]:
        run, deadline = self._stream_run(code, language, timeout_s, timeout_ms)
        from .stream import iterate

        return iterate(self._transport.http, run, deadline)

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
        if not stream_beta or _check(code, language, timeout_s, timeout_ms)[1]:
            return await self._run(code, language, timeout_s, timeout_ms=timeout_ms)
        from .stream import deliver

        final = EnhancedCodeExecutionResult()
        async for event in self.stream(code, language, timeout_s, timeout_ms=timeout_ms):
            deliver(event, on_stdout, on_stderr, on_error)
            final = event.final or final
        return final

    def stream(
        self, code: str, language: str, timeout_s: float = 60, *, timeout_ms: float | None = None
    ) -> AsyncIterator[StreamEvent]:
        run, deadline = self._stream_run(code, language, timeout_s, timeout_ms)
        from .stream import aiterate

        return aiterate(self._transport.http, run, deadline)

    run.__doc__, stream.__doc__ = _RUN_DOC, _STREAM_DOC
