"""Small wire helpers shared by the mock's tests (plain httpx, no SDK)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx

from mock_server.process import MockProcess

CODE_IMAGE = "agb-code-space-1"
KEY = "test-key-1234"
AUTH = {"authorization": f"Bearer {KEY}"}
BASE = "http://agb.mock"
ROOT = Path(__file__).resolve().parents[2]


def start_mock(*args: str) -> MockProcess:
    """Start ``python -m mock_server`` with ``args``; the caller stops it (``mock.stop()``)."""
    return MockProcess(*args)


def ok(response: httpx.Response) -> Any:
    """Assert a successful envelope and return its data."""
    body = response.json()
    assert response.status_code == 200, body
    assert body["success"] is True and body["code"] == "ok", body
    return body["data"]


def fail(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    """Assert a failed envelope with that status and code; return the envelope."""
    body: dict[str, Any] = response.json()
    assert response.status_code == status, body
    assert body["success"] is False and body["code"] == code, body
    assert body["httpStatusCode"] == status and body["data"] is None
    return body


def create(
    client: httpx.Client, labels: dict[str, str] | None = None, image: str = CODE_IMAGE
) -> str:
    body = {"labels": json.dumps(labels)} if labels else {}
    data = ok(client.post("/mcp/createSession", params={"imageId": image}, json=body))
    session_id: str = data["sessionId"]
    return session_id


def call_tool(client: httpx.Client, session_id: str, name: str, **args: Any) -> tuple[str, bool]:
    """Call a tool; return (text, isError)."""
    body = {"sessionId": session_id, "name": name, "args": json.dumps(args)}
    data = ok(client.post("/mcp", params={"autoGenSession": "false"}, json=body, timeout=30))
    assert [item["type"] for item in data["content"]] == ["text"]
    return data["content"][0]["text"], data["isError"]


def run_code(client: httpx.Client, session_id: str, code: str, **args: Any) -> dict[str, Any]:
    text, is_error = call_tool(
        client, session_id, "run_code", code=code, **{"language": "python", **args}
    )
    assert not is_error, text
    result: dict[str, Any] = json.loads(text)
    return result


def shell(
    client: httpx.Client, session_id: str, command: str, **args: Any
) -> tuple[dict[str, Any], bool]:
    text, is_error = call_tool(
        client, session_id, "shell", command=command, **{"timeout_ms": 10_000, **args}
    )
    return json.loads(text), is_error


def list_page(client: httpx.Client, **params: str) -> dict[str, Any]:
    body: dict[str, Any] = client.get("/sdk/ListSession", params=params).json()
    assert body["success"] is True, body
    return body
