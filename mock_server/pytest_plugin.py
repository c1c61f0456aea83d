"""pytest fixtures (registered through the ``pytest11`` entry point ``agb_mock``) for testing
code that talks to AGB against the mock, with AGB_ENDPOINT and AGB_API_KEY pointed at it:

- ``agb_mock_service``: a fresh MockService, closed after the test;
- ``agb_mock``: that service mounted in-process with respx at ``http://agb.mock``;
- ``agb_mock_http``: that service served over loopback HTTP (a MockHTTPServer, see ``.url``);
- ``agb_client``: a ready ``agb.AGB`` wired to ``agb_mock`` (fault switches on ``agb_mock.faults``),
  closed after the test. It imports the SDK only when used; the mock shares no code with it.

Install with ``pip install 'agb-sdk[testing]'``; the fixtures are then available in every test.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from mock_server.http_server import MockHTTPServer
from mock_server.service import MockService

MOCK_URL = "http://agb.mock"
MOCK_KEY = "akm-mock-0000000000000000"


@pytest.fixture
def agb_mock_service() -> Iterator[MockService]:
    with MockService() as service:
        yield service


@pytest.fixture
def agb_mock(
    agb_mock_service: MockService, monkeypatch: pytest.MonkeyPatch
) -> Iterator[MockService]:
    from mock_server.respx_adapter import mount_respx

    monkeypatch.setenv("AGB_ENDPOINT", MOCK_URL)
    monkeypatch.setenv("AGB_API_KEY", MOCK_KEY)
    with mount_respx(agb_mock_service, MOCK_URL):
        yield agb_mock_service


@pytest.fixture
def agb_mock_http(
    agb_mock_service: MockService, monkeypatch: pytest.MonkeyPatch
) -> Iterator[MockHTTPServer]:
    with MockHTTPServer(agb_mock_service) as server:
        monkeypatch.setenv("AGB_ENDPOINT", server.url)
        monkeypatch.setenv("AGB_API_KEY", MOCK_KEY)
        yield server


@pytest.fixture
def agb_client(agb_mock: MockService) -> Iterator[Any]:
    from agb import AGB

    with AGB() as client:
        yield client
