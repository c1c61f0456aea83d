"""Small wire helpers shared by the mock's tests (plain httpx, no SDK)."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

CODE_IMAGE = "agb-code-space-1"
KEY = "test-key-1234"
AUTH = {"authorization": f"Bearer {KEY}"}
BASE = "http://agb.mock"
ROOT = Path(__file__).resolve().parents[2]


@dataclass
class MockProcess:
    url: str
    process: subprocess.Popen[str]


def start_mock(*args: str) -> MockProcess:
    """Start ``python -m mock_server`` with ``args``; the caller must stop it (see stop_mock)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "mock_server", "--host", "127.0.0.1", "--port", "0", *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    url = process.stdout.readline().strip()
    if not url.startswith("http://127.0.0.1:"):
        stop_mock(process)
        raise RuntimeError(f"the mock did not start: {url!r}")
    return MockProcess(url, process)


def stop_mock(process: subprocess.Popen[str]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


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
