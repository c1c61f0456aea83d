"""The SDK against the in-process mock: paging, failures, lifecycle, tools, timeouts."""

from __future__ import annotations

import logging
import time

import pytest

from agb import AGB, Config, CreateSessionParams, ListSessionsError, Session
from mock_server import Fault, MockService
from tests.support import API_KEY, Backend

CODE_IMAGE = "agb-code-space-1"


@pytest.fixture
def sdk(respx_backend: Backend) -> AGB:
    return AGB(api_key=API_KEY, cfg=Config(endpoint=respx_backend.url))


def new_session(sdk: AGB, **labels: str) -> Session:
    result = sdk.create(CreateSessionParams(image_id=CODE_IMAGE, labels=labels))
    assert result.success, result.error_message
    assert isinstance(result.session, Session)
    return result.session


def test_pagination_25_sessions_by_10(sdk: AGB, respx_backend: Backend) -> None:
    ids = {respx_backend.seed_session({"batch": "b"}) for _ in range(25)}
    respx_backend.seed_session({"batch": "other"})
    pages = [sdk.list(labels={"batch": "b"}, page=n, limit=10) for n in (1, 2, 3)]
    assert [len(p.session_ids) for p in pages] == [10, 10, 5]
    assert all(p.success and p.total_count == 25 for p in pages)
    seen = [sid for p in pages for sid in p.session_ids]
    assert len(seen) == len(set(seen)) == 25 and set(seen) == ids
    assert pages[0].next_token and pages[1].next_token and pages[2].next_token == ""
    beyond = sdk.list(labels={"batch": "b"}, page=4, limit=10)
    assert not beyond.success and beyond.error_message.startswith("Cannot reach page 4: ")
    assert list(sdk.list_all(labels={"batch": "b"}, page_size=7)) == seen


def test_page_n_costs_one_request_once_tokens_are_known(
    sdk: AGB, respx_backend: Backend, mock_service: MockService
) -> None:
    for _ in range(35):
        respx_backend.seed_session()
    calls: list[str] = []
    original = mock_service.handle

    def counting(request):  # type: ignore[no-untyped-def]
        calls.append(request.path)
        return original(request)

    mock_service.handle = counting  # type: ignore[method-assign]
    assert len(sdk.list(page=4, limit=10).session_ids) == 5
    assert calls.count("/sdk/ListSession") == 4  # pages 1-3 walked once
    calls.clear()
    assert sdk.list(page=3, limit=10).success and sdk.list(page=4, limit=10).success
    assert calls.count("/sdk/ListSession") == 2


def test_unknown_session_and_bad_key_fail_with_request_id(sdk: AGB, respx_backend: Backend) -> None:
    found = sdk.get("session-does-not-exist")
    assert not found.success and found.session is None and found.request_id
    assert "InvalidMcpSession.NotFound" in found.error_message
    ghost = Session(sdk, "session-gone", CODE_IMAGE)
    for result in (ghost.info(), ghost.get_labels(), ghost.set_labels({"a": "b"}),
                   ghost.keep_alive(), ghost.call_mcp_tool("shell", {"command": "ls"}),
                   ghost.code.run("1", "python"), ghost.command.execute_command("ls"),
                   ghost.delete()):  # fmt: skip
        assert not result.success and result.request_id, result
        assert "not found" in result.error_message.lower(), result.error_message
    bad = AGB(api_key="akm-wrong-key-00000000", cfg=Config(endpoint=respx_backend.url))
    denied = bad.create(CreateSessionParams(image_id=CODE_IMAGE))
    assert not denied.success and denied.request_id
    assert "InvalidApiKey" in denied.error_message and "HTTP 401" in denied.error_message
    assert "akm-wrong-key" not in denied.error_message


def test_unknown_image_fails(sdk: AGB) -> None:
    result = sdk.create(CreateSessionParams(image_id="no-such-image"))
    assert not result.success and "InvalidImageId.NotFound" in result.error_message


