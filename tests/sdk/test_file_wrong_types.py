"""session.file checks every field it reads: a wrong type is a failed result naming the field,
never a success built from defaults or from the request's own values.

One table row per (tool answer, field): a loopback server answers every tool with a valid
answer except the one the row spoils.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

import pytest

from agb import AGB, AsyncAGB, Config, CreateSessionParams
from tests.sdk.loopback import Behaviour, Conn, envelope, head, serving

KEY = "akm-loopback-test-key-0003"
INFO = "name: a.txt\nsize: 5\nisDirectory: false\nisFile: true\nreadable: true\nwritable: true"
CHANGES = json.dumps([{"eventType": "create", "path": "/tmp/a.txt", "pathType": "file"}])
#: A valid text answer of each tool the file system calls.
TOOLS: dict[str, str] = {
    "create_directory": "Successfully created directory /tmp/d",
    "edit_file": "ok",
    "get_file_info": INFO,
    "list_directory": "[FILE] a.txt\n[DIR] d",
    "move_file": "Successfully moved",
    "delete_file": "Successfully deleted",
    "read_file": "hello",
    "write_file": "Successfully wrote",
    "read_multiple_files": "/tmp/a.txt: hello",
    "search_files": "/tmp/a.txt",
    "get_file_change": CHANGES,
}
SESSION = envelope({"sessionId": "session-1", "success": True, "resourceUrl": "u", "toolList": ""})
Op = Callable[[Any], Any]
OPS: dict[str, Op] = {
    "mkdir": lambda fs: fs.mkdir("/tmp/d"),
    "edit": lambda fs: fs.edit("/tmp/a.txt", [{"oldText": "h", "newText": "j"}]),
    "info": lambda fs: fs.info("/tmp/a.txt"),
    "list": lambda fs: fs.list("/tmp"),
    "move": lambda fs: fs.move("/tmp/a.txt", "/tmp/b.txt"),
    "remove": lambda fs: fs.remove("/tmp/a.txt"),
    "read": lambda fs: fs.read("/tmp/a.txt"),
    "read_bytes": lambda fs: fs.read("/tmp/a.txt", format="bytes"),
    "write": lambda fs: fs.write("/tmp/a.txt", "hello"),
    "read_batch": lambda fs: fs.read_batch(["/tmp/a.txt"]),
    "search": lambda fs: fs.search("/tmp", "*.txt"),
    "_get_file_change": lambda fs: fs._get_file_change("/tmp"),
}
#: The tools each operation calls (its answers are the ones a row may spoil).
CALLS = {
    "mkdir": "create_directory", "edit": "edit_file", "info": "get_file_info",
    "list": "list_directory", "move": "move_file", "remove": "delete_file",
    "read": "read_file", "read_bytes": "read_file", "write": "write_file",
    "read_batch": "read_multiple_files", "search": "search_files",
    "_get_file_change": "get_file_change",
}  # fmt: skip


def reply(answer: str, /, **spoiled: Any) -> dict[str, Any]:
    """The tool answer ``answer``; ``spoiled`` replaces fields of ``data`` or of its item."""
    item: dict[str, Any] = {"type": "text", "text": answer}
    item.update({k: v for k, v in spoiled.items() if k in ("type", "text")})
    data: dict[str, Any] = {"content": [item], "isError": False}
    data.update({k: v for k, v in spoiled.items() if k not in ("type", "text")})
    return envelope(data)


def tools_answering(answers: dict[str, dict[str, Any]]) -> Behaviour:
    """createSession, and each tool with its answer (read_file in base64 for format binary)."""

    def behave(conn: Conn, path: str, body: bytes) -> None:
        if path == "/mcp/createSession":
            doc = SESSION
        else:
            form = json.loads(body)
            name = form["name"]
            binary = json.loads(form["args"]).get("format") == "binary"
            if name in answers:
                doc = answers[name]
            elif binary:
                doc = reply("aGVsbG8=")
            else:
                doc = reply(TOOLS[name])
        payload = json.dumps(doc).encode()
        conn.send(head(200, len(payload)) + payload)

    return behave


def run(op: str, answers: dict[str, dict[str, Any]]) -> Any:
    with (
        serving(tools_answering(answers)) as server,
        AGB(api_key=KEY, cfg=Config(endpoint=server.url, max_retries=0)) as sdk,
    ):
        created = sdk.create(CreateSessionParams(image_id="agb-code-space-1"))
        assert created.success, created.error_message
        return OPS[op](created.session.file)


def info(**lines: str) -> dict[str, dict[str, Any]]:
    """get_file_info answering ``INFO`` with some ``key: value`` lines replaced."""
    kept = [line for line in INFO.split("\n") if line.split(":")[0] not in lines]
    return {"get_file_info": reply("\n".join(kept + [f"{k}: {v}" for k, v in lines.items()]))}


def changes(text: str) -> dict[str, dict[str, Any]]:
    return {"get_file_change": reply(text)}


CASES: list[tuple[str, dict[str, dict[str, Any]], str]] = [
    # (operation, spoiled tool answers, field named in the error)
    *((op, {CALLS[op]: reply(TOOLS[CALLS[op]], text=5)}, "data.content[0].text") for op in OPS),
    *((op, {CALLS[op]: reply(TOOLS[CALLS[op]], isError="no")}, "data.isError") for op in OPS),
    ("mkdir", {"create_directory": reply("ok", type=["text"])}, "data.content[0].type"),
    ("info", info(size="12abc"), "size"),
    ("info", info(size="1.5"), "size"),
    ("info", info(isDirectory="yes"), "isDirectory"),
    ("info", info(isFile="1"), "isFile"),
    ("info", info(readable="sometimes"), "readable"),
    ("info", info(writable="0"), "writable"),
    ("read", info(size="big"), "size"),
    ("read", info(size="-4"), "size"),
    ("read", info(isDirectory="maybe"), "isDirectory"),
    ("read_bytes", info(size="5.0"), "size"),
    ("read_bytes", {"get_file_info": reply(INFO, isError=1)}, "data.isError"),
    ("_get_file_change", changes("not json"), "get_file_change"),
    ("_get_file_change", changes("5"), "get_file_change"),
    ("_get_file_change", changes('{"path": "/tmp/a"}'), "get_file_change"),
    ("_get_file_change", changes("[1]"), "get_file_change[0]"),
    ("_get_file_change", changes('[{"path": 5}]'), "get_file_change[0].path"),
    ("_get_file_change", changes('[{"eventType": true}]'), "get_file_change[0].eventType"),
    (
        "_get_file_change",
        changes(json.dumps([json.loads(CHANGES)[0], {"pathType": ["file"]}])),
        "get_file_change[1].pathType",
    ),
]


@pytest.mark.parametrize("op", sorted(OPS))
def test_every_operation_succeeds_on_the_valid_answers(op: str) -> None:
    result = run(op, {})
    assert result.success, result.error_message


def test_the_valid_answers_are_read_into_the_results() -> None:
    assert run("info", {}).file_info["size"] == 5
    assert run("read", {}).content == "hello"
    assert run("read_bytes", {}).content == b"hello"
    assert run("list", {}).entries == [
        {"name": "a.txt", "isDirectory": False}, {"name": "d", "isDirectory": True},
    ]  # fmt: skip
    assert run("_get_file_change", {}).get_created_files() == ["/tmp/a.txt"]
    assert not run("_get_file_change", changes(" ")).has_changes()


@pytest.mark.parametrize(("op", "answers", "field"), CASES, ids=[f"{c[0]}:{c[2]}" for c in CASES])
def test_a_wrong_typed_field_fails_the_call_naming_it(
    op: str, answers: dict[str, dict[str, Any]], field: str
) -> None:
    result = run(op, answers)
    assert not result.success
    assert f"the answer's {field} is " in result.error_message, result.error_message


def test_the_async_file_system_checks_the_same_way() -> None:
    async def main(url: str) -> Any:
        async with AsyncAGB(api_key=KEY, cfg=Config(endpoint=url, max_retries=0)) as sdk:
            created = await sdk.create(CreateSessionParams(image_id="agb-code-space-1"))
            return await created.session.file.read("/tmp/a.txt")

    with serving(tools_answering(info(size="big"))) as server:
        result = asyncio.run(main(server.url))
    assert not result.success and result.content == ""
    assert "the answer's size is str 'big', expected int" in result.error_message
