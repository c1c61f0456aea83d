"""The one place where what the service answered becomes the documented result objects.

Functions here read generated models (whose absent fields are ``UNSET``) and the JSON documents
the service nests inside strings (labels, tool lists, tool answers), and never do I/O.

The generated models do not check the types of what they hold, so every field is checked here
as it is read: an absent or ``null`` field takes its default, a field of the wrong type raises
``WrongTypeError`` naming it (by its name on the wire); the transport turns that into a failed
result.
A result is never filled from the request's own values when the answer says something else.
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
_STRUCTURED = frozenset({"application/json", "application/vnd.vegalite.v4+json"})


class WrongTypeError(ValueError):
    """A field of the service's answer has a type the SDK cannot use."""

    def __init__(self, field: str, value: Any, expected: str) -> None:
        shown = repr(value)
        shown = shown if len(shown) <= 40 else shown[:37] + "..."
        super().__init__(
            f"the answer's {field} is {type(value).__name__} {shown}, expected {expected}"
        )
        self.field = field


def _absent(value: Any) -> bool:
    from _agb_api.types import Unset

    return value is None or isinstance(value, Unset)


def checked(value: Any, kind: type, field: str, default: Any) -> Any:
    """``value`` if it is a ``kind`` (``bool`` is not an ``int``), ``default`` if it is absent or
    ``null``; else raise ``WrongTypeError`` naming ``field``."""
    if _absent(value):
        return default
    if isinstance(value, kind) and (kind is bool or not isinstance(value, bool)):
        return value
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    raise WrongTypeError(field, value, kind.__name__)


def _wire(attr: str) -> str:
    first, *rest = attr.rstrip("_").split("_")
    return first + "".join(part.title() for part in rest)


def _field(obj: Any, attr: str, kind: type, where: str, default: Any) -> Any:
    value = getattr(obj, attr, None)
    if type(value) is kind:  # the usual answer: skip building the field's name for errors
        return value
    name = f"{where}.{_wire(attr)}" if where else _wire(attr)
    return checked(value, kind, name, default)


def text_field(obj: Any, attr: str, where: str = "data", default: str = "") -> str:
    """The string field ``attr`` of a generated model (``where`` names it in errors)."""
    return _field(obj, attr, str, where, default)  # type: ignore[no-any-return]


def int_field(obj: Any, attr: str, where: str = "data", default: int = 0) -> int:
    """The integer field ``attr`` of a generated model."""
    return _field(obj, attr, int, where, default)  # type: ignore[no-any-return]


def bool_field(
    obj: Any, attr: str, where: str = "data", default: bool | None = None
) -> bool | None:
    """The boolean field ``attr`` of a generated model."""
    return _field(obj, attr, bool, where, default)  # type: ignore[no-any-return]


def session_fields(data: Any) -> dict[str, str]:
    """The session attributes found in a createSession or getSession ``data`` model."""
    return {name: text_field(data, name) for name in SESSION_FIELDS}


def tools(raw: Any, field: str = "data") -> list[McpTool]:
    """Parse a JSON-encoded tool list; raise ``ValueError`` when it is not one."""
    raw = checked(raw, str, field, "")
    if not raw.strip():
        return []
    try:
        items = json.loads(raw)
    except ValueError:
        raise ValueError(f"the answer's {field} is not JSON: {raw[:40]!r}") from None
    checked(items, list, field, [])
    found = []
    for i, item in enumerate(items):
        where = f"{field}[{i}]"
        checked(item, dict, where, {})
        found.append(
            McpTool(
                name=checked(item.get("name"), str, f"{where}.name", ""),
                description=checked(item.get("description"), str, f"{where}.description", ""),
                input_schema=checked(item.get("inputSchema"), dict, f"{where}.inputSchema", {}),
                server=checked(item.get("server"), str, f"{where}.server", ""),
                tool=checked(item.get("tool"), str, f"{where}.tool", ""),
            )
        )
    return found


