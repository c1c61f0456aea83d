"""Running code in a session: ``session.code.run(code, language, timeout_s=60)``.

Goes through the ``run_code`` MCP tool. The service runs the code like a notebook cell and
answers stdout, stderr, rich results and the error, if any.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import _translate
from ._plan import Plan, Steps, operation, refused
from .errors import check_duration, check_json, check_str, first
from .mcp import run_tool, tool_call
from .results import EnhancedCodeExecutionResult

if TYPE_CHECKING:
    from .transport import AsyncTransport, SyncTransport

# Every name the official SDK accepts, and "py"; looked up trimmed and lower-cased.
LANGUAGES = {"python": "python", "python3": "python", "py": "python",
             "javascript": "javascript", "js": "javascript", "node": "javascript",
             "nodejs": "javascript", "java": "java", "r": "r"}  # fmt: skip
SUPPORTED = ("python", "javascript", "java", "r")
_MARGIN_MS = 30_000  # the request must outlive the code's own timeout


class _CodeOps:
    __slots__ = ("_session_id", "_transport")

    def __init__(self, session_id: str, transport: Any) -> None:
        self._session_id = session_id
        self._transport = transport

    @operation
    def run(
        self, code: str, language: str, timeout_s: float = 60, *, timeout_ms: float | None = None
    ) -> Plan[EnhancedCodeExecutionResult]:
        """Run ``code`` in ``language``: python, javascript, java or r, any case, or an alias
        (python3, py, js, node, nodejs).

        ``timeout_s`` bounds the execution in the sandbox; the request waits that long plus a
        margin unless ``timeout_ms`` says otherwise. ``success`` is false when the code raised.
        An unsupported language, or code that is not a string, answers a failed result.

        Example:
            >>> result = session.code.run("print(6 * 7)", "python")
            >>> result.logs.stdout
            ['42\\n']
        """
        failure = "Failed to run code"
        lang = normalize_language(language)
        if not lang:
            shown = "" if language is None else str(language)
            supported = ", ".join(sorted(SUPPORTED))
            message = f"Unsupported language: {shown}. Supported languages are {supported}"
            return refused("Code.run", EnhancedCodeExecutionResult, message)
        args = {"code": code, "language": lang, "timeout_s": timeout_s}
        problem = first(
            check_str("code", code, allow_empty=True),
            check_duration("timeout_s", timeout_s),
            check_json(code, "code"),
        )
        if problem:
            return refused("Code.run", EnhancedCodeExecutionResult, f"{failure}: {problem}")
        call = tool_call(self._session_id, "run_code", args)
        return Plan(
            "Code.run", EnhancedCodeExecutionResult, _run_steps(call, failure), timeout_ms,
            timeout_s * 1000 + _MARGIN_MS, failure,
        )  # fmt: skip


def _run_steps(call: Any, failure: str) -> Steps[EnhancedCodeExecutionResult]:
    reply, ok, answer = yield from run_tool(call)
    if not reply.ok:
        return EnhancedCodeExecutionResult(
            reply.request_id, error_message=reply.error, success=False
        )
    return _translate.code_result(reply.request_id, ok, answer, failure)


def normalize_language(language: object) -> str:
    """The service's name for ``language`` (case and surrounding blanks ignored), or ``""``."""
    return LANGUAGES.get(language.strip().lower(), "") if isinstance(language, str) else ""


class Code(_CodeOps):
    """Code execution in a ``Session``."""

    __slots__ = ()
    _transport: SyncTransport


class AsyncCode(_CodeOps):
    """Code execution in an ``AsyncSession``; ``run`` is awaited."""

    __slots__ = ()
    _transport: AsyncTransport
