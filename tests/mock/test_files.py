"""The file tools on the wire: answer texts, byte ranges, errors, the per-session tree and the
change events of get_file_change."""

from __future__ import annotations

import base64
import json
import os

import httpx
import pytest

from mock_server import MockService, sandbox, session_fs
from mock_server.faults import Fault
from tests.mock.helpers import call_tool, create, ok, run_code, shell


@pytest.fixture
def sid(client: httpx.Client) -> str:
    return create(client)


def host_path(service: MockService, session_id: str, path: str) -> os.PathLike[str]:
    (session,) = [s for s, _ in service.store.everything() if s.session_id == session_id]
    return session_fs.to_host(session.scratch, path)


def test_write_read_list_in_tmp_and_home(client: httpx.Client, sid: str) -> None:
    assert call_tool(client, sid, "write_file", path="/tmp/data.csv", content="a,b\n") == (
        "Successfully wrote to /tmp/data.csv",
        False,
    )
    call_tool(client, sid, "write_file", path="/tmp/data.csv", content="1,2\n", mode="append")
    assert call_tool(client, sid, "read_file", path="/tmp/data.csv") == ("a,b\n1,2\n", False)
    call_tool(client, sid, "write_file", path="notes/x.txt", content="home")
    assert call_tool(client, sid, "read_file", path="/home/user/notes/x.txt") == ("home", False)
    call_tool(client, sid, "create_directory", path="/tmp/sub/deeper")
    assert call_tool(client, sid, "list_directory", path="/tmp") == (
        "[FILE] data.csv\n[DIR] sub",
        False,
    )


def test_sessions_do_not_see_each_other(client: httpx.Client, sid: str) -> None:
    other = create(client)
    call_tool(client, sid, "write_file", path="/tmp/secret.txt", content="mine")
    text, is_error = call_tool(client, other, "read_file", path="/tmp/secret.txt")
    assert is_error and "ENOENT" in text


@pytest.mark.parametrize("path", ["/etc/passwd", "/../etc/passwd", "/tmp/../etc/x", "/usr/bin"])
def test_paths_outside_the_session_are_refused(client: httpx.Client, sid: str, path: str) -> None:
    text, is_error = call_tool(client, sid, "read_file", path=path)
    assert is_error and "Access denied" in text


def test_symlink_escape_is_refused(service: MockService, client: httpx.Client, sid: str) -> None:
    os.symlink("/etc", host_path(service, sid, "/tmp/etc-link"))
    text, is_error = call_tool(client, sid, "read_file", path="/tmp/etc-link/hostname")
    assert is_error and "Access denied" in text


def test_read_ranges_are_bytes_and_binary_is_base64(client: httpx.Client, sid: str) -> None:
    call_tool(client, sid, "write_file", path="/tmp/u.txt", content="héllo wörld")
    assert call_tool(client, sid, "read_file", path="/tmp/u.txt", offset=3, length=3) == (
        "llo",
        False,
    )
    text, _ = call_tool(
        client, sid, "read_file", path="/tmp/u.txt", offset=0, length=3, format="binary"
    )
    assert base64.b64decode(text) == "héllo".encode()[:3]
    text, _ = call_tool(client, sid, "read_file", path="/tmp/u.txt", offset=100, length=5)
    assert text == ""


def test_binary_bytes_round_trip(service: MockService, client: httpx.Client, sid: str) -> None:
    blob = bytes(range(256)) * 300
    with open(host_path(service, sid, "/tmp/b.bin"), "wb") as handle:
        handle.write(blob)
    parts = []
    for offset in range(0, len(blob), 51200):
        length = min(51200, len(blob) - offset)
        text, is_error = call_tool(
            client,
            sid,
            "read_file",
            path="/tmp/b.bin",
            offset=offset,
            length=length,
            format="binary",
        )
        assert not is_error
        parts.append(base64.b64decode(text))
    assert b"".join(parts) == blob


def test_file_info_lines(client: httpx.Client, sid: str) -> None:
    call_tool(client, sid, "write_file", path="/tmp/i.txt", content="12345")
    text, is_error = call_tool(client, sid, "get_file_info", path="/tmp/i.txt")
    info = dict(line.split(": ", 1) for line in text.splitlines())
    assert not is_error
    assert info["size"] == "5" and info["isDirectory"] == "false" and info["name"] == "i.txt"
    assert info["type"] == "file" and info["modified"].endswith("Z")
    text, _ = call_tool(client, sid, "get_file_info", path="/tmp")
    assert "isDirectory: true" in text.splitlines()


