"""Every public SDK call against every fault the mock injects, in-process.

For each pair the call must return ``success=False`` with an ``error_message`` that opens with
the official SDK's words for the operation and says what went wrong (or succeed after the
retries the README documents), carry the request id when the service sent one, and never raise.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

import agb.transport
from agb import AGB, Config, Session
from mock_server import Fault, MockService
from tests.support import API_KEY, Backend

CODE_IMAGE = "agb-code-space-1"

# The official SDK's leading words of each call's failure messages ({sid}: the session id).
WORDS = {
    "AGB.create": "Failed to create session",
    "AGB.get": "Failed to get session {sid}",
    "AGB.get_session": "Failed to get session {sid}",
    "AGB.list": "Failed to list sessions",
    "AGB.delete": "Failed to delete session {sid}",
    "Session.delete": "Failed to delete session {sid}",
    "Session.info": "Failed to get session info for session {sid}",
    "Session.get_status": "Failed to get session status {sid}",
    "Session.set_labels": "Failed to set labels for session {sid}",
    "Session.get_labels": "Failed to get labels for session {sid}",
    "Session.keep_alive": "Failed to refresh session idle time",
    "Session.list_mcp_tools": "Failed to list MCP tools",
    "Session.call_mcp_tool": "Failed to call MCP tool shell",
    "Code.run": "Failed to run code",
    "Command.execute_command": "Failed to execute command",
}

# (call, operationId it sends first, idempotent, the call)
CALLS: list[tuple[str, str, bool, Callable[[AGB, Session], Any]]] = [
    ("AGB.create", "createSession", False,
     lambda sdk, s: sdk.create(__import__("agb").CreateSessionParams(image_id=CODE_IMAGE))),
    ("AGB.get", "getSession", True, lambda sdk, s: sdk.get(s.session_id)),
    ("AGB.get_session", "getSession", True, lambda sdk, s: sdk.get_session(s.session_id)),
    ("AGB.list", "listSessions", True, lambda sdk, s: sdk.list(page=1)),
    ("AGB.delete", "releaseSessionAsync", True, lambda sdk, s: sdk.delete(s)),
    ("Session.delete", "releaseSessionAsync", True, lambda sdk, s: s.delete()),
    ("Session.info", "getMcpResource", True, lambda sdk, s: s.info()),
    ("Session.get_status", "getSessionInfo", True, lambda sdk, s: s.get_status()),
    ("Session.set_labels", "setLabel", True, lambda sdk, s: s.set_labels({"a": "b"})),
    ("Session.get_labels", "getLabel", True, lambda sdk, s: s.get_labels()),
    ("Session.keep_alive", "refreshSessionIdleTime", True, lambda sdk, s: s.keep_alive()),
    ("Session.list_mcp_tools", "listMcpTools", True, lambda sdk, s: s.list_mcp_tools()),
    ("Session.call_mcp_tool", "callMcpTool", False,
     lambda sdk, s: s.call_mcp_tool("shell", {"command": "true", "timeout_ms": 1000})),
    ("Code.run", "callMcpTool", False, lambda sdk, s: s.code.run("print(1)", "python")),
    ("Command.execute_command", "callMcpTool", False,
     lambda sdk, s: s.command.execute_command("true")),
]  # fmt: skip

# (fault kind, value, what the error message must say, whether the service sent a request id)
FAULTS: list[tuple[str, Any, str, bool]] = [
    ("status", 500, "[InternalError]", True),
    ("status", 502, "HTTP 502", False),
    ("status", 503, "HTTP 503", False),
    ("status", 504, "HTTP 504", False),
    ("rate_limit", 0, "HTTP 429", False),
    ("truncated", None, "not a valid JSON envelope", False),
    ("non_json", None, "not a valid JSON envelope", False),
    ("envelope_error", "ServiceUnavailable", "[ServiceUnavailable]", True),
    ("drop", None, "connection lost before a response arrived", False),
    ("lost_response", None, "connection lost before a response arrived", False),
    ("connect_error", None, "could not connect", False),
]


@pytest.fixture
def no_sleep(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(agb.transport.time, "sleep", lambda seconds: None)


@pytest.mark.parametrize(
    ("kind", "value", "says", "has_request_id"), FAULTS, ids=[f"{f[0]}-{f[1]}" for f in FAULTS]
)
@pytest.mark.parametrize(
    ("name", "operation", "idempotent", "call"), CALLS, ids=[c[0] for c in CALLS]
)
def test_every_call_reports_every_fault(
    respx_backend: Backend,
    mock_service: MockService,
    no_sleep: None,
    name: str,
    operation: str,
    idempotent: bool,
    call: Callable[[AGB, Session], Any],
    kind: str,
    value: Any,
    says: str,
    has_request_id: bool,
) -> None:
    sdk = AGB(api_key=API_KEY, cfg=Config(endpoint=respx_backend.url, max_retries=2))
    session = Session(sdk, respx_backend.seed_session(), CODE_IMAGE)
    mock_service.faults.add(Fault(kind, value, operation))
    seen: list[str] = []
    original = mock_service.handle
    mock_service.handle = lambda request: (seen.append(request.path), original(request))[1]  # type: ignore[method-assign]

    result = call(sdk, session)

    assert result.success is False, result
    words = WORDS[name].format(sid=session.session_id)
    assert result.error_message.startswith(words + ": "), result.error_message
    assert says in result.error_message, result.error_message
    if has_request_id:
        assert result.request_id, result
    maybe_processed = kind in ("drop", "lost_response") or (kind == "status" and value != 500)
    retried = kind in ("connect_error", "rate_limit") or (idempotent and maybe_processed)
    attempts = seen.count(seen[0]) if seen else 0
    assert attempts == (3 if retried else 1), (seen, result)


def test_one_transient_fault_is_retried_away(
    respx_backend: Backend, mock_service: MockService, no_sleep: None
) -> None:
    sdk = AGB(api_key=API_KEY, cfg=Config(endpoint=respx_backend.url))
    session = Session(sdk, respx_backend.seed_session(), CODE_IMAGE)
    for kind, value in (
        ("status", 503),
        ("drop", None),
        ("rate_limit", 0),
        ("connect_error", None),
    ):
        mock_service.faults.add(Fault(kind, value, "getMcpResource", 1))
        assert session.info().success, kind


def test_no_session_left_after_a_failed_lifecycle_in_a_context_manager(
    respx_backend: Backend, mock_service: MockService, no_sleep: None
) -> None:
    sdk = AGB(api_key=API_KEY, cfg=Config(endpoint=respx_backend.url))
    mock_service.faults.add(Fault("lost_response", None, "callMcpTool"))
    mock_service.faults.add(Fault("status", 503, "releaseSessionAsync", 1))
    result = sdk.create(__import__("agb").CreateSessionParams(image_id=CODE_IMAGE))
    with result.session as session:
        assert not session.code.run("print(1)", "python").success
    assert respx_backend.running_sessions() == set()
