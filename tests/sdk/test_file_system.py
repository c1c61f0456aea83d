"""session.file against the in-process mock: the official names, wire arguments, result classes
and messages; chunked reads and writes; a range or chunk that fails midway; async parity."""

from __future__ import annotations

import asyncio
import base64
import json
import threading
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
import respx

import agb.file_system as file_system
from agb import AGB, AsyncAGB, Config, CreateSessionParams
from agb.model.response import (
    BinaryFileContentResult,
    DirectoryListResult,
    FileChangeResult,
    FileContentResult,
    FileInfoResult,
    FileSearchResult,
    MultipleFileContentResult,
)
from agb.modules.file_system import FileChangeEvent, FileSystem
from agb.results import BoolResult
from mock_server import MockService, mount_respx
from tests.support import API_KEY, RESPX_URL, Backend

IMAGE = "agb-code-space-1"


class Wire:
    """The SDK on the in-process mock, with the tool calls it sent."""

    def __init__(self, router: respx.MockRouter, hooks: list[Any]) -> None:
        self.router = router
        self.backend = Backend(RESPX_URL)
        client = httpx.Client(event_hooks={"request": hooks})
        self.sdk = AGB(api_key=API_KEY, cfg=Config(endpoint=RESPX_URL), http_client=client)
        self.session = self.sdk.create(CreateSessionParams(image_id=IMAGE)).session

    def tools(self, name: str | None = None) -> list[dict[str, Any]]:
        """(tool, args) of every tool call sent by the SDK, in order."""
        sent = []
        for call in self.router.calls:
            if call.request.url.path == "/mcp":
                body = json.loads(call.request.content)
                if name is None or body["name"] == name:
                    sent.append({"tool": body["name"], **json.loads(body["args"])})
        return sent


@pytest.fixture
def wire() -> Iterator[Wire]:
    with MockService(api_keys=[API_KEY]) as service, mount_respx(service, RESPX_URL) as router:
        yield Wire(router, [])


def fail_nth(wire: Wire, tool: str, n: int, kind: str = "status") -> None:
    """Make the ``n``-th (1-based) call of ``tool`` from now on meet a ``kind`` fault."""
    seen = [0]

    def hook(request: httpx.Request) -> None:
        if request.url.path == "/mcp" and json.loads(request.content)["name"] == tool:
            seen[0] += 1
            if seen[0] == n:
                wire.backend.set_faults({"kind": kind, "operation": tool, "times": 1})

    wire.sdk._transport.http.event_hooks["request"].append(hook)


def test_official_names_and_classes(wire: Wire) -> None:
    fs = wire.session.file
    assert isinstance(fs, FileSystem) and fs is wire.session.file
    assert fs.DEFAULT_CHUNK_SIZE == 50 * 1024
    for name in ("mkdir", "edit", "info", "list", "move", "remove", "read", "write",
                 "read_batch", "search", "watch_dir", "_get_file_change", "upload", "download",
                 "transfer_path"):  # fmt: skip
        assert callable(getattr(fs, name)), name


