"""Byte-level checks of the HTTP server, below httpx: a dropped request gets EOF and no bytes,
an unreadable body length is refused, and the pytest plugin's fixtures work."""

from __future__ import annotations

import os
import socket

import httpx
import pytest

from mock_server import Fault, MockHTTPServer, MockService
from tests.mock.helpers import KEY, MockProcess, ok


def exchange(url: str, raw: bytes) -> bytes:
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(raw)
        received = b""
        while chunk := sock.recv(65536):
            received += chunk
            if b"\r\n\r\n" in received and b"Connection: close" not in received:
                break
        return received


def request(path: str, extra: str = "", body: bytes = b"{}") -> bytes:
    head = f"POST {path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {KEY}\r\n{extra}"
    return head.encode() + f"Content-Length: {len(body)}\r\n\r\n".encode() + body


def test_drop_closes_without_a_byte(http_client: httpx.Client, mock_process: MockProcess) -> None:
    ok(http_client.post("/_mock/faults", json=["drop@getSession"]))
    assert exchange(mock_process.url, request("/mcp/getSession")) == b""


def test_bad_content_length_is_refused(mock_process: MockProcess) -> None:
    raw = f"POST /mcp/getSession HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {KEY}\r\n"
    answer = exchange(mock_process.url, (raw + "Content-Length: abc\r\n\r\n{}").encode())
    assert answer.startswith(b"HTTP/1.1 411 ") and b"MissingContentLength" in answer


def test_unexpected_failure_is_a_500_envelope(service: MockService, client: httpx.Client) -> None:
    def broken(params: object) -> object:
        raise OSError("disk on fire")

    service.operations.table["listSessions"] = broken  # type: ignore[assignment]
    response = client.get("/sdk/ListSession")
    body = response.json()
    assert response.status_code == 500 and body["code"] == "InternalError"
    assert "disk on fire" in body["message"]


def test_plugin_fixture_in_process(agb_mock: MockService) -> None:
    endpoint, key = os.environ["AGB_ENDPOINT"], os.environ["AGB_API_KEY"]
    with httpx.Client(base_url=endpoint, headers={"authorization": f"Bearer {key}"}) as http:
        ok(http.post("/mcp/createSession", params={"imageId": "agb-code-space-2"}, json={}))
    assert len(agb_mock.store.everything()) == 1


def test_plugin_fixture_over_http(agb_mock_http: MockHTTPServer) -> None:
    assert os.environ["AGB_ENDPOINT"] == agb_mock_http.url
    agb_mock_http.service.faults.add(Fault("status", 502, times=1))
    with httpx.Client(base_url=agb_mock_http.url, headers={"authorization": "Bearer x"}) as http:
        assert http.get("/sdk/ListSession").status_code == 502
        ok(http.get("/sdk/ListSession"))


@pytest.mark.parametrize("host", ["127.0.0.2", "::1", "localhost"])
def test_loopback_hosts_are_accepted(host: str) -> None:
    from mock_server.http_server import is_loopback

    assert is_loopback(host)
    assert not is_loopback("10.1.2.3") and not is_loopback("example.com")
