"""The test-support surface under ``/_mock/``: list every session, replace the fault rules,
reset everything. Same authentication as the API; faults never apply here."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mock_server.faults import FaultError, fault_from_json
from mock_server.params import load_json
from mock_server.wire import ApiError, MockReply, MockRequest, envelope, invalid_parameter

if TYPE_CHECKING:
    from mock_server.service import MockService

PREFIX = "/_mock/"


def handle(service: MockService, request: MockRequest, request_id: str) -> MockReply:
    route = (request.method.upper(), request.path.removeprefix(PREFIX))
    if route == ("GET", "sessions"):
        return envelope(request_id, data=_sessions(service))
    if route == ("GET", "faults"):
        return envelope(request_id, data=[rule.to_json() for rule in service.faults.snapshot()])
    if route == ("POST", "faults"):
        service.faults.replace(_parse_faults(request.body))
        return envelope(request_id, data=[rule.to_json() for rule in service.faults.snapshot()])
    if route == ("POST", "reset"):
        service.faults.clear()
        service.store.reset()
        return envelope(request_id)
    raise ApiError(404, "InvalidAction.NotFound", f"No operation {request.method} {request.path}")


def _sessions(service: MockService) -> list[dict[str, Any]]:
    return [
        {
            "sessionId": session.session_id,
            "status": status,
            "imageId": session.image_id,
            "labels": dict(session.labels),
            "createdAt": session.created_at,
            "lastActiveAt": session.last_active,
            "executionCount": session.execution_count,
            "scratch": str(session.scratch),
            "sandbox": session.sandbox.mode,
        }
        for session, status in service.store.everything()
    ]


def _parse_faults(body: bytes) -> list[Any]:
    items = load_json(body or b"[]", "body")
    if isinstance(items, dict) and "faults" in items:
        items = items["faults"]
    if not isinstance(items, list):
        raise invalid_parameter("body must be a JSON list of faults")
    try:
        return [fault_from_json(item) for item in items]
    except FaultError as exc:
        raise invalid_parameter(f"faults: {exc}") from None