def test_each_tool_gets_the_official_arguments_and_answers_parse(wire: Wire) -> None:
    fs = wire.session.file
    made = fs.mkdir("/tmp/docs")
    assert made == BoolResult(made.request_id, True, True) and made.request_id
    assert fs.mkdir("/tmp/docs").success, "an existing directory is fine"
    assert fs.write("/tmp/docs/a.txt", "cat and mouse").success
    assert fs.write("/tmp/docs/b.md", "two").success
    edited = fs.edit("/tmp/docs/a.txt", [{"oldText": "cat", "newText": "dog"}], dry_run=False)
    assert edited.success and edited.data is True
    info = fs.info("/tmp/docs/a.txt")
    assert isinstance(info, FileInfoResult) and info.success
    assert info.file_info["size"] == 13 and info.file_info["isDirectory"] is False
    listing = fs.list("/tmp/docs")
    assert isinstance(listing, DirectoryListResult)
    assert listing.entries == [
        {"name": "a.txt", "isDirectory": False},
        {"name": "b.md", "isDirectory": False},
    ]
    batch = fs.read_batch(["/tmp/docs/a.txt", "/tmp/docs/b.md"])
    assert isinstance(batch, MultipleFileContentResult)
    assert batch.contents == {"/tmp/docs/a.txt": "dog and mouse", "/tmp/docs/b.md": "two"}
    found = fs.search("/tmp/docs", "*.txt", exclude_patterns=["b*"])
    assert isinstance(found, FileSearchResult) and found.matches == ["/tmp/docs/a.txt"]
    assert fs.search("/tmp/docs", "*.csv").matches == []
    assert fs.move("/tmp/docs/b.md", "/tmp/docs/c.md").success
    assert fs.remove("/tmp/docs/c.md").success
    assert not fs.info("/tmp/docs/c.md").success
    assert [(c["tool"], {k: v for k, v in c.items() if k != "tool"}) for c in wire.tools()] == [
        ("create_directory", {"path": "/tmp/docs"}),
        ("create_directory", {"path": "/tmp/docs"}),
        ("write_file", {"path": "/tmp/docs/a.txt", "content": "cat and mouse",
                        "mode": "overwrite"}),
        ("write_file", {"path": "/tmp/docs/b.md", "content": "two", "mode": "overwrite"}),
        ("edit_file", {"path": "/tmp/docs/a.txt",
                       "edits": [{"oldText": "cat", "newText": "dog"}], "dryRun": False}),
        ("get_file_info", {"path": "/tmp/docs/a.txt"}),
        ("list_directory", {"path": "/tmp/docs"}),
        ("read_multiple_files", {"paths": ["/tmp/docs/a.txt", "/tmp/docs/b.md"]}),
        ("search_files", {"path": "/tmp/docs", "pattern": "*.txt", "excludePatterns": ["b*"]}),
        ("search_files", {"path": "/tmp/docs", "pattern": "*.csv"}),
        ("move_file", {"source": "/tmp/docs/b.md", "destination": "/tmp/docs/c.md"}),
        ("delete_file", {"path": "/tmp/docs/c.md"}),
        ("get_file_info", {"path": "/tmp/docs/c.md"}),
    ]  # fmt: skip


def test_tool_errors_answer_the_tool_text(wire: Wire) -> None:
    result = wire.session.file.info("/tmp/missing.txt")
    assert not result.success and result.request_id
    assert result.error_message == (
        "Error: ENOENT: no such file or directory, stat '/tmp/missing.txt'"
    )
    assert not wire.session.file.list("/tmp/missing").success


def test_what_file_writes_code_and_shell_read_at_the_same_path(wire: Wire) -> None:
    assert wire.session.file.write("/tmp/data.csv", "a,b\n1,2\n").success
    shell = wire.session.command.execute_command("cat /tmp/data.csv")
    assert shell.stdout == "a,b\n1,2\n"


def test_read_text_and_bytes(wire: Wire) -> None:
    fs = wire.session.file
    assert fs.write("/tmp/t.txt", "héllo wörld ✓").success
    text = fs.read("/tmp/t.txt")
    assert isinstance(text, FileContentResult) and text.content == "héllo wörld ✓"
    raw = fs.read("/tmp/t.txt", format="bytes")
    assert isinstance(raw, BinaryFileContentResult)
    assert raw.content == "héllo wörld ✓".encode() and raw.size == len(raw.content)
    reads = wire.tools("read_file")
    assert reads[0] == {"tool": "read_file", "path": "/tmp/t.txt", "offset": 0, "length": 17}
    assert reads[1]["format"] == "binary"


