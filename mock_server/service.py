"""MockService: the one request handler. Size caps, authentication, routing, fault injection,
then the operation, wrapped in the envelope. Framework-free: adapters turn their requests into
MockRequest and write back the MockReply."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from types import TracebackType

from mock_server import admin
from mock_server.catalogue import CODE, DEFAULT_IMAGES
from mock_server.contexts import ContextOperations
from mock_server.faults import Fault, FaultRules
from mock_server.objects import MAX_OBJECT_BYTES, ObjectGateway
from mock_server.operations import Operations
from mock_server.params import Params
from mock_server.state import DEFAULT_IDLE_TIMEOUT, SessionStore
from mock_server.wire import (
    OBJECT_OPERATIONS,
    OBJECT_PREFIX,
    ROUTES,
    ApiError,
    MockReply,
    MockRequest,
    envelope,
    error_reply,
    new_request_id,
    text_reply,
)

MAX_BODY = 1024 * 1024
MAX_TARGET = 16 * 1024
_GATEWAY_PAGES = {
    502: (
        "text/html; charset=utf-8",
        "<html><head><title>502 Bad Gateway</title></head>"
        "<body><center><h1>502 Bad Gateway</h1></center></body></html>",
    ),
    503: ("text/plain; charset=utf-8", "Service Unavailable"),
    504: (
        "text/html; charset=utf-8",
        "<html><head><title>504 Gateway Time-out</title></head>"
        "<body><center><h1>504 Gateway Time-out</h1></center></body></html>",
    ),
}


class MockService:
    """A stateful fake of the AGB service.

    ``api_keys``: accepted keys; empty = any non-empty key. ``images``: extra image ids (code
    images), or a mapping id -> kind ("code", "browser", "computer"). ``deleting_polls``: how
    many getSessionInfo calls answer DELETING after releaseSessionAsync. ``idle_timeout``: seconds
    without a request after which a session is released (createSession's ``timeout`` wins).
    ``sync_polls``: how many GetContextInfo calls see a sync task Running; ``clear_polls``: how
    many GetContext calls see a cleared context ``clearing``.
    """

    def __init__(
        self,
        api_keys: Iterable[str] = (),
        *,
        images: Iterable[str] | dict[str, str] = (),
        faults: Iterable[Fault] = (),
        deleting_polls: int = 1,
        scratch_parent: str | Path | None = None,
        idle_timeout: float = DEFAULT_IDLE_TIMEOUT,
        sync_polls: int = 0,
        clear_polls: int = 1,
    ) -> None:
        self.api_keys = frozenset(api_keys)
        extra = images if isinstance(images, dict) else dict.fromkeys(images, CODE)
        self.images = {**DEFAULT_IMAGES, **extra}
        self.faults = FaultRules(list(faults))
        self.store = SessionStore(scratch_parent, deleting_polls, idle_timeout)
        self.operations = Operations(self.store, self.images)
        self.contexts = ContextOperations(
            self.store, scratch_parent, sync_polls=sync_polls, clear_polls=clear_polls
        )
        self.objects = ObjectGateway(self.contexts.store)
        self.contexts.sign = self.objects.sign
        self.contexts.install(self.operations.table)

    @property
    def deleting_polls(self) -> int:
        return self.store.deleting_polls

    @deleting_polls.setter
    def deleting_polls(self, value: int) -> None:
        self.store.deleting_polls = value

    def close(self) -> None:
        """End every session's kernel and processes; forget all sessions and contexts and remove
        their directories."""
        self.store.close()
        self.objects.reset()
        self.contexts.reset()
        if self.operations.tools.kernels is not None:
            self.operations.tools.kernels.close_all()

    def __enter__(self) -> MockService:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def oversize_reply(
        self, body_length: int, target_length: int, path: str = ""
    ) -> MockReply | None:
        """413 / 414 when a request is over the caps (adapters call this before reading)."""
        limit = max_body(path)
        if target_length > MAX_TARGET:
            error = ApiError(414, "RequestUriTooLong", f"Request URI exceeds {MAX_TARGET} bytes")
        elif body_length > limit:
            error = ApiError(413, "RequestTooLarge", f"Request body exceeds {limit} bytes")
        else:
            return None
        return error_reply(new_request_id(), error)

    def authorized(self, request: MockRequest) -> bool:
        scheme, _, key = (request.header("authorization") or "").strip().partition(" ")
        key = key.strip()
        if scheme.lower() != "bearer" or not key:
            return False
        return not self.api_keys or key in self.api_keys

    def handle(self, request: MockRequest) -> MockReply:
        """Caps, key, route, then faults (so only a request that would be served meets one)."""
        target = request.target_length or len(request.path)
        too_big = self.oversize_reply(len(request.body), target, request.path)
        if too_big is not None:
            return too_big
        request_id = new_request_id()
        is_object = request.path.startswith(OBJECT_PREFIX)  # the presigned token is the key
        if not is_object and not self.authorized(request):
            error = ApiError(401, "InvalidApiKey", "Invalid or missing API key")
            return error_reply(request_id, error)
        if request.path.startswith(admin.PREFIX):
            return self._serve(request_id, lambda: admin.handle(self, request, request_id))
        operation = _operation_of(request)
        if operation is None:
            if is_object:
                return self._serve(request_id, lambda: self.objects.handle(request))
            return error_reply(request_id, _no_operation(request))
        rules = self.faults.take(operation, _tool_of(request, operation))
        for rule in rules:
            if rule.kind == "latency":
                time.sleep(float(rule.value or 0))
        fault = next((rule for rule in rules if rule.kind != "latency"), None)
        early = _fault_before(fault, request_id)
        if early is not None:
            return early

        def answer() -> MockReply:
            if is_object:
                return self.objects.handle(request)
            outcome = self.operations.table[operation](Params(request))
            return envelope(request_id, data=outcome.data, extra=outcome.extra)

        return _fault_after(fault, self._serve(request_id, answer))

    @staticmethod
    def _serve(request_id: str, answer: Callable[[], MockReply]) -> MockReply:
        try:
            return answer()
        except ApiError as error:
            return error_reply(request_id, error)
        except Exception as exc:  # a bug or an I/O failure: answer like the real service would
            message = f"Internal server error ({type(exc).__name__}: {exc})"
            return envelope(request_id, 500, code="InternalError", message=message)


def max_body(path: str) -> int:
    """The body cap of a path: presigned uploads may be large, API calls may not."""
    return MAX_OBJECT_BYTES if path.startswith(OBJECT_PREFIX) else MAX_BODY


def _operation_of(request: MockRequest) -> str | None:
    if request.path.startswith(OBJECT_PREFIX):
        return OBJECT_OPERATIONS.get(request.method.upper())
    return ROUTES.get((request.method.upper(), request.path))


def _tool_of(request: MockRequest, operation: str | None) -> str | None:
    """The tool a callMcpTool request names (so faults can target one tool), if readable."""
    if operation != "callMcpTool":
        return None
    try:
        name = json.loads(request.body).get("name")
    except (ValueError, AttributeError, RecursionError):  # Params answers the 400 later
        return None
    return name if isinstance(name, str) else None


def _no_operation(request: MockRequest) -> ApiError:
    """404 for an unknown path; 405 (with the allowed methods) for a known path."""
    allowed = sorted(method for method, path in ROUTES if path == request.path)
    if not allowed:
        return ApiError(404, "InvalidAction.NotFound", f"No operation at {request.path}")
    error = ApiError(405, "MethodNotAllowed", f"{request.method} is not allowed on {request.path}")
    error.headers["allow"] = ", ".join(allowed)
    return error


def _fault_before(fault: Fault | None, request_id: str) -> MockReply | None:
    """The reply of a fault that stops the request before it is processed."""
    if fault is None or fault.kind in ("truncated", "lost_response", "slow_body", "huge_body"):
        return None
    if fault.kind == "rate_limit":
        reply = text_reply(429, "Too Many Requests")
        reply.headers["retry-after"] = f"{float(fault.value or 0):g}"
        return reply
    if fault.kind == "status" and fault.value == 500:
        return envelope(request_id, 500, code="InternalError", message="Internal server error")
    if fault.kind == "status":
        content_type, page = _GATEWAY_PAGES[int(fault.value or 503)]
        return text_reply(int(fault.value or 503), page, content_type)
    if fault.kind == "non_json":
        return text_reply(200, "<html><body><h1>Welcome</h1></body></html>", "text/html")
    if fault.kind == "envelope_error":
        message = "The service is temporarily unavailable, please try again later"
        return envelope(
            request_id, 200, code=str(fault.value), message=message, http_status_code=503
        )
    return MockReply(0, action="connect_error" if fault.kind == "connect_error" else "drop")


def _fault_after(fault: Fault | None, reply: MockReply) -> MockReply:
    """Faults that damage the reply of a request that was processed."""
    if fault is not None and fault.kind == "truncated":
        reply.body = reply.body[: len(reply.body) // 2]
    elif fault is not None and fault.kind == "lost_response":
        reply.action = "drop"
    elif fault is not None and fault.kind == "slow_body":
        reply.byte_delay = float(fault.value or 0)
    elif fault is not None and fault.kind == "huge_body":
        reply.declared_length = int(fault.value or 0)
    return reply
