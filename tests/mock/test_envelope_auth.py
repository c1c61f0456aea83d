"""The envelope, request ids, authentication and generic errors."""

from __future__ import annotations

import re

import httpx
import pytest

from mock_server import MockRequest, MockService, mount_respx
from tests.mock.helpers import AUTH, BASE, CODE_IMAGE, KEY, MockProcess, create, fail, ok

UUID_UPPER = re.compile(r"^[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$")


def test_success_envelope_has_every_field(client: httpx.Client) -> None:
    response = client.post("/mcp/createSession", params={"imageId": CODE_IMAGE}, json={})
    body = response.json()
    assert response.headers["content-type"] == "application/json"
    assert set(body) == {"success", "code", "message", "requestId", "httpStatusCode", "data"}
    assert (body["success"], body["code"], body["message"], body["httpStatusCode"]) == (
        True,
        "ok",
        "",
        200,
    )
    assert UUID_UPPER.match(body["requestId"])
    assert response.headers["x-request-id"] == body["requestId"]


def test_request_ids_are_fresh(client: httpx.Client) -> None:
    ids = {client.get("/sdk/ListSession").json()["requestId"] for _ in range(5)}
    assert len(ids) == 5


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"authorization": "Bearer wrong"},
        {"authorization": KEY},
        {"authorization": f"Basic {KEY}"},
        {"authorization": "Bearer "},
    ],
)
def test_bad_or_missing_key_is_401(service: MockService, headers: dict[str, str]) -> None:
    with mount_respx(service, BASE), httpx.Client(base_url=BASE, headers=headers) as http:
        body = fail(http.get("/sdk/ListSession"), 401, "InvalidApiKey")
    assert body["message"] == "Invalid or missing API key"
    assert UUID_UPPER.match(body["requestId"])


def test_header_name_and_scheme_are_case_insensitive(service: MockService) -> None:
    reply = service.handle(
        MockRequest("GET", "/sdk/ListSession", headers={"AuThOrIzAtIoN": f"bEaReR {KEY}"})
    )
    assert reply.status == 200 and reply.json()["success"] is True


def test_any_key_mode_accepts_any_non_empty_key() -> None:
    with MockService() as service, mount_respx(service, BASE):
        with httpx.Client(base_url=BASE, headers={"authorization": "Bearer whatever"}) as http:
            ok(http.get("/sdk/ListSession"))
        with httpx.Client(base_url=BASE) as http:
            fail(http.get("/sdk/ListSession"), 401, "InvalidApiKey")


def test_unknown_path_is_404(client: httpx.Client) -> None:
    body = fail(client.get("/nowhere"), 404, "InvalidAction.NotFound")
    assert "/nowhere" in body["message"]
    fail(client.post("/mcp/nowhere", json={}), 404, "InvalidAction.NotFound")


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("GET", "/mcp/createSession", "POST"),
        ("POST", "/sdk/ListSession", "GET"),
        ("DELETE", "/mcp", "POST"),
    ],
)
def test_wrong_method_is_405_with_allow(
    client: httpx.Client, method: str, path: str, allow: str
) -> None:
    response = client.request(method, path)
    fail(response, 405, "MethodNotAllowed")
    assert response.headers["allow"] == allow


def test_other_methods_over_http(mock_process: MockProcess) -> None:
    with httpx.Client(base_url=mock_process.url, headers=AUTH) as http:
        for method in ("TRACE", "QUERY", "PUT"):
            assert http.request(method, "/mcp").status_code == 405
        head = http.head("/sdk/ListSession")
        assert head.status_code == 405 and head.content == b""
        assert head.headers["allow"] == "GET" and int(head.headers["content-length"]) > 0
        ok(http.get("/sdk/ListSession"))  # the connection is still in step


def test_malformed_json_body_is_400(client: httpx.Client) -> None:
    body = fail(client.post("/mcp/getSession", content=b"{not json"), 400, "InvalidParameter")
    assert "JSON" in body["message"]
    fail(client.post("/mcp/getSession", content=b"[1, 2]"), 400, "InvalidParameter")


def test_missing_field_is_400_naming_it(client: httpx.Client) -> None:
    body = fail(client.post("/mcp/getSession", json={}), 400, "InvalidParameter")
    assert "sessionId" in body["message"]
    body = fail(client.post("/mcp/createSession", json={}), 400, "InvalidParameter")
    assert "imageId" in body["message"]


def test_wrongly_typed_field_is_400(client: httpx.Client) -> None:
    body = fail(client.post("/mcp/getSession", json={"sessionId": 7}), 400, "InvalidParameter")
    assert "sessionId" in body["message"]


def test_empty_body_counts_as_empty_object(client: httpx.Client) -> None:
    session_id = create(client)
    response = client.post("/mcp/refreshSessionIdleTime", params={"sessionId": session_id})
    assert ok(response) is None