@pytest.mark.parametrize(
    ("tool", "args", "needle"),
    [
        ("read_file", {"path": "/tmp/missing"}, "ENOENT"),
        ("get_file_info", {"path": "/tmp/missing"}, "ENOENT"),
        ("list_directory", {"path": "/tmp/missing"}, "ENOENT"),
        ("delete_file", {"path": "/tmp/missing"}, "ENOENT"),
        ("read_file", {"path": "/tmp"}, "EISDIR"),
        ("read_file", {"path": ""}, "path"),
        ("write_file", {"path": "/tmp/a", "content": "x", "mode": "insert"}, "Invalid mode"),
        ("write_file", {"path": "/tmp/a", "content": 5}, "content"),
        ("write_file", {"path": "/tmp", "content": "x"}, "EISDIR"),
        ("read_file", {"path": "/tmp/a", "offset": -1}, "offset"),
        ("edit_file", {"path": "/tmp/missing", "edits": []}, "ENOENT"),
        ("move_file", {"source": "/tmp/missing", "destination": "/tmp/b"}, "ENOENT"),
        ("search_files", {"path": "/tmp/missing", "pattern": "*"}, "ENOENT"),
        ("read_multiple_files", {"paths": []}, "paths"),
    ],
)
def test_tool_errors(
    client: httpx.Client, sid: str, tool: str, args: dict[str, object], needle: str
) -> None:
    data = ok(client.post("/mcp", json={"sessionId": sid, "name": tool, "args": json.dumps(args)}))
    assert data["isError"] is True
    assert needle in data["content"][0]["text"]


def test_tool_error_leaves_envelope_message_empty(client: httpx.Client, sid: str) -> None:
    args = json.dumps({"path": "/tmp/missing"})
    body = client.post("/mcp", json={"sessionId": sid, "name": "read_file", "args": args}).json()
    assert body["success"] is True and body["message"] == "" and body["data"]["isError"] is True


def test_move_edit_delete(client: httpx.Client, sid: str) -> None:
    call_tool(client, sid, "write_file", path="/tmp/a.txt", content="one two")
    assert (
        call_tool(client, sid, "move_file", source="/tmp/a.txt", destination="/tmp/b.txt")[1]
        is False
    )
    text, is_error = call_tool(
        client, sid, "move_file", source="/tmp/b.txt", destination="/tmp/b.txt"
    )
    assert is_error and "exists" in text
    edits = [{"oldText": "two", "newText": "2"}]
    diff, _ = call_tool(client, sid, "edit_file", path="/tmp/b.txt", edits=edits, dryRun=True)
    assert "-one two" in diff and "+one 2" in diff
    assert call_tool(client, sid, "read_file", path="/tmp/b.txt")[0] == "one two"
    call_tool(client, sid, "edit_file", path="/tmp/b.txt", edits=edits)
    assert call_tool(client, sid, "read_file", path="/tmp/b.txt")[0] == "one 2"
    text, is_error = call_tool(client, sid, "edit_file", path="/tmp/b.txt", edits=edits)
    assert is_error and "Could not find exact match" in text
    assert call_tool(client, sid, "delete_file", path="/tmp/b.txt") == (
        "Successfully deleted /tmp/b.txt",
        False,
    )
    assert call_tool(client, sid, "get_file_info", path="/tmp/b.txt")[1] is True


def test_read_multiple_files_format(client: httpx.Client, sid: str) -> None:
    call_tool(client, sid, "write_file", path="/tmp/a.txt", content="Content 1")
    call_tool(client, sid, "write_file", path="/tmp/b.txt", content="Content 2")
    text, is_error = call_tool(
        client, sid, "read_multiple_files", paths=["/tmp/a.txt", "/tmp/b.txt", "/tmp/c"]
    )
    assert not is_error
    parts = text.split("\n---\n")
    assert parts[0] == "/tmp/a.txt:\nContent 1\n" and parts[1] == "/tmp/b.txt:\nContent 2\n"
    assert parts[2].startswith("/tmp/c: ENOENT")


def test_search_files_glob_recursive_absolute(client: httpx.Client, sid: str) -> None:
    for path in ("/tmp/s/a.txt", "/tmp/s/b.txt", "/tmp/s/c.log", "/tmp/s/deep/d.txt"):
        call_tool(client, sid, "write_file", path=path, content="x")
    text, _ = call_tool(client, sid, "search_files", path="/tmp/s", pattern="*.txt")
    assert text.splitlines() == ["/tmp/s/a.txt", "/tmp/s/b.txt", "/tmp/s/deep/d.txt"]
    text, _ = call_tool(
        client, sid, "search_files", path="/tmp/s", pattern="*.txt", excludePatterns=["deep"]
    )
    assert text.splitlines() == ["/tmp/s/a.txt", "/tmp/s/b.txt"]
    assert call_tool(client, sid, "search_files", path="/tmp/s", pattern="*.md") == (
        "No matches found",
        False,
    )


def events(client: httpx.Client, sid: str, path: str) -> set[tuple[str, str, str]]:
    text, is_error = call_tool(client, sid, "get_file_change", path=path)
    assert not is_error, text
    return {(e["eventType"], e["path"], e["pathType"]) for e in json.loads(text)}


