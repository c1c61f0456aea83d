"""Streamed code runs: code.run(stream_beta=True) with callbacks, the code.stream() iterators,
the official framing, and what happens when the stream or a callback goes wrong. Against the
mock over loopback (its WebSocket edge), since respx cannot carry a WebSocket."""

from __future__ import annotations

import asyncio
import json
import re
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

from agb import AGB, AsyncAGB, Config, CreateSessionParams
from agb.session import Session
from agb.stream import StreamError, StreamRun
from mock_server import MockService, kernel
from mock_server.http_server import MockHTTPServer

pytestmark = pytest.mark.skipif(not kernel.available(), reason="needs agb-sdk[kernel]")
IMAGE = "agb-code-space-1"
KEY = "akm-stream-test"
TWO_PRINTS = "import time\nprint('hello', flush=True)\ntime.sleep(0.6)\nprint(2, flush=True)\n6 * 7"


@pytest.fixture(scope="module")
def server() -> Iterator[MockHTTPServer]:
    with MockService([KEY]) as service, MockHTTPServer(service) as http:
        yield http


@pytest.fixture(scope="module")
def agb(server: MockHTTPServer) -> Iterator[AGB]:
    with AGB(api_key=KEY, cfg=Config(endpoint=server.url)) as client:
        yield client


@pytest.fixture(scope="module")
def session(agb: AGB) -> Iterator[Session]:
    created = agb.create(CreateSessionParams(image_id=IMAGE))
    assert created.success, created.error_message
    with created.session as session:
        yield session


def shape(result: Any) -> tuple[Any, ...]:
    """What must be equal between a streamed and a plain run (not ids, counts or times)."""
    cell = re.compile(r"Cell In\[\d+\]")  # tracebacks name the cell by its execution count
    return (
        result.success,
        "".join(result.logs.stdout),
        cell.sub("", "".join(result.logs.stderr)),
        [repr(item) for item in result.results],
        cell.sub("", repr(result.error)),
        result.error_message,
        type(result.execution_count),
    )


def test_the_session_has_a_ws_url_and_token(session: Session) -> None:
    assert session.ws_url.startswith("ws://127.0.0.1:") and session.token
    assert session.link_url == ""  # tool calls stay on /mcp
    found = session.agb.get(session.session_id)
    assert found.success and found.session.ws_url == session.ws_url
    assert found.session.token == session.token


def test_callbacks_get_chunks_as_they_are_printed(session: Session) -> None:
    seen: list[tuple[str, float]] = []
    errors: list[object] = []
    result = session.code.run(
        TWO_PRINTS,
        "python",
        stream_beta=True,
        on_stdout=lambda chunk: seen.append((chunk, time.monotonic())),
        on_error=errors.append,
    )
    assert result.success and errors == []
    assert [chunk for chunk, _ in seen] == ["hello\n", "2\n"]
    assert seen[1][1] - seen[0][1] >= 0.4  # pushed as printed, not at the end
    assert result.logs.stdout == ["hello\n", "2\n"] and result.results[0].text == "42"
    assert result.request_id and isinstance(result.execution_count, int)


@pytest.mark.parametrize(
    "code",
    [
        TWO_PRINTS,
        "import sys\nprint('out')\nprint('err', file=sys.stderr)\nraise ValueError('bad')",
        "from IPython.display import display, HTML\ndisplay(HTML('<b>x</b>'))\n'done'",
    ],
)
def test_the_final_result_is_that_of_a_plain_run(session: Session, code: str) -> None:
    assert shape(session.code.run(code, "python", stream_beta=True)) == shape(
        session.code.run(code, "python")
    )


def test_callbacks_that_raise_do_not_corrupt_the_result(session: Session) -> None:
    def boom(_: object) -> None:
        raise RuntimeError("callback bug")

    code = "import sys\nprint('a')\nprint('b', file=sys.stderr)\n1/0"
    result = session.code.run(
        code, "python", stream_beta=True, on_stdout=boom, on_stderr=boom, on_error=boom
    )
    assert shape(result) == shape(session.code.run(code, "python"))
    assert result.error is not None and result.error.name == "ZeroDivisionError"


def test_on_error_gets_what_the_code_raised(session: Session) -> None:
    errors: list[Any] = []
    result = session.code.run("1/0", "python", stream_beta=True, on_error=errors.append)
    assert not result.success and "ZeroDivisionError" in result.error_message
    assert [e["code"] for e in errors] == ["ZeroDivisionError"]


def test_sync_iterator(session: Session) -> None:
    events = list(session.code.stream("print(1)\nprint(2)\n3", "python"))
    kinds = [e.kind for e in events]
    assert set(kinds[:-2]) == {"stdout"} and kinds[-2:] == ["result", "end"]
    assert "".join(e.text for e in events[:-2]) == "1\n2\n"  # the kernel may batch the two
    assert events[-2].result is not None and events[-2].result.is_main_result
    final = events[-1].final
    assert final is not None and final.success and final.results[0].text == "3"


def test_async_iterator_and_run(server: MockHTTPServer) -> None:
    async def main() -> tuple[list[str], Any, list[str]]:
        async with AsyncAGB(api_key=KEY, cfg=Config(endpoint=server.url)) as agb:
            created = await agb.create(CreateSessionParams(image_id=IMAGE))
            async with created.session as session:
                kinds = [e.kind async for e in session.code.stream("print('a')", "python")]
                chunks: list[str] = []
                result = await session.code.run(
                    "print('b')\n1", "python", stream_beta=True, on_stdout=chunks.append
                )
                return kinds, result, chunks

    kinds, result, chunks = asyncio.run(main())
    assert kinds == ["stdout", "end"]
    assert result.success and chunks == ["b\n"] and result.results[0].text == "1"


