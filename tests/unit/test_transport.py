"""Retries, failure wording, request ids and key masking at the transport edge (respx faults)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import respx

import agb.transport
from agb import AGB, Config, CreateSessionParams

BASE = "http://agb.test"
KEY = "akm-unit-test-key-9876"


def envelope(status: int = 200, request_id: str = "RID-OK", **fields: Any) -> httpx.Response:
    body = {"success": status < 300, "code": "ok" if status < 300 else "Failure",
            "message": "", "requestId": request_id, "httpStatusCode": status, **fields}  # fmt: skip
    return httpx.Response(status, json=body, headers={"x-request-id": request_id})


CREATED = envelope(data={"sessionId": "session-1", "success": True})
INFO = envelope(data={"sessionId": "session-1", "resourceUrl": "https://r"})


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    waited: list[float] = []
    monkeypatch.setattr(agb.transport.time, "sleep", waited.append)
    return waited


@pytest.fixture
def router() -> Iterator[respx.MockRouter]:
    with respx.mock(base_url=BASE, assert_all_called=False) as mocked:
        yield mocked


def client(**cfg: Any) -> AGB:
    return AGB(api_key=KEY, cfg=Config(endpoint=BASE, **cfg))


def create(sdk: AGB) -> Any:
    return sdk.create(CreateSessionParams(image_id="agb-code-space-1"))


def test_429_is_retried_after_retry_after(router: respx.MockRouter, sleeps: list[float]) -> None:
    limited = httpx.Response(429, text="Too Many Requests", headers={"Retry-After": "2"})
    route = router.post("/mcp/createSession").mock(side_effect=[limited, CREATED])
    result = create(client())
    assert result.success and result.session.session_id == "session-1"
    assert route.call_count == 2
    assert sleeps == [2.0]


def test_retry_after_beyond_the_timeout_is_not_waited(
    router: respx.MockRouter, sleeps: list[float]
) -> None:
    limited = httpx.Response(429, text="Too Many Requests", headers={"Retry-After": "120"})
    router.post("/mcp/createSession").mock(side_effect=[limited, CREATED])
    result = create(client(timeout_ms=5000))
    assert not result.success and sleeps == []
    assert result.error_message.startswith("Failed to create session: ")
    assert "Too Many Requests" in result.error_message
    assert "no retry" in result.error_message


@pytest.mark.parametrize("status", [502, 503, 504])
def test_gateway_errors_retry_idempotent_calls(
    router: respx.MockRouter, sleeps: list[float], status: int
) -> None:
    router.post("/mcp/createSession").mock(return_value=CREATED)
    route = router.post("/mcp/getMcpResource").mock(
        side_effect=[httpx.Response(status, text="<html>bad gateway</html>"), INFO]
    )
    session = create(client()).session
    assert session.info().success
    assert route.call_count == 2 and len(sleeps) == 1


def test_gateway_errors_do_not_retry_create(router: respx.MockRouter, sleeps: list[float]) -> None:
    route = router.post("/mcp/createSession").mock(
        side_effect=[
            httpx.Response(503, text="<html><body>Service Unavailable</body></html>"),
            CREATED,
        ]
    )
    result = create(client())
    assert not result.success and route.call_count == 1
    assert result.error_message == "Failed to create session: Service Unavailable (HTTP 503)"


def test_connect_error_is_retried_even_for_create(
    router: respx.MockRouter, sleeps: list[float]
) -> None:
    route = router.post("/mcp/createSession").mock(
        side_effect=[httpx.ConnectError("refused"), CREATED]
    )
    assert create(client()).success and route.call_count == 2


def test_lost_create_response_is_not_retried(router: respx.MockRouter, sleeps: list[float]) -> None:
    route = router.post("/mcp/createSession").mock(
        side_effect=[httpx.RemoteProtocolError("Server disconnected"), CREATED]
    )
    result = create(client())
    assert not result.success and route.call_count == 1 and sleeps == []
    assert "connection lost before a response arrived" in result.error_message


def test_read_timeout_retries_idempotent_calls(
    router: respx.MockRouter, sleeps: list[float]
) -> None:
    router.post("/mcp/createSession").mock(return_value=CREATED)
    route = router.post("/mcp/getMcpResource").mock(side_effect=[httpx.ReadTimeout("slow"), INFO])
    assert create(client()).session.info().success and route.call_count == 2


def test_max_retries_zero_turns_retries_off(router: respx.MockRouter, sleeps: list[float]) -> None:
    router.post("/mcp/createSession").mock(return_value=CREATED)
    route = router.post("/mcp/getMcpResource").mock(side_effect=[httpx.Response(503), INFO])
    result = create(client(max_retries=0)).session.info()
    assert not result.success and route.call_count == 1 and sleeps == []


def test_retries_stop_at_max_retries(router: respx.MockRouter, sleeps: list[float]) -> None:
    router.post("/mcp/createSession").mock(return_value=CREATED)
    route = router.post("/mcp/getMcpResource").mock(return_value=httpx.Response(502))
    result = create(client(max_retries=2)).session.info()
    assert not result.success and route.call_count == 3 and len(sleeps) == 2
    assert all(0 <= s <= 5 for s in sleeps)


def test_service_error_keeps_code_message_and_request_id(router: respx.MockRouter) -> None:
    router.post("/mcp/createSession").mock(return_value=CREATED)
    router.post("/mcp/getMcpResource").mock(
        return_value=httpx.Response(
            400,
            json={
                "success": False,
                "code": "InvalidMcpSession.NotFound",
                "requestId": "RID-404",
                "message": "Session session-1 not found",
                "httpStatusCode": 400,
            },
        )
    )
    result = create(client()).session.info()
    assert not result.success and result.request_id == "RID-404"
    assert result.error_message == (
        "Failed to get session info for session session-1: "
        "[InvalidMcpSession.NotFound] Session session-1 not found (HTTP 400)"
    )


@pytest.mark.parametrize(
    "response",
    [
        httpx.Response(
            200, text='{"success": true, "data": {"sessi', headers={"x-request-id": "R"}
        ),
        httpx.Response(200, text="<html>login</html>", headers={"x-request-id": "R"}),
        httpx.Response(
            200, json={"success": True, "data": "not an object"}, headers={"x-request-id": "R"}
        ),
    ],
)
def test_malformed_bodies_give_failed_results(
    router: respx.MockRouter, response: httpx.Response
) -> None:
    router.post("/mcp/createSession").mock(return_value=response)
    result = create(client())
    assert not result.success and result.session is None
    assert result.error_message.startswith("Failed to create session:")
    assert result.request_id == "R"


def test_success_false_with_http_200_is_a_failure(router: respx.MockRouter) -> None:
    router.post("/mcp/createSession").mock(
        return_value=httpx.Response(
            200,
            json={
                "success": False,
                "code": "ServiceUnavailable",
                "message": "try later",
                "requestId": "R-9",
            },
        )
    )
    result = create(client())
    assert not result.success and result.request_id == "R-9"
    assert "[ServiceUnavailable] try later" in result.error_message


def test_key_never_appears_in_logs_reprs_or_errors(
    router: respx.MockRouter, sleeps: list[float], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    router.post("/mcp/createSession").mock(
        side_effect=[httpx.ConnectError(f"refused {BASE}"), CREATED]
    )
    router.post("/mcp/getMcpResource").mock(side_effect=[httpx.Response(503), INFO])
    sdk = client()
    session = create(sdk).session
    session.info()
    texts = [repr(sdk), str(sdk), repr(sdk.settings), repr(session), repr(sdk._transport),
             repr(sdk._transport._auth), repr(sdk._transport._parser())]  # fmt: skip
    texts += [record.getMessage() for record in caplog.records]
    assert any("retrying" in t for t in texts), "every retry is logged"
    assert any("AGB.create" in t and "RID-OK" in t for t in texts), "calls are logged at DEBUG"
    for text in texts:
        assert KEY not in text and KEY[4:] not in text
    assert "akm-****9876" in repr(sdk)


def test_requests_carry_the_bearer_key(router: respx.MockRouter) -> None:
    route = router.post("/mcp/createSession").mock(return_value=CREATED)
    create(client())
    request = route.calls.last.request
    assert request.headers["authorization"] == f"Bearer {KEY}"
    assert request.headers["content-type"] == "application/json"
    assert request.url.params["imageId"] == "agb-code-space-1"


def test_gets_carry_the_json_content_type_too(router: respx.MockRouter) -> None:
    route = router.get("/sdk/ListSession").mock(return_value=envelope(data=[], count=0))
    assert client().list().success
    request = route.calls.last.request
    assert request.headers["content-type"] == "application/json" and request.content == b""


def test_own_http_client_is_used_and_not_closed(router: respx.MockRouter) -> None:
    router.post("/mcp/createSession").mock(return_value=CREATED)
    seen: list[httpx.Request] = []
    with httpx.Client(event_hooks={"request": [seen.append]}) as http:
        with AGB(api_key=KEY, cfg=Config(endpoint=BASE), http_client=http) as sdk:
            assert create(sdk).success
        assert not http.is_closed
    assert len(seen) == 1
