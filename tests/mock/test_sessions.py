"""Each session operation: happy path and unknown/released session."""

from __future__ import annotations

import json

import httpx
import pytest

from mock_server import MockService
from tests.mock.helpers import CODE_IMAGE, create, fail, ok


def test_create_answers_every_field(client: httpx.Client) -> None:
    data = ok(
        client.post(
            "/mcp/createSession",
            params={"imageId": CODE_IMAGE, "sdkStats": "{}"},
            json={"timeout": 600, "mcpPolicyId": "p", "contextId": "c"},
        )
    )
    session_id = data["sessionId"]
    assert session_id.startswith("session-") and len(session_id) == 32
    assert int(session_id[8:], 16) >= 0 and session_id == session_id.lower()
    assert data["resourceUrl"].startswith("https://")
    assert f"resourceId={data['resourceId']}&" in data["resourceUrl"]
    assert data["success"] is True and data["errMsg"] == ""
    assert (data["linkUrl"], data["wsUrl"], data["token"]) == ("", "", "")
    assert data["networkInterfaceIp"].startswith("10.0.")
    assert data["appInstanceId"] and data["resourceId"] and data["taskId"]
    tools = json.loads(data["toolList"])
    assert {"run_code", "shell"} <= {tool["name"] for tool in tools}


def test_create_with_unknown_image(client: httpx.Client) -> None:
    body = fail(
        client.post("/mcp/createSession", params={"imageId": "nope"}, json={}),
        400,
        "InvalidImageId.NotFound",
    )
    assert body["message"] == "Image nope not found"


def test_create_rejects_bad_labels(client: httpx.Client) -> None:
    for labels in ("{oops", json.dumps({"a": 1}), json.dumps(["a"])):
        body = fail(
            client.post(
                "/mcp/createSession", params={"imageId": CODE_IMAGE}, json={"labels": labels}
            ),
            400,
            "InvalidParameter",
        )
        assert "labels" in body["message"]


def test_extra_image_from_constructor() -> None:
    with MockService(images={"my-image": "browser"}) as service:
        assert "my-image" in service.images and "agb-code-space-2" in service.images


def test_get_session(client: httpx.Client) -> None:
    session_id = create(client)
    data = ok(client.post("/mcp/getSession", json={"sessionId": session_id}))
    assert data["sessionId"] == session_id and data["status"] == "RUNNING"
    assert (data["linkUrl"], data["wsUrl"]) == ("", "")
    assert data["appInstanceId"] and data["resourceId"].startswith("p-")
    # As the service shapes it: the resource id in the query, a fresh auth code on every call.
    again = ok(client.post("/mcp/getSession", json={"sessionId": session_id}))
    for url in (data["resourceUrl"], again["resourceUrl"]):
        assert f"?resourceId={data['resourceId']}&authcode=" in url
    assert again["resourceUrl"] != data["resourceUrl"]


def test_get_mcp_resource(client: httpx.Client) -> None:
    code = create(client)
    data = ok(client.post("/mcp/getMcpResource", json={"sessionId": code}))
    assert data["sessionId"] == code and "desktopInfo" not in data
    desktop = create(client, image="agb-computer-use-ubuntu-2204")
    info = ok(client.post("/mcp/getMcpResource", json={"sessionId": desktop}))["desktopInfo"]
    assert set(info) == {
        "appId",
        "authCode",
        "connectionProperties",
        "resourceId",
        "resourceType",
        "ticket",
    }


def test_release_removes_at_once(client: httpx.Client) -> None:
    session_id = create(client)
    assert ok(client.post("/mcp/releaseSession", json={"sessionId": session_id})) is None
    fail(
        client.post("/mcp/getSessionInfo", json={"sessionId": session_id}),
        400,
        "InvalidMcpSession.NotFound",
    )
    fail(
        client.post("/mcp/releaseSession", json={"sessionId": session_id}),
        400,
        "InvalidMcpSession.NotFound",
    )


@pytest.mark.parametrize("polls", [1, 3])
def test_async_release_goes_deleting_then_finish(
    service: MockService, client: httpx.Client, polls: int
) -> None:
    service.deleting_polls = polls
    session_id = create(client)
    info = {"sessionId": session_id}
    assert ok(client.post("/mcp/getSessionInfo", json=info)) == {"status": "RUNNING"}
    assert ok(client.post("/mcp/releaseSessionAsync", json=info)) is None
    fail(client.post("/mcp/getSession", json=info), 400, "InvalidMcpSession.NotFound")
    statuses = [
        ok(client.post("/mcp/getSessionInfo", json=info))["status"] for _ in range(polls + 1)
    ]
    assert statuses == ["DELETING"] * polls + ["FINISH"]
    fail(client.post("/mcp/getSessionInfo", json=info), 400, "InvalidMcpSession.NotFound")


