"""A stateful fake of the AGB cloud-sandbox HTTP service, for tests and local development.

``MockService`` answers framework-free requests; ``mount_respx`` serves it in-process to httpx
clients; ``MockHTTPServer`` (and ``python -m mock_server``) serves it over loopback HTTP.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mock_server.faults import Fault, FaultError, FaultRules, parse_fault_spec
from mock_server.http_server import MockHTTPServer
from mock_server.service import MockService
from mock_server.wire import MockReply, MockRequest

if TYPE_CHECKING:
    from contextlib import AbstractContextManager

    import respx


def mount_respx(
    service: MockService, base_url: str = "http://agb.mock", *, assert_all_mocked: bool = True
) -> AbstractContextManager[respx.MockRouter]:
    """Serve ``service`` in-process at ``base_url`` (see respx_adapter; imports respx lazily)."""
    from mock_server import respx_adapter

    return respx_adapter.mount_respx(service, base_url, assert_all_mocked=assert_all_mocked)


__all__ = [
    "Fault",
    "FaultError",
    "FaultRules",
    "MockHTTPServer",
    "MockReply",
    "MockRequest",
    "MockService",
    "mount_respx",
    "parse_fault_spec",
]
