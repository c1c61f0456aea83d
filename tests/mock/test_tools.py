"""callMcpTool really runs code: run_code (python), shell, and the file tools, in the session's
scratch directory."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from mock_server import MockService, session_fs
from tests.mock.helpers import call_tool, create, ok, run_code, shell


@pytest.fixture
def sid(client: httpx.Client) -> str:
    return create(client)


def scratch_of(service: MockService, session_id: str) -> Path:
    (session,) = [s for s, _ in service.store.everything() if s.session_id == session_id]
    return session.scratch


def test_python_stdout_and_result(client: httpx.Client, sid: str) -> None:
    out = run_code(client, sid, "import sys\nprint('hello')\nprint('err', file=sys.stderr)\n6 * 7")
    assert out["stdout"] == ["hello\n"] and out["stderr"] == ["err\n"]
    assert out["result"] == [{"text/plain": "42", "isMainResult": True}]
    assert out["executionError"] is None and out["execution_count"] == 1
    assert isinstance(out["execution_time"], float) and out["execution_time"] > 0
    again = run_code(client, sid, "x = 1", language="PY")
    assert (again["result"], again["stdout"], again["stderr"]) == ([], [], [])
    assert again["execution_count"] == 2


def test_python_result_none_is_not_shown(client: httpx.Client, sid: str) -> None:
    assert run_code(client, sid, "print('a')")["result"] == []


def test_python_exception(client: httpx.Client, sid: str) -> None:
    out = run_code(client, sid, "print('before')\nraise ValueError('bad thing')")
    assert out["executionError"] == "ValueError: bad thing"
    assert out["stdout"] == ["before\n"] and "ValueError" in out["stderr"][0]
    syntax = run_code(client, sid, "def (")
    assert syntax["executionError"].startswith("SyntaxError")


def test_python_runs_in_session_home(service: MockService, client: httpx.Client, sid: str) -> None:
    out = run_code(client, sid, "import os\nos.getcwd(), os.environ['HOME']")
    (session,) = [s for s, _ in service.store.everything() if s.session_id == sid]
    home = session.sandbox.path(session_fs.HOME)
    assert out["result"][0]["text/plain"] == repr((home, home))


def test_python_timeout(client: httpx.Client, sid: str) -> None:
    out = run_code(
        client, sid, "import time\nprint('start', flush=True)\ntime.sleep(30)", timeout_s=1
    )
    assert out["executionError"] == "TimeoutError: execution exceeded 1 s"
    assert out["stdout"] == ["start\n"] and out["execution_time"] < 10


def test_python_output_is_capped(client: httpx.Client, sid: str) -> None:
    out = run_code(client, sid, "import sys\nsys.stdout.write('x' * (3 * 1024 * 1024))")
    text = "".join(out["stdout"])  # a kernel sends output in chunks
    assert text.startswith("x" * 1000) and len(text) < 1024 * 1024 + 200
    assert "[output truncated: 2097152 more bytes]" in text


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("java", "language java is not available in this mock"),
        ("R", "language r is not available in this mock"),
        ("cobol", "Unsupported language: cobol"),
    ],
)
def test_other_languages(client: httpx.Client, sid: str, language: str, message: str) -> None:
    assert call_tool(client, sid, "run_code", code="1", language=language) == (message, True)


def test_shell_exit_code_and_output(client: httpx.Client, sid: str) -> None:
    out, is_error = shell(client, sid, "echo out; echo err >&2")
    assert not is_error
    assert (out["stdout"], out["stderr"], out["exit_code"]) == ("out\n", "err\n", 0)
    assert out["traceId"]
    failed, is_error = shell(client, sid, "echo nope >&2; exit 3")
    assert is_error and failed["exit_code"] == 3 and failed["stderr"] == "nope\n"


def test_shell_cwd_and_envs(client: httpx.Client, sid: str) -> None:
    shell(client, sid, "mkdir -p sub/dir")
    out, _ = shell(client, sid, 'pwd; echo "$GREETING"', cwd="sub/dir", envs={"GREETING": "hi"})
    lines = out["stdout"].splitlines()
    assert lines[0].endswith("/sub/dir") and lines[1] == "hi"
    absolute, _ = shell(client, sid, "pwd", cwd="/")
    assert absolute["stdout"] == "/\n"
    secret, _ = shell(client, sid, 'echo "[${AGB_API_KEY:-}]"')
    assert secret["stdout"] == "[]\n"


def test_shell_timeout(client: httpx.Client, sid: str) -> None:
    out, is_error = shell(client, sid, "echo started; sleep 30", timeout_ms=300)
    assert is_error and out["exit_code"] == 124
    assert out["stdout"] == "started\n" and "timed out" in out["stderr"]


def test_unknown_tool(client: httpx.Client, sid: str) -> None:
    assert call_tool(client, sid, "tool_name", param1="value1") == (
        "Tool 'tool_name' not found",
        True,
    )


def test_args_may_be_missing(client: httpx.Client, sid: str) -> None:
    data = ok(
        client.post(
            "/mcp",
            params={"autoGenSession": "false"},
            json={"sessionId": sid, "name": "list_directory"},
        )
    )
    assert data["isError"] is True and "path" in data["content"][0]["text"]


def test_scratch_dir_removed_on_release(service: MockService, client: httpx.Client) -> None:
    first, second = create(client), create(client)
    dirs = [scratch_of(service, first), scratch_of(service, second)]
    call_tool(client, first, "write_file", path="f.txt", content="x")
    assert all(d.is_dir() for d in dirs)
    ok(client.post("/mcp/releaseSession", json={"sessionId": first}))
    ok(client.post("/mcp/releaseSessionAsync", json={"sessionId": second}))
    assert not any(d.exists() for d in dirs)
    root = dirs[0].parent
    service.close()
    assert not root.exists()


def test_run_code_text_is_json(client: httpx.Client, sid: str) -> None:
    text, _ = call_tool(client, sid, "run_code", code="1 + 1", language="python", timeout_s=30)
    assert set(json.loads(text)) == {
        "result",
        "stdout",
        "stderr",
        "executionError",
        "execution_count",
        "execution_time",
    }
