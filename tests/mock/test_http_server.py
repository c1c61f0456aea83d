"""The real HTTP server: startup line, keep-alive, caps, loopback-only, concurrency, shutdown."""

from __future__ import annotations

import asyncio
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from mock_server import MockHTTPServer, MockService
from tests.mock.helpers import AUTH, ROOT, MockProcess, create, fail, ok, start_mock


def test_first_line_is_the_url(mock_process: MockProcess) -> None:
    host, port = mock_process.url.removeprefix("http://").split(":")
    assert host == "127.0.0.1" and 0 < int(port) < 65536


def test_keep_alive_reuses_one_connection(http_client: httpx.Client) -> None:
    peers = set()
    for _ in range(5):
        response = http_client.get("/sdk/ListSession")
        stream = response.extensions["network_stream"]
        peers.add(stream.get_extra_info("client_addr"))
        assert response.headers["content-length"] == str(len(response.content))
    assert len(peers) == 1


def test_body_over_1_mib_is_413(http_client: httpx.Client) -> None:
    big = b'{"sessionId": "' + b"x" * (1024 * 1024 + 10) + b'"}'
    body = fail(http_client.post("/mcp/getSession", content=big), 413, "RequestTooLarge")
    assert body["requestId"]
    ok(http_client.get("/sdk/ListSession"))


def test_url_over_16_kib_is_414(http_client: httpx.Client) -> None:
    response = http_client.get("/sdk/ListSession", params={"labels": "x" * (17 * 1024)})
    assert response.status_code == 414


def test_caps_apply_in_process_too(service: MockService, client: httpx.Client) -> None:
    fail(client.post("/mcp/getSession", content=b" " * (1024 * 1024 + 1)), 413, "RequestTooLarge")
    assert client.get("/sdk/ListSession", params={"labels": "x" * (17 * 1024)}).status_code == 414


def test_unknown_key_over_http(mock_process: MockProcess) -> None:
    with httpx.Client(base_url=mock_process.url) as http:
        fail(http.get("/_mock/sessions"), 401, "InvalidApiKey")
        fail(
            http.get("/sdk/ListSession", headers={"authorization": "Bearer other"}),
            401,
            "InvalidApiKey",
        )


def test_non_loopback_host_is_refused() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mock_server", "--host", "0.0.0.0", "--port", "0"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode != 0 and result.stdout == ""
    assert "--allow-non-loopback" in result.stderr
    with MockService() as service, pytest.raises(ValueError, match="non-loopback"):
        MockHTTPServer(service, "0.0.0.0")


def test_in_thread_server(tmp_path: Path) -> None:
    with MockService(scratch_parent=tmp_path) as service, MockHTTPServer(service) as server:
        with httpx.Client(base_url=server.url, headers=AUTH) as http:
            create(http)
        assert len(service.store.everything()) == 1


def test_100_concurrent_clients(http_client: httpx.Client, mock_process: MockProcess) -> None:
    async def burst() -> list[int]:
        limits = httpx.Limits(max_connections=200)
        async with httpx.AsyncClient(
            base_url=mock_process.url, headers=AUTH, limits=limits, timeout=30
        ) as http:
            answers = await asyncio.gather(
                *(
                    http.post("/mcp/createSession", params={"imageId": "agb-code-space-1"}, json={})
                    for _ in range(100)
                )
            )
            return [a.status_code for a in answers]

    assert asyncio.run(burst()) == [200] * 100
    assert len(ok(http_client.get("/_mock/sessions"))) == 100


def test_any_key_notice_and_clean_shutdown(tmp_path: Path) -> None:
    mock = start_mock()
    with httpx.Client(base_url=mock.url, headers={"authorization": "Bearer anything"}) as http:
        session_id = create(http)
        (found,) = ok(http.get("/_mock/sessions"))
        assert found["sessionId"] == session_id and found["status"] == "RUNNING"
    scratch = Path(found["scratch"])
    assert scratch.is_dir()
    mock.process.send_signal(signal.SIGTERM)
    assert mock.process.wait(timeout=10) == 0
    assert not scratch.exists() and not scratch.parent.exists()
    assert mock.process.stderr is not None
    assert "any non-empty key" in mock.process.stderr.read()
    mock.stop()
    with socket.socket() as probe:  # the port is released
        port = int(mock.url.rsplit(":", 1)[1])
        time.sleep(0.05)
        assert probe.connect_ex(("127.0.0.1", port)) != 0


def ok_text(envelope: dict[str, object]) -> str:
    import json

    data = envelope["data"]
    assert isinstance(data, dict) and data["isError"] is False
    stdout: str = json.loads(data["content"][0]["text"])["stdout"]
    return stdout


def test_presigned_urls_over_loopback_take_large_bodies(http_client: httpx.Client) -> None:
    """Presigned uploads are not under the 1 MiB JSON cap; the URL points at this server."""
    context = http_client.get("/sdk/GetContext", params={"name": "big", "allowCreate": "true"})
    params = {"contextId": context.json()["data"]["id"], "filePath": "/tmp/big.bin"}
    upload = http_client.post("/sdk/GetContextFileUploadUrl", params=params, json={})
    link = upload.json()["data"]["url"]
    assert link.startswith(str(http_client.base_url).rstrip("/") + "/_oss/")
    blob = bytes(range(256)) * (12 * 4096)  # 12 MiB
    with httpx.Client(timeout=60) as bare:  # no API key: the token is the credential
        assert bare.put(link, content=blob).status_code == 200
        download = http_client.post("/sdk/GetContextFileDownloadUrl", params=params, json={})
        with bare.stream("GET", download.json()["data"]["url"]) as response:
            assert response.status_code == 200
            assert int(response.headers["content-length"]) == len(blob)
            assert b"".join(response.iter_bytes()) == blob


def test_presigned_body_cap(service: MockService) -> None:
    from mock_server.objects import MAX_OBJECT_BYTES

    assert service.oversize_reply(MAX_OBJECT_BYTES, 20, "/_oss/token") is None
    too_big = service.oversize_reply(MAX_OBJECT_BYTES + 1, 20, "/_oss/token")
    assert too_big is not None and too_big.status == 413
    assert service.oversize_reply(2 * 1024 * 1024, 20, "/sdk/SyncContext") is not None
