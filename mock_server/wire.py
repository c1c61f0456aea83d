"""Wire primitives: the framework-free request and reply, the JSON envelope, the API error and
the route table (operationId per method and path).

Everything the adapters (respx, http.server) exchange with :class:`MockService` is defined here.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

#: What an adapter must do instead of (or after) sending the reply.
Action = Literal["drop", "connect_error"]

#: (method, path) -> operationId of every API operation the mock serves.
ROUTES: dict[tuple[str, str], str] = {
    ("POST", "/mcp/createSession"): "createSession",
    ("POST", "/mcp/getSession"): "getSession",
    ("POST", "/mcp/getSessionInfo"): "getSessionInfo",
    ("POST", "/mcp/getMcpResource"): "getMcpResource",
    ("GET", "/sdk/ListSession"): "listSessions",
    ("POST", "/mcp/releaseSession"): "releaseSession",
    ("POST", "/mcp/releaseSessionAsync"): "releaseSessionAsync",
    ("POST", "/mcp/refreshSessionIdleTime"): "refreshSessionIdleTime",
    ("POST", "/sdk/SetLabel"): "setLabel",
    ("GET", "/sdk/GetLabel"): "getLabel",
    ("POST", "/mcp/listTools"): "listMcpTools",
    ("POST", "/mcp"): "callMcpTool",
    ("GET", "/sdk/ListContexts"): "listContexts",
    ("GET", "/sdk/GetContext"): "getContext",
    ("POST", "/sdk/ModifyContext"): "modifyContext",
    ("POST", "/sdk/DeleteContext"): "deleteContext",
    ("POST", "/sdk/ClearContext"): "clearContext",
    ("POST", "/sdk/SyncContext"): "syncContext",
    ("GET", "/sdk/GetContextInfo"): "getContextInfo",
    ("POST", "/sdk/GetContextFileUploadUrl"): "getContextFileUploadUrl",
    ("POST", "/sdk/GetContextFileDownloadUrl"): "getContextFileDownloadUrl",
    ("POST", "/sdk/DeleteContextFile"): "deleteContextFile",
    ("POST", "/sdk/DescribeContextFiles"): "describeContextFiles",
    ("POST", "/sdk/GetAndLoadInternalContext"): "getAndLoadInternalContext",
}
#: The presigned-URL object routes (``/_oss/<token>``), served without the API key.
OBJECT_PREFIX = "/_oss/"
OBJECT_OPERATIONS = {"PUT": "putObject", "GET": "getObject"}
OPERATION_IDS: frozenset[str] = frozenset(ROUTES.values()) | frozenset(OBJECT_OPERATIONS.values())

JSON_TYPE = "application/json"
_FILLER_CHUNK = 64 * 1024


@dataclass(frozen=True)
class MockRequest:
    """One HTTP request, as any adapter sees it. Header names are matched case-insensitively."""

    method: str
    path: str
    query: dict[str, list[str]] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    #: Length of the request target (path and query) as sent; 0 = compute from path alone.
    target_length: int = 0
    #: Scheme, host and base path the client used ("" = http + the Host header).
    base_url: str = ""
    #: A large body the adapter already spooled to disk (presigned uploads), instead of ``body``.
    body_file: Path | None = None

    def header(self, name: str) -> str | None:
        wanted = name.lower()
        for key, value in self.headers.items():
            if key.lower() == wanted:
                return value
        return None


@dataclass
class MockReply:
    """The answer: status, headers, body, an optional transport-level action, and how the body
    is sent: ``byte_delay`` seconds before each byte (the slow_body fault), and a
    ``declared_length`` above ``len(body)`` whose rest is JSON whitespace made while sending,
    never held in memory (the huge_body fault). Adapters send ``pieces()``."""

    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    action: Action | None = None
    byte_delay: float = 0.0
    declared_length: int | None = None
    #: Send this file's bytes as the body instead of ``body`` (presigned downloads).
    body_file: Path | None = None

    def json(self) -> Any:
        return json.loads(self.body)

    @property
    def streamed(self) -> bool:
        """Whether the body must be sent piece by piece rather than at once."""
        return self.byte_delay > 0 or self.declared_length is not None

    @property
    def content_length(self) -> int:
        return max(len(self.body), self.declared_length or 0)

    def pieces(self) -> Iterator[tuple[float, bytes]]:
        """The body as (seconds to wait first, bytes) pieces."""
        if self.byte_delay > 0:
            for index in range(len(self.body)):
                yield self.byte_delay, self.body[index : index + 1]
        elif self.body:
            yield 0.0, self.body
        left = self.content_length - len(self.body)
        while left > 0:
            size = min(left, _FILLER_CHUNK)
            yield 0.0, b" " * size
            left -= size


class ApiError(Exception):
    """A failure the service answers with an envelope (success false)."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers: dict[str, str] = {}


def invalid_parameter(message: str) -> ApiError:
    return ApiError(400, "InvalidParameter", message)


def session_not_found(session_id: str) -> ApiError:
    return ApiError(400, "InvalidMcpSession.NotFound", f"Session {session_id} not found")


def new_request_id() -> str:
    return str(uuid.uuid4()).upper()


def envelope(
    request_id: str,
    status: int = 200,
    *,
    code: str = "ok",
    message: str = "",
    data: Any = None,
    http_status_code: int | None = None,
    extra: dict[str, Any] | None = None,
) -> MockReply:
    """An envelope reply; success is ``code == "ok"``, httpStatusCode defaults to ``status``."""
    payload: dict[str, Any] = {
        "success": code == "ok",
        "code": code,
        "message": message,
        "requestId": request_id,
        "httpStatusCode": status if http_status_code is None else http_status_code,
        "data": data,
    }
    payload.update(extra or {})
    return MockReply(
        status,
        json.dumps(payload, ensure_ascii=False).encode(),
        {"content-type": JSON_TYPE, "x-request-id": request_id},
    )


def error_reply(request_id: str, error: ApiError) -> MockReply:
    reply = envelope(request_id, error.status, code=error.code, message=error.message)
    reply.headers.update(error.headers)
    return reply


def text_reply(
    status: int, text: str, content_type: str = "text/plain; charset=utf-8"
) -> MockReply:
    return MockReply(status, text.encode(), {"content-type": content_type})
