"""Fixtures shared by the SDK tests: the mock in-process (respx) and over loopback HTTP."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from mock_server import MockService, mount_respx
from tests.support import API_KEY, RESPX_URL, Backend, mock_process


@pytest.fixture
def mock_service() -> Iterator[MockService]:
    with MockService(api_keys=[API_KEY]) as service:
        yield service


@pytest.fixture
def respx_backend(mock_service: MockService) -> Iterator[Backend]:
    """A fresh mock served in-process at http://agb.mock; no socket is opened."""
    with mount_respx(mock_service, RESPX_URL):
        yield Backend(RESPX_URL)


@pytest.fixture(scope="session")
def _http_mock() -> Iterator[Backend]:
    with mock_process() as backend:
        yield backend


@pytest.fixture
def http_backend(_http_mock: Backend) -> Iterator[Backend]:
    """``python -m mock_server`` on loopback, reset to an empty account for each test."""
    _http_mock.reset()
    yield _http_mock
    _http_mock.set_faults()