def test_file_change_events_since_previous_call(client: httpx.Client, sid: str) -> None:
    call_tool(client, sid, "create_directory", path="/tmp/w")
    call_tool(client, sid, "write_file", path="/tmp/w/f.txt", content="initial\n")
    assert events(client, sid, "/tmp/w") == set()  # the first call is the baseline
    call_tool(client, sid, "write_file", path="/tmp/w/f.txt", content="modified\n")
    call_tool(client, sid, "write_file", path="/tmp/w/new.txt", content="n")
    assert events(client, sid, "/tmp/w") == {
        ("modify", "/tmp/w/f.txt", "file"),
        ("create", "/tmp/w/new.txt", "file"),
    }
    assert events(client, sid, "/tmp/w") == set()
    call_tool(client, sid, "delete_file", path="/tmp/w/new.txt")
    call_tool(client, sid, "create_directory", path="/tmp/w/d")
    assert events(client, sid, "/tmp/w") == {
        ("delete", "/tmp/w/new.txt", "file"),
        ("create", "/tmp/w/d", "directory"),
    }


def test_file_change_sees_changes_made_outside_the_file_tools(
    service: MockService, client: httpx.Client, sid: str
) -> None:
    """Code and shell write straight into the session's tree; the scan catches those."""
    call_tool(client, sid, "create_directory", path="/tmp/w")
    assert events(client, sid, "/tmp/w") == set()
    with open(host_path(service, sid, "/tmp/w/by-shell.txt"), "w") as handle:
        handle.write("x")
    assert events(client, sid, "/tmp/w") == {("create", "/tmp/w/by-shell.txt", "file")}


def test_faults_can_target_one_tool(service: MockService, client: httpx.Client, sid: str) -> None:
    service.faults.add(Fault("status", 503, "write_file", 1))
    args = json.dumps({"path": "/tmp/x", "content": "y"})
    read_args = json.dumps({"path": "/tmp"})
    assert (
        client.post(
            "/mcp", json={"sessionId": sid, "name": "list_directory", "args": read_args}
        ).status_code
        == 200
    )
    failed = client.post("/mcp", json={"sessionId": sid, "name": "write_file", "args": args})
    assert failed.status_code == 503
    ok(client.post("/mcp", json={"sessionId": sid, "name": "write_file", "args": args}))


def test_text_ranges_are_exact_bytes_and_cut_characters_answer_fffd(
    client: httpx.Client, sid: str
) -> None:
    """Text ranges are plain byte slices: a clean range is exactly its bytes; one that cuts a
    multi-byte character answers U+FFFD there (clients then ask for format "binary")."""
    text = "aé€😀" * 40
    call_tool(client, sid, "write_file", path="/tmp/t.txt", content=text)
    raw = text.encode()
    assert call_tool(client, sid, "read_file", path="/tmp/t.txt", offset=0, length=10)[0] == (
        raw[:10].decode()
    )
    cut, _ = call_tool(client, sid, "read_file", path="/tmp/t.txt", offset=0, length=2)
    assert cut == "a\ufffd"
    whole = [
        call_tool(client, sid, "read_file", path="/tmp/t.txt", offset=o, length=10)[0]
        for o in range(0, len(raw), 10)
    ]
    assert "".join(whole) == text  # 10-byte ranges never cut these characters


NEEDS_NAMESPACE = pytest.mark.skipif(
    sandbox.mode() != "namespace", reason="needs the sandbox's mount namespace (Linux, root)"
)


@NEEDS_NAMESPACE
def test_shell_sees_what_the_file_tools_write(client: httpx.Client, sid: str) -> None:
    call_tool(client, sid, "write_file", path="/tmp/data.csv", content="a,b\n")
    out, failed = shell(client, sid, "cat /tmp/data.csv && echo x,y >> /tmp/data.csv")
    assert not failed and out["stdout"] == "a,b\n"
    assert call_tool(client, sid, "read_file", path="/tmp/data.csv")[0] == "a,b\nx,y\n"
    other = create(client)
    out, failed = shell(client, other, "cat /tmp/data.csv")
    assert failed and "No such file" in out["stderr"] + out["stdout"]


@NEEDS_NAMESPACE
def test_code_sees_what_the_file_tools_write(client: httpx.Client, sid: str) -> None:
    call_tool(client, sid, "write_file", path="/tmp/data.csv", content="a,b\n")
    cell = run_code(client, sid, "open('/tmp/data.csv').read()")
    assert cell["result"][0]["text/plain"] == repr("a,b\n")
    run_code(client, sid, "open('/home/user/from_code.txt', 'w').write('k')")
    assert call_tool(client, sid, "read_file", path="/home/user/from_code.txt")[0] == "k"
