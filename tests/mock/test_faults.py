"""Fault injection: the spec parser, and every fault kind both in-process (respx) and over real
HTTP (the mock process, faults set through /_mock/faults)."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from mock_server import Fault, FaultError, MockService, mount_respx, parse_fault_spec
from mock_server.faults import fault_from_json
from tests.mock.helpers import AUTH, BASE, CODE_IMAGE, create, ok, start_mock


def test_spec_parser() -> None:
    assert parse_fault_spec("rate_limit=1@createSession*1") == Fault(
        "rate_limit", 1.0, "createSession", 1
    )
    assert parse_fault_spec("status=503*2") == Fault("status", 503, None, 2)
    assert parse_fault_spec("latency=0.2") == Fault("latency", 0.2)
    assert parse_fault_spec("drop@listSessions") == Fault("drop", None, "listSessions")
    assert parse_fault_spec("rate_limit").value == 1.0
    assert parse_fault_spec("envelope_error").value == "ServiceUnavailable"
    assert fault_from_json({"kind": "status", "value": "502", "times": 1}) == Fault(
        "status", 502, times=1
    )
    assert fault_from_json("truncated@getSession") == Fault("truncated", operation="getSession")


@pytest.mark.parametrize(
    "spec",
    [
        "boom",
        "status=418",
        "latency=-1",
        "drop=3",
        "drop@nope",
        "status=503*0",
        "latency=abc",
        "kind=1@@x",
    ],
)
def test_spec_parser_rejects(spec: str) -> None:
    with pytest.raises(FaultError):
        parse_fault_spec(spec)


def test_times_and_operation_targeting(service: MockService, client: httpx.Client) -> None:
    service.faults.add(Fault("rate_limit", 2, "createSession", times=2))
    ok(client.get("/sdk/ListSession"))  # other operations are untouched
    assert [post_create(client).status_code for _ in range(3)] == [429, 429, 200]
    assert service.faults.snapshot() == []


def test_latency_stacks_with_another_fault(service: MockService, client: httpx.Client) -> None:
    service.faults.add(Fault("latency", 0.2))
    service.faults.add(Fault("status", 503, times=1))
    started = time.monotonic()
    assert client.get("/sdk/ListSession").status_code == 503
    assert client.get("/sdk/ListSession").status_code == 200
    assert time.monotonic() - started >= 0.4
    service.faults.clear()
    assert service.faults.snapshot() == []


@dataclass
class Backend:
    """One way of reaching the mock: its client, a way to set faults, a way to count sessions."""

    client: httpx.Client
    set_faults: Callable[[list[Any]], None]
    running: Callable[[], int]
    over_http: bool


@pytest.fixture(params=["respx", "http"])
def backend(request: pytest.FixtureRequest) -> Iterator[Backend]:
    if request.param == "respx":
        service: MockService = request.getfixturevalue("service")
        client: httpx.Client = request.getfixturevalue("client")
        yield Backend(
            client,
            lambda items: service.faults.replace([fault_from_json(i) for i in items]),
            lambda: len(service.store.everything()),
            False,
        )
    else:
        http: httpx.Client = request.getfixturevalue("http_client")
        yield Backend(
            http,
            lambda items: ok(http.post("/_mock/faults", json=items)) and None,
            lambda: len(ok(http.get("/_mock/sessions"))),
            True,
        )


def post_create(client: httpx.Client) -> httpx.Response:
    return client.post("/mcp/createSession", params={"imageId": CODE_IMAGE}, json={})


def send_create(backend: Backend) -> httpx.Response:
    return post_create(backend.client)


def test_latency(backend: Backend) -> None:
    backend.set_faults([{"kind": "latency", "value": 0.3, "operation": "createSession"}])
    started = time.monotonic()
    ok(send_create(backend))
    assert time.monotonic() - started >= 0.3


def test_rate_limit(backend: Backend) -> None:
    backend.set_faults([{"kind": "rate_limit", "value": 2, "times": 1}])
    response = send_create(backend)
    assert response.status_code == 429 and response.text == "Too Many Requests"
    assert response.headers["retry-after"] == "2"
    assert backend.running() == 0
    ok(send_create(backend))


def test_status_500_has_an_envelope(backend: Backend) -> None:
    backend.set_faults(["status=500*1"])
    response = send_create(backend)
    body = response.json()
    assert response.status_code == 500
    assert (body["success"], body["code"], body["httpStatusCode"]) == (False, "InternalError", 500)


@pytest.mark.parametrize("status", [502, 503, 504])
def test_gateway_statuses_have_no_envelope(backend: Backend, status: int) -> None:
    backend.set_faults([{"kind": "status", "value": status}])
    response = send_create(backend)
    assert response.status_code == status
    assert response.headers["content-type"].startswith(("text/plain", "text/html"))
    with pytest.raises(json.JSONDecodeError):
        response.json()
    assert backend.running() == 0


def test_truncated(backend: Backend) -> None:
    backend.set_faults(["truncated@createSession*1"])
    response = send_create(backend)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.text.startswith('{"success": true')
    with pytest.raises(json.JSONDecodeError):
        response.json()
    assert backend.running() == 1  # the request was processed


def test_non_json(backend: Backend) -> None:
    backend.set_faults(["non_json"])
    response = send_create(backend)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert response.text.lstrip().startswith("<html")


def test_envelope_error(backend: Backend) -> None:
    backend.set_faults([{"kind": "envelope_error", "value": "Throttling", "times": 1}])
    response = send_create(backend)
    body = response.json()
    assert response.status_code == 200
    assert (body["success"], body["code"]) == (False, "Throttling") and body["message"]
    backend.set_faults(["envelope_error"])
    assert send_create(backend).json()["code"] == "ServiceUnavailable"
    assert backend.running() == 0


def test_drop_is_not_processed(backend: Backend) -> None:
    backend.set_faults(["drop@createSession*1"])
    with pytest.raises(httpx.RemoteProtocolError):
        send_create(backend)
    assert backend.running() == 0
    ok(send_create(backend))  # the client recovers on the next request


def test_lost_response_is_processed(backend: Backend) -> None:
    backend.set_faults(["lost_response@createSession*1"])
    with pytest.raises(httpx.RemoteProtocolError):
        send_create(backend)
    assert backend.running() == 1


def test_connect_error(backend: Backend) -> None:
    backend.set_faults(["connect_error*1"])
    expected = httpx.RemoteProtocolError if backend.over_http else httpx.ConnectError
    with pytest.raises(expected):
        send_create(backend)
    assert backend.running() == 0


def test_admin_rejects_bad_faults(http_client: httpx.Client) -> None:
    response = http_client.post("/_mock/faults", json=[{"kind": "nope"}])
    assert response.status_code == 400 and "nope" in response.json()["message"]
    assert ok(http_client.get("/_mock/faults")) == []


def test_admin_is_never_faulted(http_client: httpx.Client) -> None:
    ok(http_client.post("/_mock/faults", json=["status=503"]))
    assert ok(http_client.get("/_mock/faults"))[0]["kind"] == "status"
    ok(http_client.post("/_mock/reset", json={}))
    ok(http_client.get("/sdk/ListSession"))


def test_faults_from_the_command_line() -> None:
    mock = start_mock("--fault", "rate_limit=1@createSession*1", "--fault", "status=503*1")
    try:
        with httpx.Client(base_url=mock.url, headers=AUTH) as http:
            assert http.get("/sdk/ListSession").status_code == 503
            assert post_create(http).status_code == 429
            ok(http.get("/sdk/ListSession"))
            assert ok(http.get("/_mock/faults")) == []
    finally:
        mock.stop()


def test_async_client_in_process() -> None:
    async def scenario(service: MockService) -> None:
        async with httpx.AsyncClient(base_url=BASE, headers=AUTH) as http:
            service.faults.add(Fault("latency", 0.3, "listSessions", times=3))
            started = time.monotonic()
            answers = await asyncio.gather(*(http.get("/sdk/ListSession") for _ in range(3)))
            assert all(a.status_code == 200 for a in answers)
            assert time.monotonic() - started < 0.8  # served concurrently, loop not blocked
            service.faults.add(Fault("drop", times=1))
            with pytest.raises(httpx.RemoteProtocolError):
                await http.get("/sdk/ListSession")
            service.faults.add(Fault("connect_error", times=1))
            with pytest.raises(httpx.ConnectError):
                await http.get("/sdk/ListSession")
            created = await http.post("/mcp/createSession", params={"imageId": CODE_IMAGE}, json={})
            assert created.json()["success"] is True

    with MockService() as service, mount_respx(service, BASE):
        asyncio.run(scenario(service))
        assert len(service.store.everything()) == 1


def test_sync_client_still_works_with_create(client: httpx.Client) -> None:
    assert create(client).startswith("session-")


def test_slow_and_huge_body_specs() -> None:
    assert parse_fault_spec("slow_body") == Fault("slow_body", 0.5)
    assert parse_fault_spec("slow_body=0.01@getSession*1") == Fault(
        "slow_body", 0.01, "getSession", 1
    )
    assert parse_fault_spec("huge_body").value == 2_000_000_000
    assert parse_fault_spec("huge_body=1000").value == 1000
    for spec in ("slow_body=0", "slow_body=-1", "huge_body=0", "huge_body=x"):
        with pytest.raises(FaultError):
            parse_fault_spec(spec)


def test_slow_body_trickles_the_real_answer(backend: Backend) -> None:
    create(backend.client)
    backend.set_faults([{"kind": "slow_body", "value": 0.01, "operation": "listSessions"}])
    started = time.monotonic()
    with backend.client.stream("GET", "/sdk/ListSession") as response:
        headers_after = time.monotonic() - started
        size = int(response.headers["content-length"])
        pieces = list(response.iter_raw())
    assert headers_after < 0.01 * size  # the headers come at once, the body drips
    assert time.monotonic() - started >= 0.01 * size
    assert len(pieces) > 1 and json.loads(b"".join(pieces))["count"] == 1


def test_huge_body_announces_gigabytes_and_streams_them(backend: Backend) -> None:
    backend.set_faults([{"kind": "huge_body", "operation": "createSession", "times": 1}])
    with backend.client.stream(
        "POST", "/mcp/createSession", params={"imageId": CODE_IMAGE}, json={}
    ) as response:
        assert response.status_code == 200
        assert response.headers["content-length"] == "2000000000"
        read = bytearray()
        for piece in response.iter_raw():
            read += piece
            if len(read) > 4 * 1024 * 1024:
                break
    text = read.decode()
    assert text.startswith('{"success": true') and text.rstrip().endswith("}")
    assert backend.running() == 1
    ok(send_create(backend))  # the mock serves on after the client walked away


def test_huge_body_small_enough_is_valid_json(backend: Backend) -> None:
    backend.set_faults(["huge_body=100000@createSession*1"])
    response = send_create(backend)
    assert len(response.content) == 100000 and response.json()["success"] is True


def test_mock_process_stop_leaves_no_resource_warning(tmp_path: Any) -> None:
    import subprocess
    import sys

    script = (
        "import gc, warnings\n"
        "warnings.simplefilter('error')\n"
        "from mock_server.process import MockProcess\n"
        "mock = MockProcess()\n"
        "mock.stop()\n"
        "mock.stop()\n"
        "del mock\n"
        "gc.collect()\n"
        "print('clean')\n"
    )
    run = subprocess.run(
        [sys.executable, "-X", "dev", "-W", "error", "-c", script],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0 and run.stdout == "clean\n", run.stderr
    assert "ResourceWarning" not in run.stderr, run.stderr
