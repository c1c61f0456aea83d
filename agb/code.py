"""Running code in a session: ``session.code.run(code, language, timeout_s=60)``.

Goes through the ``run_code`` MCP tool. The service runs the code like a notebook cell and
answers stdout, stderr, rich results and the error, if any.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import _translate
from ._plan import Plan, Steps, operation
from .errors import require_str
from .mcp import run_tool, tool_call
from .results import EnhancedCodeExecutionResult

if TYPE_CHECKING:
    from .transport import AsyncTransport, SyncTransport

LANGUAGES = {"python": "python", "py": "python", "javascript": "javascript", "js": "javascript",
             "node": "javascript", "java": "java", "r": "r"}  # fmt: skip
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
        """Run ``code`` in ``language`` (python, javascript, java, r; aliases py, js, node).

        ``timeout_s`` bounds the execution in the sandbox; the request waits that long plus a
        margin unless ``timeout_ms`` says otherwise. ``success`` is false when the code raised.

        Example:
            >>> result = session.code.run("print(6 * 7)", "python")
            >>> result.logs.stdout
            ['42\\n']
        """
        require_str("code", code, allow_empty=True)
        lang = normalize_language(language)
        if isinstance(timeout_s, bool) or not isinstance(timeout_s, (int, float)) or timeout_s <= 0:
            raise ValueError(f"timeout_s must be a number of seconds > 0, got {timeout_s!r}")
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


def _run_steps(call: Any) -> Steps[EnhancedCodeExecutionResult]:
    reply, ok, answer = yield from run_tool(call)
    if not reply.ok:
        return EnhancedCodeExecutionResult(reply.request_id, error_message=reply.error)
    return _translate.code_result(reply.request_id, ok, answer, "Code.run")


def normalize_language(language: object) -> str:
    """The service's name for ``language``; raise ``ValueError`` for one it does not run."""
    require_str("language", language)
    assert isinstance(language, str)
    try:
        return LANGUAGES[language.strip().lower()]
    except KeyError:
        raise ValueError(
            f"unknown language {language!r}: use one of python, javascript, java, r "
            "(aliases py, js, node)"
        ) from None


class Code(_CodeOps):
    """Code execution in a ``Session``."""

    __slots__ = ()
    _transport: SyncTransport


class AsyncCode(_CodeOps):
    """Code execution in an ``AsyncSession``; ``run`` is awaited."""

    __slots__ = ()
    _transport: AsyncTransport