def test_session_calls_round_trip(sdk: AGB, respx_backend: Backend) -> None:
    session = new_session(sdk, team="a")
    assert session.resource_url and session.tool_list and session.image_id == CODE_IMAGE
    again = sdk.get(session.session_id).session
    assert again is not None and f"resourceId={session.resource_id}" in again.resource_url
    assert sdk.get_session(session.session_id).data.status == "RUNNING"  # type: ignore[union-attr]
    assert session.get_status().status == "RUNNING"
    assert session.keep_alive().success
    assert session.get_labels().data == {"team": "a"}
    run = session.code.run("import sys\nprint('out')\nprint('err', file=sys.stderr)\n6 * 7", "py")
    assert run.success, run.error_message
    assert run.logs.stdout == ["out\n"] and run.logs.stderr == ["err\n"] and run.result == "42"
    failed = session.code.run("1 / 0", "python")
    assert not failed.success and failed.error is not None
    assert failed.error.name == "ZeroDivisionError"
    assert failed.error_message.startswith("ZeroDivisionError")
    shell = session.command.execute_command("echo hi && echo oops >&2", timeout_ms=5000)
    assert (shell.success, shell.exit_code, shell.stdout, shell.stderr) == (
        True,
        0,
        "hi\n",
        "oops\n",
    )
    assert shell.output == "hi\noops\n"
    exit3 = session.command.execute("exit 3")
    assert not exit3.success and exit3.exit_code == 3 and "exit code 3" in exit3.error_message
    tool = session.call_mcp_tool("shell", {"command": "printf x", "timeout_ms": 1000})
    assert tool.success and '"stdout": "x"' in (tool.data or "")


def test_delete_polls_until_gone(
    sdk: AGB, respx_backend: Backend, mock_service: MockService
) -> None:
    mock_service.deleting_polls = 3
    session = new_session(sdk)
    started = time.monotonic()
    result = sdk.delete(session)
    assert result.success and result.request_id
    assert time.monotonic() - started < 1.5  # 0.05 + 0.1 + 0.2 s of polling, not 1 s per poll
    assert session.session_id not in respx_backend.running_sessions()
    assert not session.info().success


def test_delete_gives_up_at_the_call_timeout(sdk: AGB, mock_service: MockService) -> None:
    mock_service.deleting_polls = 10**6
    session = new_session(sdk)
    started = time.monotonic()
    result = session.delete(timeout_ms=400)
    elapsed = time.monotonic() - started
    assert not result.success and "not confirmed gone in time" in result.error_message
    assert "last status DELETING" in result.error_message
    assert 0.3 < elapsed < 5  # the deadline, not a million polls (loose: CI machines are busy)


def test_context_manager_deletes_even_when_the_body_raises(
    sdk: AGB, respx_backend: Backend
) -> None:
    session = sdk.create(CreateSessionParams(image_id=CODE_IMAGE)).session
    with pytest.raises(RuntimeError, match="agent crashed"), session:
        assert session.session_id in respx_backend.running_sessions()
        raise RuntimeError("agent crashed")
    assert respx_backend.running_sessions() == set()


def test_failed_cleanup_is_logged_not_raised(
    sdk: AGB, mock_service: MockService, caplog: pytest.LogCaptureFixture
) -> None:
    session = new_session(sdk)
    mock_service.faults.add(Fault("status", operation="releaseSessionAsync", value=500))
    with session:
        pass
    assert any("leaving the context" in r.getMessage() for r in caplog.records)
    assert caplog.records[-1].levelno == logging.WARNING


def test_list_all_raises_with_the_failed_page(sdk: AGB, mock_service: MockService) -> None:
    mock_service.faults.add(Fault("status", operation="listSessions", value=500))
    with pytest.raises(ListSessionsError) as caught:
        list(sdk.list_all())
    assert caught.value.result.request_id and "InternalError" in str(caught.value)


def test_an_expired_remembered_token_is_walked_again(
    sdk: AGB, respx_backend: Backend, mock_service: MockService
) -> None:
    for _ in range(25):
        respx_backend.seed_session()
    assert sdk.list(page=3, limit=10).success
    key = next(iter(sdk._pages._pages))
    sdk._pages.remember(key, 3, "expired-token")  # as if the service had forgotten it
    page = sdk.list(page=3, limit=10)
    assert page.success and len(page.session_ids) == 5