def test_refresh_touches_last_active(service: MockService, client: httpx.Client) -> None:
    session_id = create(client)
    before = service.store.everything()[0][0].last_active
    assert (
        ok(client.post("/mcp/refreshSessionIdleTime", params={"sessionId": session_id}, json={}))
        is None
    )
    assert service.store.everything()[0][0].last_active >= before


def test_labels_replace_and_read(client: httpx.Client) -> None:
    session_id = create(client, {"a": "1", "b": "2"})
    labels = {"project": "demo", "environment": "production"}
    assert (
        ok(
            client.post(
                "/sdk/SetLabel",
                params={"sessionId": session_id, "Labels": json.dumps(labels)},
                json={},
            )
        )
        is None
    )
    data = ok(client.get("/sdk/GetLabel", params={"sessionId": session_id, "maxResults": "5"}))
    assert json.loads(data["labels"]) == labels
    assert (data["count"], data["nextToken"], data["maxResults"]) == (2, "", 5)


def test_set_label_validates(client: httpx.Client) -> None:
    session_id = create(client)
    for params in (
        {"sessionId": session_id},
        {"sessionId": session_id, "Labels": "[1]"},
        {"sessionId": session_id, "Labels": '{"a": 2}'},
    ):
        body = fail(client.post("/sdk/SetLabel", params=params, json={}), 400, "InvalidParameter")
        assert "Labels" in body["message"]


def test_list_tools_is_a_json_string(client: httpx.Client) -> None:
    data = ok(client.post("/mcp/listTools", params={"imageId": CODE_IMAGE}, json={}))
    tools = json.loads(data)
    by_name = {tool["name"]: tool for tool in tools}
    assert by_name["run_code"]["server"] == "wuying_codespace"
    assert by_name["shell"]["server"] == "wuying_shell"
    # File tools name no server: an SDK with a linkUrl would otherwise route them there.
    assert "server" not in by_name["read_file"]
    for tool in tools:
        assert set(tool) - {"server"} == {"name", "description", "inputSchema", "tool"}
        assert tool["inputSchema"]["type"] == "object" and tool["description"]
    assert "code" in by_name["run_code"]["inputSchema"]["required"]
    browser = json.loads(
        ok(client.post("/mcp/listTools", params={"imageId": "agb-browser-use-1"}, json={}))
    )
    assert len(browser) >= 2 and "run_code" not in {tool["name"] for tool in browser}
    fail(
        client.post("/mcp/listTools", params={"imageId": "nope"}, json={}),
        400,
        "InvalidImageId.NotFound",
    )


GONE = "session-000000000000000000000000"
NOT_FOUND_CALLS = [
    ("POST", "/mcp/getSession", {}, {"sessionId": GONE}),
    ("POST", "/mcp/getSessionInfo", {}, {"sessionId": GONE}),
    ("POST", "/mcp/getMcpResource", {}, {"sessionId": GONE}),
    ("POST", "/mcp/releaseSession", {}, {"sessionId": GONE}),
    ("POST", "/mcp/releaseSessionAsync", {}, {"sessionId": GONE}),
    ("POST", "/mcp/refreshSessionIdleTime", {"sessionId": GONE}, {}),
    ("POST", "/sdk/SetLabel", {"sessionId": GONE, "Labels": '{"a": "b"}'}, {}),
    ("GET", "/sdk/GetLabel", {"sessionId": GONE}, None),
    (
        "POST",
        "/mcp",
        {"autoGenSession": "false"},
        {"sessionId": GONE, "name": "shell", "args": '{"command": "true"}'},
    ),
]


@pytest.mark.parametrize(("method", "path", "query", "body"), NOT_FOUND_CALLS)
def test_unknown_session_is_not_found(
    client: httpx.Client, method: str, path: str, query: dict[str, str], body: dict[str, str] | None
) -> None:
    response = client.request(method, path, params=query, json=body)
    assert (
        fail(response, 400, "InvalidMcpSession.NotFound")["message"] == f"Session {GONE} not found"
    )
