"""The one place where what the service answered becomes the documented result objects.

Functions here read generated models (whose absent fields are ``UNSET``) and the JSON documents
the service nests inside strings (labels, tool lists, tool answers), and never do I/O.
"""

from __future__ import annotations

import json
from typing import Any

from ._plan import Reply
from .results import (
    CommandResult,
    EnhancedCodeExecutionResult,
    ExecutionError,
    ExecutionLogs,
    ExecutionResult,
    McpTool,
    SessionMetrics,
)

SESSION_FIELDS = ("resource_url", "app_instance_id", "resource_id", "link_url", "ws_url", "token")
_MIME_FIELDS = {
    "text/plain": "text",
    "text/html": "html",
    "text/markdown": "markdown",
    "image/png": "png",
    "image/jpeg": "jpeg",
    "image/svg+xml": "svg",
    "application/json": "json",
    "text/latex": "latex",
    "application/vnd.vegalite.v4+json": "chart",
}


def text(value: Any, default: str = "") -> str:
    """A generated field as ``str``: ``UNSET``, ``None`` and non-strings become ``default``."""
    return value if isinstance(value, str) else default


def integer(value: Any, default: int = 0) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def session_fields(data: Any) -> dict[str, str]:
    """The session attributes found in a createSession or getSession ``data`` model."""
    return {name: text(getattr(data, name, "")) for name in SESSION_FIELDS}


def tools(raw: Any) -> list[McpTool]:
    """Parse a JSON-encoded tool list; raise ``ValueError`` when it is not one."""
    if not isinstance(raw, str) or not raw.strip():
        return []
    items = json.loads(raw)
    if not isinstance(items, list):
        raise ValueError("the tool list is not a JSON list")
    return [
        McpTool(
            name=text(item.get("name")),
            description=text(item.get("description")),
            input_schema=_schema(item.get("inputSchema")),
            server=text(item.get("server")),
            tool=text(item.get("tool")),
        )
        for item in items
        if isinstance(item, dict)
    ]


def labels(raw: Any) -> dict[str, str]:
    """Parse the JSON-encoded label map of getLabel; raise ``ValueError`` when it is not one."""
    if not isinstance(raw, str) or not raw.strip():
        return {}
    parsed = json.loads(raw)
    if not isinstance(parsed, dict):
        raise ValueError("the labels are not a JSON object")
    return {str(k): str(v) for k, v in parsed.items()}


def tool_answer(reply: Reply) -> tuple[bool, str]:
    """(the tool succeeded, its text): the ``text`` of the ``content`` items, joined by newlines."""
    data = reply.parsed.data
    content = getattr(data, "content", None)
    parts = [text(item.text) for item in content or () if text(item.type_) == "text"]
    return getattr(data, "is_error", False) is not True, "\n".join(parts)


def code_result(
    request_id: str, ok: bool, answer: str, failure: str
) -> EnhancedCodeExecutionResult:
    """Turn run_code's JSON answer into a result; ``ok`` is false if the tool reported an error.

    ``failure`` opens the message of a failed call; the error a cell raised is given as is.
    """
    doc = _json_object(answer)
    if doc is None:
        if not ok:
            return EnhancedCodeExecutionResult(
                request_id, error_message=f"{failure}: {answer}", success=False
            )
        item = ExecutionResult(text=answer, is_main_result=True)
        logs = ExecutionLogs(stdout=[answer] if answer else [])
        return EnhancedCodeExecutionResult(request_id, logs=logs, results=[item], success=True)
    error_text = doc.get("executionError")
    error = _execution_error(error_text, doc) if error_text else None
    success = ok and error is None
    message = "" if success else str(error_text) if error_text else f"{failure}: {answer}"
    return EnhancedCodeExecutionResult(
        request_id=request_id,
        execution_count=doc.get("execution_count")
        if isinstance(doc.get("execution_count"), int)
        else None,
        execution_time=float(doc.get("execution_time") or 0.0),
        logs=ExecutionLogs(stdout=_strings(doc.get("stdout")), stderr=_strings(doc.get("stderr"))),
        results=[execution_result(item) for item in doc.get("result") or () if item],
        error=error,
        error_message=message,
        success=success,
    )