def test_read_empty_file_and_directory(wire: Wire) -> None:
    fs = wire.session.file
    assert fs.write("/tmp/empty.txt", "").success
    read = fs.read("/tmp/empty.txt")
    assert read == FileContentResult(read.request_id, True, "")
    empty = fs.read("/tmp/empty.txt", format="bytes")
    assert empty.success and empty.content == b"" and empty.size == 0
    assert not wire.tools("read_file"), "an empty file needs no read_file"
    assert fs.mkdir("/tmp/dir").success
    for fmt in ("text", "bytes"):
        result = fs.read("/tmp/dir", format=fmt)
        assert not result.success
        assert result.error_message == "Path does not exist or is a directory: /tmp/dir"


def test_large_read_is_ranged_concurrently_and_split_characters_survive(
    wire: Wire, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(file_system, "READ_CHUNK_SIZE", 1001)
    text = ("añb€c😀" * 600)[:3001]  # ranges of 1001 bytes cut multi-byte characters
    assert wire.session.file.write("/tmp/u.txt", text).success
    result = wire.session.file.read("/tmp/u.txt")
    assert result.success and result.content == text
    size = len(text.encode())
    reads = wire.tools("read_file")
    text_ranges = sorted((r["offset"], r["length"]) for r in reads if "format" not in r)
    assert text_ranges == [(o, min(1001, size - o)) for o in range(0, size, 1001)]


def _widened(blob: bytes, offset: int, length: int) -> bytes:
    """The range moved to character boundaries: skip a cut character's tail, finish its head."""
    start, end = offset, offset + length
    while 0 < start < len(blob) and blob[start] & 0xC0 == 0x80:
        start += 1
    while end < len(blob) and blob[end] & 0xC0 == 0x80:
        end += 1
    return blob[start:end]


#: What a service may answer for a text range that cuts a multi-byte character (offsets and
#: lengths are bytes), and whether the SDK then needs the bytes: only when the texts do not
#: join to exactly the file.
TEXT_RANGES: dict[str, tuple[Callable[[bytes, int, int], str], bool]] = {
    "replaced": (lambda b, o, n: b[o : o + n].decode(errors="replace"), True),
    "dropped": (lambda b, o, n: b[o : o + n].decode(errors="ignore"), True),
    "widened": (lambda b, o, n: _widened(b, o, n).decode(), False),
    "widened_end_only": (
        lambda b, o, n: b[o : len(_widened(b, 0, o + n))].decode(errors="replace"),
        True,
    ),
}


@pytest.mark.parametrize("service", sorted(TEXT_RANGES))
def test_a_text_range_of_another_length_is_read_from_the_bytes(
    service: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A text range whose bytes do not match what was asked is no failure: the text comes
    exact, from the joined texts when they make the file, else from the file's bytes."""
    monkeypatch.setattr(file_system, "READ_CHUNK_SIZE", 100)
    blob = ("€uro ✓ 😀 " * 100).encode()
    answer_range, needs_bytes = TEXT_RANGES[service]
    asked: list[dict[str, Any]] = []

    def tool(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        args = json.loads(body["args"])
        if body["name"] == "get_file_info":
            text = f"size: {len(blob)}\nisDirectory: false"
        else:
            asked.append(args)
            offset, length = args["offset"], args["length"]
            if args.get("format") == "binary":
                text = base64.b64encode(blob[offset : offset + length]).decode()
            else:
                text = answer_range(blob, offset, length)
        data = {"content": [{"type": "text", "text": text}], "isError": False}
        return httpx.Response(200, json={"success": True, "requestId": "R", "data": data})

    with respx.mock(base_url="http://agb.fake", assert_all_called=False) as router:
        router.post("/mcp").mock(side_effect=tool)
        sdk = AGB(api_key=API_KEY, cfg=Config(endpoint="http://agb.fake"))
        fs = FileSystem("s-1", sdk._transport)
        result = fs.read("/tmp/euro.txt")
    assert result.success and result.content == blob.decode(), result.error_message
    formats = {a.get("format") for a in asked}
    assert formats == ({None, "binary"} if needs_bytes else {None})


def test_a_range_that_fails_midway_fails_the_read(
    wire: Wire, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(file_system, "READ_CHUNK_SIZE", 100)
    monkeypatch.setattr(file_system, "READ_CONCURRENCY", 1)
    assert wire.session.file.write("/tmp/r.bin", "x" * 1000).success
    fail_nth(wire, "read_file", 4, kind="envelope_error")
    for fmt in ("text", "bytes"):
        result = wire.session.file.read("/tmp/r.bin", format=fmt)
        if fmt == "text":
            assert not result.success and result.content == ""
            assert "(read 300 of 1000 bytes, then the range at offset 300 failed)" in (
                result.error_message
            )
        else:  # the fault was used up: the same read now succeeds whole
            assert result.success and result.content == b"x" * 1000


def test_write_is_chunked_overwrite_then_append(
    wire: Wire, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(file_system, "WRITE_CHUNK_SIZE", 10)
    content = "0123456789abcdefghijKLMNO"
    assert wire.session.file.write("/tmp/w.txt", content).success
    writes = wire.tools("write_file")
    assert [(w["content"], w["mode"]) for w in writes] == [
        ("0123456789", "overwrite"), ("abcdefghij", "append"), ("KLMNO", "append"),
    ]  # fmt: skip
    assert wire.session.file.read("/tmp/w.txt").content == content
    assert wire.session.file.write("/tmp/w.txt", "!" * 12, mode="append").success
    assert [w["mode"] for w in wire.tools("write_file")[3:]] == ["append", "append"]
    assert wire.session.file.read("/tmp/w.txt").content == content + "!" * 12


@pytest.mark.parametrize("kind", ["status", "lost_response", "envelope_error"])
@pytest.mark.parametrize("mode", ["overwrite", "append"])
def test_a_chunk_that_fails_midway_is_reported_and_never_resent(
    wire: Wire, monkeypatch: pytest.MonkeyPatch, kind: str, mode: str
) -> None:
    monkeypatch.setattr(file_system, "WRITE_CHUNK_SIZE", 10)
    assert wire.session.file.write("/tmp/f.txt", "base|").success
    content = "".join(chr(ord("a") + i) * 10 for i in range(5))  # aaaa..., bbbb..., ...
    fail_nth(wire, "write_file", 3, kind=kind)
    result = wire.session.file.write("/tmp/f.txt", content, mode=mode)
    assert not result.success
    assert "(wrote 20 of 50 characters; chunk 3 of 5 failed and was not resent)" in (
        result.error_message
    )
    sent = [w["content"] for w in wire.tools("write_file")[1:]]
    assert sent == [content[:10], content[10:20], content[20:30]], "nothing after the failure"
    on_disk = wire.session.file.read("/tmp/f.txt").content
    prefix = "base|" if mode == "append" else ""
    # A lost response may have been applied; either way no chunk is there twice.
    assert on_disk in (prefix + content[:20], prefix + content[:30])


def test_bad_input_gets_the_official_answers_without_a_request(wire: Wire) -> None:
    fs = wire.session.file
    before = len(wire.router.calls)
    bad = fs.write("/tmp/x.txt", "x", mode="bogus")
    assert bad == BoolResult(
        "", False, None, "Invalid write mode: bogus. Must be 'overwrite' or 'append'."
    )
    for content in (b"bytes", 5, None):
        result = fs.write("/tmp/x.txt", content)  # type: ignore[arg-type]
        assert not result.success and result.error_message.startswith(
            "Failed to write file: content must be a str"
        )
    for call, words in (
        (lambda: fs.mkdir(""), "Failed to create directory: path must not be empty"),
        (lambda: fs.write("  ", "x"), "Failed to write file: path must not be empty"),
        (lambda: fs.info(""), "Failed to get file info: path must not be empty"),
        (lambda: fs.list(""), "Failed to list directory: path must not be empty"),
        (lambda: fs.remove(""), "Failed to delete file: path must not be empty"),
        (lambda: fs.move("", "/tmp/y"), "Failed to move file: path must not be empty"),
        (lambda: fs.read(""), "path must not be empty"),
        (lambda: fs.read("/tmp/x", format="xml"), "Invalid format: 'xml'"),
        (lambda: fs.read_batch([]), "Failed to read multiple files: paths must not be empty"),
        (lambda: fs.search("/tmp", ""), "Failed to search files: pattern must be a non-empty"),
        (lambda: fs.edit("/tmp/x", "nope"), "Failed to edit file: edits must be a list"),  # type: ignore[arg-type]
        (lambda: fs.mkdir(None), "Failed to create directory: path must be a str, not NoneType"),  # type: ignore[arg-type]
    ):  # fmt: skip
        result = call()
        assert not result.success and words in result.error_message, result
    assert len(wire.router.calls) == before, "bad input sends nothing"


def test_service_failure_carries_request_id_and_message(wire: Wire) -> None:
    wire.backend.set_faults({"kind": "envelope_error", "operation": "get_file_info", "times": 1})
    result = wire.session.file.info("/tmp")
    assert not result.success and result.error_message.startswith("FileSystem.info failed:")


def test_file_change_events_and_watch_dir(wire: Wire) -> None:
    fs = wire.session.file
    assert fs.mkdir("/tmp/watch").success
    first = fs._get_file_change("/tmp/watch")
    assert isinstance(first, FileChangeResult) and first.success and not first.has_changes()
    assert fs.write("/tmp/watch/a.txt", "1").success
    changes = fs._get_file_change("/tmp/watch")
    assert changes.get_created_files() == ["/tmp/watch/a.txt"]
    assert changes.events[0].to_dict() == {
        "eventType": "create", "path": "/tmp/watch/a.txt", "pathType": "file",
    }  # fmt: skip

    seen: list[FileChangeEvent] = []
    got = threading.Event()

    def callback(events: list[FileChangeEvent]) -> None:
        seen.extend(events)
        got.set()

    watcher = fs.watch_dir("/tmp/watch", callback, interval=0.05)
    assert not watcher.is_alive(), "returned unstarted, as the official SDK does"
    watcher.start()
    assert watcher.ready_event.wait(10)
    assert fs.write("/tmp/watch/a.txt", "22").success
    assert got.wait(10)
    watcher.stop_event.set()
    watcher.join(10)
    assert not watcher.is_alive()
    assert [(e.event_type, e.path) for e in seen][:1] == [("modify", "/tmp/watch/a.txt")]


def test_async_file_system_shares_the_plans() -> None:
    async def scenario() -> None:
        sdk = AsyncAGB(api_key=API_KEY, cfg=Config(endpoint=RESPX_URL))
        session = (await sdk.create(CreateSessionParams(image_id=IMAGE))).session
        fs = session.file
        assert (await fs.write("/tmp/a.txt", "ü" * 70_000)).success
        assert (await fs.read("/tmp/a.txt")).content == "ü" * 70_000
        assert (await fs.read("/tmp/a.txt", format="bytes")).content == ("ü" * 70_000).encode()
        assert (await fs.list("/tmp")).entries[0]["name"] == "a.txt"
        assert not (await fs.write("/tmp/a.txt", "x", mode="nope")).success
        stop = asyncio.Event()
        seen: list[FileChangeEvent] = []
        task = asyncio.create_task(fs.watch_dir("/tmp", seen.extend, 0.05, stop))
        await asyncio.sleep(0.2)
        assert (await fs.write("/tmp/b.txt", "b")).success
        for _ in range(200):
            if seen:
                break
            await asyncio.sleep(0.05)
        stop.set()
        await asyncio.wait_for(task, 10)
        assert ("create", "/tmp/b.txt") in [(e.event_type, e.path) for e in seen]
        await sdk.aclose()

    with MockService(api_keys=[API_KEY]) as service, mount_respx(service, RESPX_URL):
        asyncio.run(scenario())
