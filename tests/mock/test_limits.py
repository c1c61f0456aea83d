"""The mock's hard limits: a session owns its processes (delete, idle release, reset, and the
mock stopping by SIGTERM, SIGINT or the pytest plugin all end them), it enforces its own
execution limits, it answers bad JSON with 400, and it checks the key before any fault."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from mock_server import Fault, MockService, mount_respx
from mock_server.params import MAX_JSON_DEPTH
from mock_server.wire import ROUTES
from tests.mock.helpers import AUTH, BASE, CODE_IMAGE, KEY, create, fail, ok, run_code, shell
from tests.mock.test_sandbox import DAEMONS

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs /proc")


def sleepers(seconds: int) -> list[int]:
    """Live ``sleep <seconds>`` processes (a number no other test uses identifies them)."""
    wanted = f"sleep\0{seconds}\0".encode()
    found = []
    for name in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{name}/cmdline", "rb") as handle:
                if handle.read() == wanted:
                    found.append(int(name))
        except OSError:
            continue
    return found


def eventually(check: Callable[[], bool], within: float = 10.0) -> bool:
    deadline = time.monotonic() + within
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def start_daemons(client: httpx.Client, sid: str, shell_seconds: int, code_seconds: int) -> None:
    """A ``setsid`` daemon from the shell and a double-forked one from code, both detached."""
    out, _ = shell(client, sid, f"setsid sleep {shell_seconds} > /dev/null 2>&1 & sleep 0.3")
    assert out["exit_code"] == 0, out
    assert run_code(client, sid, DAEMONS.format(seconds=code_seconds))["executionError"] is None
    assert eventually(lambda: bool(sleepers(shell_seconds) and sleepers(code_seconds)))


@pytest.mark.parametrize("route", ["/mcp/releaseSession", "/mcp/releaseSessionAsync"])
def test_delete_ends_everything_the_session_started(client: httpx.Client, route: str) -> None:
    sid, other = create(client), create(client)
    start_daemons(client, sid, 311, 312)
    start_daemons(client, other, 313, 314)
    ok(client.post(route, json={"sessionId": sid}))
    assert eventually(lambda: not sleepers(311) and not sleepers(312))
    assert sleepers(313) and sleepers(314)  # another session's processes are its own


def test_delete_during_a_call_ends_it(service: MockService, client: httpx.Client) -> None:
    sid = create(client)
    answers: list[tuple[dict[str, Any], bool]] = []
    started = time.monotonic()
    worker = threading.Thread(
        target=lambda: answers.append(shell(client, sid, "sleep 331", timeout_ms=60_000))
    )
    worker.start()
    assert eventually(lambda: bool(sleepers(331)))
    ok(client.post("/mcp/releaseSession", json={"sessionId": sid}))
    worker.join(timeout=15)
    assert not worker.is_alive() and time.monotonic() - started < 15
    ((out, is_error),) = answers
    assert is_error and out["exit_code"] != 0
    assert eventually(lambda: not sleepers(331))


def test_a_cell_without_timeout_is_stopped_by_the_mock(client: httpx.Client) -> None:
    """The cell's own limit stops it even though no client waits for it; what it started ends
    with the session (a notebook kernel keeps a cell's children, as Jupyter does)."""
    sid = create(client)
    started = time.monotonic()
    code = "import subprocess\nsubprocess.Popen(['sleep', '315'])\nwhile True: pass"
    out = run_code(client, sid, code, timeout_s=1)
    assert out["executionError"].startswith("TimeoutError"), out
    assert time.monotonic() - started < 1 + 5
    started = time.monotonic()
    assert run_code(client, sid, "6 * 7")["result"][0]["text/plain"] == "42"  # not burning on
    assert time.monotonic() - started < 10
    ok(client.post("/mcp/releaseSession", json={"sessionId": sid}))
    assert eventually(lambda: not sleepers(315))


def test_idle_session_is_released_with_its_processes(client: httpx.Client) -> None:
    data = ok(
        client.post("/mcp/createSession", params={"imageId": CODE_IMAGE}, json={"timeout": 1})
    )
    sid = data["sessionId"]
    start_daemons(client, sid, 316, 317)  # busy while its calls run: not released meanwhile
    assert eventually(lambda: not sleepers(316) and not sleepers(317))
    fail(client.post("/mcp/getSession", json={"sessionId": sid}), 400, "InvalidMcpSession.NotFound")


def test_default_idle_timeout_and_keep_alive() -> None:
    with (
        MockService([KEY], idle_timeout=1.5) as service,
        mount_respx(service, BASE),
        httpx.Client(base_url=BASE, headers=AUTH) as client,
    ):
        kept, idle = create(client), create(client)
        for _ in range(6):
            time.sleep(0.5)
            ok(client.post("/mcp/refreshSessionIdleTime", params={"sessionId": kept}))
        running = {s.session_id for s, _ in service.store.everything()}
        assert running == {kept}, (idle, running)


def test_idle_timeout_on_the_command_line() -> None:
    from mock_server.process import MockProcess

    mock = MockProcess("--api-key", KEY, "--idle-timeout", "1")
    try:
        with httpx.Client(base_url=mock.url, headers=AUTH, timeout=30) as http:
            create(http)
            assert eventually(lambda: ok(http.get("/_mock/sessions")) == [])
    finally:
        mock.stop()


def test_reset_ends_every_session_process(client: httpx.Client) -> None:
    start_daemons(client, create(client), 318, 319)
    ok(client.post("/_mock/reset", json={}))
    assert eventually(lambda: not sleepers(318) and not sleepers(319))


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGINT, "stop"])
def test_stopping_the_mock_ends_every_session_process(how: signal.Signals | str) -> None:
    from mock_server.process import MockProcess

    mock = MockProcess("--api-key", KEY)
    base = 320 + 2 * (0 if how == "stop" else int(how))
    try:
        with httpx.Client(base_url=mock.url, headers=AUTH, timeout=30) as http:
            start_daemons(http, create(http), base, base + 1)
        if how == "stop":
            mock.stop()
        else:
            mock.process.send_signal(how)
            assert mock.process.wait(timeout=15) == 0
    finally:
        mock.stop()
    assert eventually(lambda: not sleepers(base) and not sleepers(base + 1))


