"""Contexts, context sync and file transfer against the mock (in-process and over loopback):
a context's data outlives the session that wrote it, and files move both ways by URL."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Any

import pytest

from agb import AGB, AsyncAGB, Config, ContextSync, CreateSessionParams, SyncPolicy
from tests.support import API_KEY, Backend

IMAGE = "agb-code-space-1"
MOUNT = "/home/user/data"


def read(session: Any, path: str) -> str:
    result = session.call_mcp_tool("read_file", {"path": path})
    assert result.success, result.error_message
    return str(result.data)


def write(session: Any, path: str, content: str) -> None:
    args = {"path": path, "content": content, "mode": "overwrite"}
    assert session.call_mcp_tool("write_file", args).success


@pytest.mark.parametrize("backend_name", ["respx_backend", "http_backend"])
def test_context_data_survives_its_session(
    backend_name: str, request: pytest.FixtureRequest
) -> None:
    backend: Backend = request.getfixturevalue(backend_name)
    with AGB(api_key=API_KEY, cfg=Config(endpoint=backend.url)) as sdk:
        context = sdk.context.get("persist-demo", create=True).context
        assert context is not None and sdk.context.create("persist-demo").context_id == context.id
        mount = [ContextSync(context.id, MOUNT, SyncPolicy())]
        first = sdk.create(CreateSessionParams(image_id=IMAGE, context_syncs=mount))
        assert first.success, first.error_message
        write(first.session, f"{MOUNT}/notes.txt", "héllo wörld ✓")
        assert asyncio.run(first.session.context.sync()).success
        tasks = first.session.context.info().context_status_data
        assert {t.task_type for t in tasks} >= {"download", "upload"}
        files = sdk.context.list_files(context.id, MOUNT)
        assert [e.file_path for e in files.entries] == [f"{MOUNT}/notes.txt"]
        assert first.session.delete().success

        second = sdk.create(CreateSessionParams(image_id=IMAGE, context_syncs=mount))
        assert second.success
        assert read(second.session, f"{MOUNT}/notes.txt") == "héllo wörld ✓"
        assert second.session.delete(sync_context=True).success

        cleared = sdk.context.clear(context.id, timeout=30, poll_interval=0.5)
        assert cleared.success and cleared.status == "available"
        assert sdk.context.list_files(context.id, MOUNT).entries == []
        assert any(c.id == context.id for c in sdk.context.list().contexts)
        assert sdk.context.delete(context).success
        assert not sdk.context.get(context_id=context.id).success


@pytest.mark.parametrize("backend_name", ["respx_backend", "http_backend"])
def test_upload_and_download_through_presigned_urls(
    backend_name: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    backend: Backend = request.getfixturevalue(backend_name)
    payload = os.urandom(3 * 1024 * 1024 + 17)
    source = tmp_path / "blob.bin"
    source.write_bytes(payload)
    with AGB(api_key=API_KEY, cfg=Config(endpoint=backend.url)) as sdk:
        session = sdk.create(CreateSessionParams(image_id=IMAGE)).session
        base = session.file.transfer_path()
        assert base and base.startswith("/")
        text = tmp_path / "hello.txt"
        text.write_text("héllo from here\n", encoding="utf-8")
        up = session.file.upload(str(text), base + "/hello.txt")
        assert up.success, up.error_message
        assert read(session, base + "/hello.txt").rstrip("\n") == "héllo from here"
        big = session.file.upload(str(source), base + "/blob.bin")
        assert big.success and big.bytes_sent == len(payload)
        write(session, base + "/made-here.txt", "from the session")
        down = session.file.download(base + "/made-here.txt", str(tmp_path / "out" / "m.txt"))
        assert down.success, down.error_message
        assert (tmp_path / "out" / "m.txt").read_text() == "from the session"
        back = session.file.download(base + "/blob.bin", str(tmp_path / "blob.copy"))
        assert back.success and (tmp_path / "blob.copy").read_bytes() == payload
        missing = session.file.download(base + "/nope.bin", str(tmp_path / "nope"))
        assert not missing.success and not (tmp_path / "nope").exists()
        session.delete()


def test_async_client_against_the_mock(http_backend: Backend, tmp_path: Path) -> None:
    source = tmp_path / "a.txt"
    source.write_text("async ✓", encoding="utf-8")

    async def main() -> None:
        async with AsyncAGB(api_key=API_KEY, cfg=Config(endpoint=http_backend.url)) as sdk:
            context = (await sdk.context.create("async-demo")).context
            mount = [ContextSync(context.id, MOUNT, SyncPolicy())]
            created = await sdk.create(CreateSessionParams(image_id=IMAGE, context_syncs=mount))
            session = created.session
            path = await session.file.transfer_path()
            assert (await session.file.upload(str(source), path + "/a.txt")).success
            result = await session.file.download(path + "/a.txt", str(tmp_path / "b.txt"))
            assert result.success
            assert (await session.context.sync()).success
            assert (await session.delete(sync_context=True)).success

    asyncio.run(main())
    assert (tmp_path / "b.txt").read_text(encoding="utf-8") == "async ✓"