def command_result(request_id: str, ok: bool, answer: str, failure: str) -> CommandResult:
    """Turn the shell tool's JSON answer into a result; success means exit code 0."""
    doc = _json_object(answer)
    if doc is None:
        if ok:
            return CommandResult(
                request_id, success=True, output=answer, stdout=answer, exit_code=0
            )
        return CommandResult(request_id, error_message=f"{failure}: {answer}")
    stdout, stderr = text(doc.get("stdout")), text(doc.get("stderr"))
    exit_code = doc.get("exit_code", doc.get("errorCode"))
    exit_code = exit_code if isinstance(exit_code, int) else (0 if ok else None)
    success = ok and exit_code == 0
    message = "" if success else f"{failure}: exit code {exit_code}: {stderr.strip()[:500]}"
    return CommandResult(
        request_id=request_id,
        success=success,
        output=stdout + stderr,
        error_message=message,
        exit_code=exit_code,
        stdout=stdout,
        stderr=stderr,
        trace_id=text(doc.get("traceId")),
    )


def metrics(answer: str) -> tuple[SessionMetrics, dict[str, Any]]:
    """Parse the get_metrics tool's JSON answer; raise ``ValueError`` when it is not an object.

    Each rate and volume may come under the older names (``*_kbps``, ``*_kb``, ``*_KBps``).
    """
    doc = _json_object(answer)
    if doc is None:
        raise ValueError("get_metrics returned non-object JSON")

    def first_number(*keys: str) -> float:
        for key in keys:
            value = doc.get(key)
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                return float(value)
        return 0.0

    found = SessionMetrics(
        cpu_count=int(first_number("cpu_count")),
        cpu_used_pct=first_number("cpu_used_pct"),
        disk_total=int(first_number("disk_total")),
        disk_used=int(first_number("disk_used")),
        mem_total=int(first_number("mem_total")),
        mem_used=int(first_number("mem_used")),
        rx_rate_kbyte_per_s=first_number("rx_rate_kbyte_per_s", "rx_rate_kbps", "rx_rate_KBps"),
        tx_rate_kbyte_per_s=first_number("tx_rate_kbyte_per_s", "tx_rate_kbps", "tx_rate_KBps"),
        rx_used_kbyte=first_number("rx_used_kbyte", "rx_used_kb", "rx_used_KB"),
        tx_used_kbyte=first_number("tx_used_kbyte", "tx_used_kb", "tx_used_KB"),
        timestamp=text(doc.get("timestamp")),
    )
    return found, doc


def _json_object(answer: str) -> dict[str, Any] | None:
    try:
        doc = json.loads(answer)
    except ValueError:
        return None
    return doc if isinstance(doc, dict) else None


def _schema(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value] if isinstance(value, list) else []


def execution_result(item: Any) -> ExecutionResult:
    """One item of run_code's ``result`` list (a mime map with ``isMainResult``)."""
    if isinstance(item, str):
        try:
            item = json.loads(item)
        except ValueError:
            return ExecutionResult(text=item, is_main_result=True)
    if not isinstance(item, dict):
        return ExecutionResult(text=str(item))
    fields = {_MIME_FIELDS[k]: v for k, v in item.items() if k in _MIME_FIELDS}
    return ExecutionResult(**fields, is_main_result=bool(item.get("isMainResult", False)))


def _execution_error(error_text: Any, doc: dict[str, Any]) -> ExecutionError:
    name, _, value = str(error_text).partition(": ")
    traceback = "".join(_strings(doc.get("traceback"))) or "".join(_strings(doc.get("stderr")))
    return ExecutionError(name=name if value else "Error", value=value or name, traceback=traceback)


def dumps(value: Any, what: str, *, sort_keys: bool = False) -> str:
    """Encode ``what`` (labels, tool arguments) as the JSON string the service expects.

    Raises ``TypeError`` for values JSON cannot hold and ``ValueError`` for text that cannot
    travel as UTF-8 (lone surrogates), naming ``what``.
    """
    try:
        encoded = json.dumps(value, ensure_ascii=False, sort_keys=sort_keys)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{what} must be JSON-serialisable: {exc}") from None
    try:
        encoded.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError(
            f"{what} contains a lone surrogate, which cannot be sent as UTF-8"
        ) from None
    return encoded