def test_a_wrong_token_fails_the_run_without_raising(session: Session, agb: AGB) -> None:
    impostor = Session(agb, session.session_id, IMAGE)
    impostor.ws_url, impostor.token = session.ws_url, "not-the-token"
    errors: list[Any] = []
    result = impostor.code.run("print(1)", "python", stream_beta=True, on_error=errors.append)
    assert not result.success and "HTTP 401" in result.error_message
    assert len(errors) == 1 and isinstance(errors[0], StreamError)
    from agb.modules.ws.exceptions import WsError  # the official path, for code catching it

    assert isinstance(errors[0], WsError)


def test_no_ws_url_fails_the_run_with_a_reason(agb_client: AGB) -> None:
    created = agb_client.create(CreateSessionParams(image_id=IMAGE))  # in-process: no WebSocket
    with created.session as session:
        result = session.code.run("print(1)", "python", stream_beta=True)
    assert not result.success and "no WebSocket" in result.error_message


def test_dropping_the_stream_mid_cell_interrupts_it(session: Session) -> None:
    session.code.run("kept = 'still here'", "python")
    started = time.monotonic()
    for event in session.code.stream("import time\nprint('go', flush=True)\ntime.sleep(60)", "py"):
        assert event.kind == "stdout"
        break  # closes the WebSocket with the cell still running
    later = session.code.run("kept", "python", timeout_s=30)
    assert later.success and later.results[0].text == "'still here'"  # same kernel, not busy
    assert time.monotonic() - started < 30
    assert not [t for t in threading.enumerate() if t.name.startswith("ws-run")]


def test_frames_follow_the_official_framing() -> None:
    run = StreamRun("ws://x/ws/s", "tok", "wuying_codespace", "print(1)", "python", 60)
    sent = json.loads(run.request)
    assert sent["source"] == "SDK" and sent["target"] == "wuying_codespace"
    assert sent["data"] == {
        "method": "run_code",
        "mode": "stream",
        "params": {"language": "python", "timeoutS": 60, "code": "print(1)"},
    }
    other = json.dumps({"invocationId": "someone-else", "data": {"phase": "end"}})
    assert run.feed(other) == []
    as_string = json.dumps({"phase": "event", "eventType": "stdout", "chunk": "1\n"})
    (event,) = run.feed(json.dumps({"requestId": run.invocation_id, "data": as_string}))
    assert (event.kind, event.text) == ("stdout", "1\n")
    (end,) = run.feed(json.dumps({"invocationId": run.invocation_id, "data": {"phase": "what"}}))
    assert end.kind == "end" and end.final is not None and not end.final.success
    assert end.final.logs.stdout == ["1\n"] and isinstance(end.payload, StreamError)


def test_end_with_failed_status_fails_the_run() -> None:
    run = StreamRun("ws://x/ws/s", "tok", "t", "x", "python", 60)
    (end,) = run.feed(
        json.dumps({"invocationId": run.invocation_id,
                    "data": {"phase": "end", "status": "failed", "executionCount": 3}})
    )  # fmt: skip
    assert end.final is not None and not end.final.success and end.final.execution_count == 3


def test_official_ws_client_cancel_stops_the_run(session: Session) -> None:
    """The official test_run_code_ws_stream_cancel_e2e scenario, over our adapter."""
    from agb.modules.ws.exceptions import WsCancelledError

    ws_client = session._get_ws_client()
    ws_client.connect()
    events: list[dict[str, Any]] = []
    ends: list[dict[str, Any]] = []
    errors: list[Exception] = []
    handle = ws_client.call_stream(
        target="wuying_codespace",
        data={
            "method": "run_code",
            "mode": "stream",
            "params": {
                "language": "python",
                "timeoutS": 60,
                "code": "import time\nprint(0, flush=True)\ntime.sleep(10)\nprint(1)\n",
            },
        },
        on_event=lambda inv, data: events.append(data),
        on_end=lambda inv, data: ends.append(data),
        on_error=lambda inv, err: errors.append(err),
    )
    time.sleep(0.5)
    handle.cancel()
    started = time.monotonic()
    with pytest.raises(WsCancelledError):
        handle.wait_end()
    assert time.monotonic() - started < 2.0
    assert ends == [] and len(errors) == 1 and isinstance(errors[0], WsCancelledError)
    later = session.code.run("1 + 1", "python", timeout_s=30)
    assert later.success and later.results[0].text == "2"
    assert time.monotonic() - started < 8.0  # well before the 10 s sleep: the cell was interrupted
    handle._thread.join(5)
    assert not handle._thread.is_alive()


def test_official_ws_client_reports_events_and_end(session: Session) -> None:
    ws_client = session._get_ws_client()
    ws_client.connect()
    chunks: list[str] = []
    handle = ws_client.call_stream(
        target="wuying_codespace",
        data={"method": "run_code", "mode": "stream",
              "params": {"language": "python", "timeoutS": 30, "code": "print('hi')"}},
        on_event=lambda inv, data: chunks.append(data.get("chunk", "")),
    )  # fmt: skip
    end = handle.wait_end(timeout=30)
    assert "hi\n" in "".join(chunks)
    assert end["phase"] == "end" and end["result"].success
