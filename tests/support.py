"""Test support: the mock reached in-process (respx) or over loopback HTTP, behind one interface.

Seeding and inspection use plain httpx against the mock's API and its ``/_mock/`` admin surface,
never the SDK under test, so a test cannot pass because the SDK agrees with itself.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from mock_server.process import spawn

ROOT = Path(__file__).resolve().parents[1]
API_KEY = "akm-test-suite-key-000000001"
RESPX_URL = "http://agb.mock"


class Backend:
    """A running mock: its URL, the key it accepts, and plain-HTTP helpers."""

    def __init__(self, url: str, api_key: str = API_KEY) -> None:
        self.url = url
        self.api_key = api_key

    def request(self, method: str, path: str, **kwargs: Any) -> Any:
        headers = {"authorization": f"Bearer {self.api_key}"}
        response = httpx.request(method, self.url + path, headers=headers, timeout=30, **kwargs)
        response.raise_for_status()
        return response.json()

    def seed_session(self, labels: dict[str, str] | None = None) -> str:
        body = {"labels": json.dumps(labels)} if labels else {}
        answer = self.request(
            "POST", "/mcp/createSession", params={"imageId": "agb-code-space-1"}, json=body
        )
        return str(answer["data"]["sessionId"])

    def sessions(self) -> list[dict[str, Any]]:
        return list(self.request("GET", "/_mock/sessions")["data"])

    def running_sessions(self) -> set[str]:
        return {s["sessionId"] for s in self.sessions() if s["status"] == "RUNNING"}

    def set_faults(self, *faults: dict[str, Any]) -> None:
        self.request("POST", "/_mock/faults", json=list(faults))

    def reset(self) -> None:
        self.request("POST", "/_mock/reset", json={})


@contextmanager
def mock_process(*args: str) -> Iterator[Backend]:
    """``python -m mock_server`` on an ephemeral loopback port, stopped on exit."""
    with spawn("--api-key", API_KEY, *args) as url:
        yield Backend(url)