def test_pytest_plugin_teardown_ends_session_processes(tmp_path: Path) -> None:
    (tmp_path / "test_leaves_daemons.py").write_text(
        """
import json

import httpx


def test_start(agb_mock_http):
    auth = {"authorization": "Bearer k"}
    with httpx.Client(base_url=agb_mock_http.url, headers=auth, timeout=30) as http:
        created = http.post("/mcp/createSession", params={"imageId": "agb-code-space-1"}, json={})
        args = {"command": "setsid sleep 330 > /dev/null 2>&1 & sleep 0.3", "timeout_ms": 9000}
        body = {"sessionId": created.json()["data"]["sessionId"], "name": "shell"}
        assert http.post("/mcp", json={**body, "args": json.dumps(args)}).json()["success"]
"""
    )
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "1 passed" in run.stdout, run.stdout + run.stderr
    assert eventually(lambda: not sleepers(330))


# -- bad input ------------------------------------------------------------------------------

DEEP = "[" * 100_000


@pytest.mark.parametrize(("method", "path"), sorted(ROUTES))
def test_deep_json_is_a_400_on_every_route(client: httpx.Client, method: str, path: str) -> None:
    if method == "POST":
        response = client.post(path, content=DEEP, params={"imageId": CODE_IMAGE})
    else:
        response = client.get(path, params={"labels": "[" * 3000, "sessionId": "s", "Labels": "{"})
    if response.status_code == 400 and response.json()["code"] == "InvalidParameter":
        message = response.json()["message"]
        assert "nested deeper" in message or "required" in message, message
    else:  # only routes that read no JSON at all may answer otherwise, and never with a 500
        assert response.status_code < 500, response.text