def labels(raw: Any) -> dict[str, str]:
    """Parse the JSON-encoded label map of getLabel; raise ``ValueError`` when it is not one."""
    raw = checked(raw, str, "data.labels", "")
    if not raw.strip():
        return {}
    try:
        parsed = json.loads(raw)
    except ValueError:
        raise ValueError(f"the answer's data.labels is not JSON: {raw[:40]!r}") from None
    checked(parsed, dict, "data.labels", {})
    return {k: checked(v, str, f"data.labels[{k!r}]", "") for k, v in parsed.items()}


def tool_answer(reply: Reply) -> tuple[bool, str]:
    """(the tool succeeded, its text): the ``text`` of the ``content`` items, joined by newlines."""
    data = reply.parsed.data
    parts = []
    for i, item in enumerate(checked(getattr(data, "content", None), list, "data.content", [])):
        where = f"data.content[{i}]"
        if text_field(item, "type_", where) == "text":
            parts.append(text_field(item, "text", where))
    return bool_field(data, "is_error") is not True, "\n".join(parts)


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
    error_text = checked(doc.get("executionError"), str, "executionError", "")
    error = _execution_error(error_text, doc) if error_text else None
    success = ok and error is None
    message = "" if success else str(error_text) if error_text else f"{failure}: {answer}"
    items = checked(doc.get("result"), list, "result", [])
    return EnhancedCodeExecutionResult(
        request_id=request_id,
        execution_count=checked(doc.get("execution_count"), int, "execution_count", None),
        execution_time=checked(doc.get("execution_time"), float, "execution_time", 0.0),
        logs=ExecutionLogs(stdout=_strings(doc, "stdout"), stderr=_strings(doc, "stderr")),
        results=[execution_result(item, f"result[{i}]") for i, item in enumerate(items) if item],
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
    stdout = checked(doc.get("stdout"), str, "stdout", "")
    stderr = checked(doc.get("stderr"), str, "stderr", "")
    key = "exit_code" if "exit_code" in doc else "errorCode"
    exit_code = checked(doc.get(key), int, key, 0 if ok else None)
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
        trace_id=checked(doc.get("traceId"), str, "traceId", ""),
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
        timestamp=checked(doc.get("timestamp"), str, "timestamp", ""),
    )
    return found, doc


def _json_object(answer: str) -> dict[str, Any] | None:
    try:
        doc = json.loads(answer)
    except ValueError:
        return None
    return doc if isinstance(doc, dict) else None


def _strings(doc: dict[str, Any], key: str) -> list[str]:
    """A text stream: one string or a list of strings."""
    value = doc.get(key)
    if isinstance(value, str):
        return [value]
    items = checked(value, list, key, [])
    return [checked(v, str, f"{key}[{i}]", "") for i, v in enumerate(items)]


def execution_result(item: Any, field: str = "result") -> ExecutionResult:
    """One item of run_code's ``result`` list (a mime map with ``isMainResult``); ``field``
    names it in a ``WrongTypeError``."""
    if isinstance(item, str):
        try:
            item = json.loads(item)
        except ValueError:
            return ExecutionResult(text=item, is_main_result=True)
        if not isinstance(item, dict):
            return ExecutionResult(text=str(item))
    checked(item, dict, field, {})
    fields = {
        _MIME_FIELDS[k]: v if k in _STRUCTURED else checked(v, str, f"{field}[{k!r}]", None)
        for k, v in item.items()
        if k in _MIME_FIELDS
    }
    main = checked(item.get("isMainResult"), bool, f"{field}.isMainResult", False)
    return ExecutionResult(**fields, is_main_result=main)


def _execution_error(error_text: str, doc: dict[str, Any]) -> ExecutionError:
    name, _, value = error_text.partition(": ")
    traceback = "".join(_strings(doc, "traceback")) or "".join(_strings(doc, "stderr"))
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
