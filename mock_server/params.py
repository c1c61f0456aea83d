"""Reading and validating request parameters: query strings, the JSON body, and the JSON
documents the wire encodes inside strings. Every failure is a 400 ``InvalidParameter`` naming
the field; every JSON document goes through ``load_json`` and its parser limits (nesting
depth, number size, valid UTF-8 without unpaired surrogates)."""

from __future__ import annotations

import json
import re
from typing import Any

from mock_server.wire import MockRequest, invalid_parameter


class Params:
    """The query and (for POST) the JSON-object body of one request."""

    def __init__(self, request: MockRequest) -> None:
        self.query = request.query
        scheme, _, key = (request.header("authorization") or "").strip().partition(" ")
        #: The caller's API key (contexts belong to it); never logged.
        self.api_key = key.strip() if scheme.lower() == "bearer" else ""
        #: Where this server is reachable from the caller (for URLs it hands out).
        self.base_url = request.base_url or f"http://{request.header('host') or 'localhost'}"
        self.body: dict[str, Any] = _parse_body(request) if request.method == "POST" else {}

    def query_str(self, name: str, *, required: bool = False) -> str | None:
        values = self.query.get(name)
        value = values[-1] if values else None
        if required and not value:
            raise invalid_parameter(f"{name} is required")
        return value

    def body_str(self, name: str, *, required: bool = False) -> str | None:
        value = self.body.get(name)
        if value is not None and not isinstance(value, str):
            raise invalid_parameter(f"{name} must be a string")
        if required and not value:
            raise invalid_parameter(f"{name} is required")
        return value

    def query_int(self, name: str, default: int, low: int, high: int) -> int:
        raw = self.query_str(name)
        if raw is None or raw == "":
            return default
        try:
            value = int(raw)
        except ValueError:
            value = low - 1
        if not low <= value <= high:
            raise invalid_parameter(f"{name} must be an integer between {low} and {high}")
        return value


MAX_JSON_DEPTH = 64
# A JSON string (unrolled so long strings are matched in one step) or a bracket.
_TOKENS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')


def _too_deep(text: str) -> bool:
    if text.count("[") + text.count("{") <= MAX_JSON_DEPTH:
        return False
    depth = 0
    for token in _TOKENS.finditer(text):
        bracket = token.group()
        if bracket in ("[", "{"):
            depth += 1
            if depth > MAX_JSON_DEPTH:
                return True
        elif bracket in ("]", "}"):
            depth -= 1
    return False


def load_json(raw: str | bytes, name: str) -> Any:
    """Parse the JSON document ``name``; anything the parser refuses is a 400 naming it."""
    try:
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
    except UnicodeDecodeError:
        raise invalid_parameter(f"{name} is not valid JSON (not UTF-8)") from None
    deep = invalid_parameter(f"{name} is nested deeper than {MAX_JSON_DEPTH} levels")
    if _too_deep(text):
        raise deep
    try:
        value = json.loads(text)
    except RecursionError:
        raise deep from None
    except ValueError as exc:  # syntax, or an integer over the interpreter's digit limit
        raise invalid_parameter(f"{name} is not valid JSON ({exc})") from None
    if "\\u" in text:
        try:
            json.dumps(value, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            raise invalid_parameter(f"{name} has an unpaired UTF-16 surrogate") from None
    return value


def _parse_body(request: MockRequest) -> dict[str, Any]:
    if not request.body.strip():
        return {}
    body = load_json(request.body, "body")
    if not isinstance(body, dict):
        raise invalid_parameter("body must be a JSON object")
    return body


def json_labels(name: str, raw: str | None, *, allow_null: bool = False) -> dict[str, str]:
    """Decode a (json) str->str map; ``None``/empty (and ``null`` if allowed) give ``{}``."""
    if raw is None or raw == "" or (allow_null and raw.strip() == "null"):
        return {}
    value = load_json(raw, name)
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise invalid_parameter(f"{name} must be a JSON object of string to string")
    return value


def json_object(name: str, raw: str | None) -> dict[str, Any]:
    """Decode a (json) object such as tool arguments; ``None``/empty give ``{}``."""
    if raw is None or raw.strip() == "":
        return {}
    value = load_json(raw, name)
    if not isinstance(value, dict):
        raise invalid_parameter(f"{name} must be a JSON object")
    return value
