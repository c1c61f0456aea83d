"""Fixtures for the mock's own tests. They speak plain httpx to the mock, never the SDK.

- ``service``: a fresh MockService accepting only ``KEY``;
- ``client``: an httpx.Client (auth header set) served in-process by ``service`` through respx;
- ``mock_process``: ``python -m mock_server`` on loopback, one per test session, killed at the end;
- ``http_client``: an httpx.Client to that process; the mock is reset before each test.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from mock_server import MockService, mount_respx
from tests.mock.helpers import AUTH, BASE, KEY, MockProcess, start_mock


@pytest.fixture
def service() -> Iterator[MockService]:
    with MockService([KEY]) as mock:
        yield mock


@pytest.fixture
def client(service: MockService) -> Iterator[httpx.Client]:
    with mount_respx(service, BASE), httpx.Client(base_url=BASE, headers=AUTH) as http:
        yield http


@pytest.fixture(scope="session")
def mock_process() -> Iterator[MockProcess]:
    mock = start_mock("--api-key", KEY)
    try:
        yield mock
    finally:
        mock.stop()


@pytest.fixture
def http_client(mock_process: MockProcess) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=mock_process.url, headers=AUTH, timeout=30) as http:
        http.post("/_mock/reset", json={}).raise_for_status()
        yield http