@pytest.mark.parametrize(
    ("path", "params", "body"),
    [
        ("/mcp/createSession", {"imageId": CODE_IMAGE}, {"labels": "[" * 5000}),
        ("/mcp", {}, {"sessionId": "x", "name": "shell", "args": "{" * 5000}),
        ("/_mock/faults", {}, None),
    ],
)
def test_deep_json_inside_strings_and_admin(
    client: httpx.Client, path: str, params: dict[str, str], body: dict[str, str] | None
) -> None:
    if body is not None and path == "/mcp":
        body["sessionId"] = create(client)
    content = DEEP if body is None else json.dumps(body)
    response = client.post(path, params=params, content=content)
    assert response.status_code == 400, response.text
    assert f"nested deeper than {MAX_JSON_DEPTH} levels" in response.json()["message"]


@pytest.mark.parametrize(
    ("query", "says"),
    [
        ({"labels": "[" * 4000}, "labels is nested deeper"),
        ({"labels": '{"a": "\\ud800"}'}, "unpaired UTF-16 surrogate"),
    ],
)
def test_parser_limits_in_query_json(
    client: httpx.Client, query: dict[str, str], says: str
) -> None:
    response = client.get("/sdk/ListSession", params=query)
    assert says in fail(response, 400, "InvalidParameter")["message"]


def test_parser_limits_in_bodies(client: httpx.Client) -> None:
    big_number = b'{"timeout": ' + b"9" * 5000 + b"}"
    for body, says in (
        (big_number, "body is not valid JSON"),
        (b'{"labels": "\xff"}', "not UTF-8"),
        (b'{"labels": "{\\"a\\": \\"\\\\ud800\\"}"}', "unpaired UTF-16 surrogate"),
    ):
        response = client.post("/mcp/createSession", params={"imageId": CODE_IMAGE}, content=body)
        assert says in fail(response, 400, "InvalidParameter")["message"], body[:40]


def test_deep_json_over_http(http_client: httpx.Client) -> None:
    response = http_client.post("/mcp/getSession", content=DEEP)
    assert "nested deeper" in fail(response, 400, "InvalidParameter")["message"]
    ok(http_client.get("/sdk/ListSession"))


# -- the key before faults ------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["status", "drop", "rate_limit", "slow_body"])
def test_no_key_gets_401_and_leaves_the_fault_armed(service: MockService, kind: str) -> None:
    service.faults.add(Fault(kind, None, "listSessions", times=1))
    with mount_respx(service, BASE), httpx.Client(base_url=BASE) as anonymous:
        fail(anonymous.get("/sdk/ListSession"), 401, "InvalidApiKey")
        bad = anonymous.get("/sdk/ListSession", headers={"authorization": "Bearer wrong"})
        fail(bad, 401, "InvalidApiKey")
    assert [rule.kind for rule in service.faults.snapshot()] == [kind]


def test_unrouted_requests_do_not_use_up_faults(client: httpx.Client, service: MockService) -> None:
    service.faults.add(Fault("status", 503, times=1))
    fail(client.get("/mcp/nothing"), 404, "InvalidAction.NotFound")
    fail(client.get("/mcp/createSession"), 405, "MethodNotAllowed")
    assert client.get("/sdk/ListSession").status_code == 503  # the first served request
    assert service.faults.snapshot() == []


def test_latency_never_delays_a_request_without_a_key(service: MockService) -> None:
    service.faults.add(Fault("latency", 5, "listSessions"))
    with mount_respx(service, BASE), httpx.Client(base_url=BASE) as anonymous:
        started = time.monotonic()
        fail(anonymous.get("/sdk/ListSession"), 401, "InvalidApiKey")
        assert time.monotonic() - started < 2
