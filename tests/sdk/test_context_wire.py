"""What ``agb.context``, ``session.context`` and file transfer put on the wire, and how they read
the answers (respx; each test scripts the service's answers itself)."""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx

from agb import AGB, AsyncAGB, Config, Context
from agb.context import ClearanceTimeoutError, ContextListParams
from agb.file_transfer import remote_dir

BASE = "http://agb.test"
OSS = "http://oss.test"
KEY = "akm-wire-test-key-4242"


def ok(data: Any = None, **top: Any) -> httpx.Response:
    body = {"success": True, "code": "ok", "message": "", "requestId": "RID-1", "data": data, **top}
    return httpx.Response(200, json=body)


def failure(message: str, status: int = 400) -> httpx.Response:
    body = {
        "success": False,
        "code": "InvalidContext.NotFound",
        "message": message,
        "requestId": "RID-F",
    }
    return httpx.Response(status, json=body)


def status_doc(*tasks: dict[str, Any]) -> str:
    return json.dumps([{"type": "data", "data": json.dumps(list(tasks))}])


def task(
    status: str,
    task_type: str = "download",
    context_id: str = "ctx-1",
    path: str = "/home/d",
    error: str = "",
) -> dict[str, Any]:
    return {
        "contextId": context_id,
        "path": path,
        "errorMessage": error,
        "status": status,
        "startTime": 1700000000,
        "finishTime": 1700000002,
        "taskType": task_type,
    }


def query(route: respx.Route, index: int = -1) -> dict[str, str]:
    return dict(route.calls[index].request.url.params)


@pytest.fixture
def router() -> Iterator[respx.MockRouter]:
    with respx.mock(assert_all_called=False) as mocked:
        yield mocked


@pytest.fixture
def sdk() -> Iterator[AGB]:
    with AGB(api_key=KEY, cfg=Config(endpoint=BASE)) as client:
        yield client


def session_of(sdk: AGB, router: respx.MockRouter) -> Any:
    router.post(BASE + "/mcp/createSession").mock(
        return_value=ok({"sessionId": "s-1", "success": True})
    )
    from agb import CreateSessionParams

    return sdk.create(CreateSessionParams(image_id="img")).session


# ---- agb.context ---------------------------------------------------------------------------


def test_list_sends_max_results_and_token_and_reads_the_page(router, sdk) -> None:  # type: ignore[no-untyped-def]
    items = [{"id": "ctx-1", "name": "a", "createTime": "t1", "lastUsedTime": "t2"}]
    route = router.get(BASE + "/sdk/ListContexts").mock(
        side_effect=[ok(items, nextToken="tok-2", totalCount=3, maxResults=1), ok([])]
    )
    page = sdk.context.list(ContextListParams(max_results=1))
    assert query(route, 0) == {"maxResults": "1"}
    assert page.success and page.next_token == "tok-2" and page.total_count == 3
    assert page.contexts == [Context("ctx-1", "a", "t1", "t2")] and page.error_message is None
    second = sdk.context.list(ContextListParams(max_results=1, next_token="tok-2"))
    assert query(route) == {"maxResults": "1", "nextToken": "tok-2"}
    assert second.contexts == [] and second.next_token is None and second.max_results == 1
    assert "authorization" in route.calls.last.request.headers


def test_list_defaults_to_ten(router, sdk) -> None:  # type: ignore[no-untyped-def]
    route = router.get(BASE + "/sdk/ListContexts").mock(return_value=ok([]))
    assert sdk.context.list().max_results == 10
    assert query(route) == {"maxResults": "10"}


def test_get_and_create_send_allow_create(router, sdk) -> None:  # type: ignore[no-untyped-def]
    data = {
        "id": "ctx-9",
        "name": "proj",
        "createTime": "c",
        "lastUsedTime": "u",
        "state": "available",
    }
    route = router.get(BASE + "/sdk/GetContext").mock(return_value=ok(data))
    got = sdk.context.get("proj", create=True)
    assert query(route) == {"name": "proj", "allowCreate": "true"}
    assert (
        got.success
        and got.context_id == "ctx-9"
        and got.context == Context("ctx-9", "proj", "c", "u")
    )
    sdk.context.get(context_id=" ctx-9 ", login_region_id="cn-hangzhou")
    assert query(route) == {"id": "ctx-9", "allowCreate": "false", "loginRegionId": "cn-hangzhou"}
    assert sdk.context.create("  proj ").context_id == "ctx-9"
    assert query(route) == {"name": "proj", "allowCreate": "true"}


@pytest.mark.parametrize(
    "call",
    [
        lambda s: s.context.get(),
        lambda s: s.context.get("  "),
        lambda s: s.context.get("n", create=True, context_id="ctx-1"),
        lambda s: s.context.create(""),
        lambda s: s.context.update(Context("", "n")),
        lambda s: s.context.update(Context("ctx-1", " ")),
        lambda s: s.context.update(None),
        lambda s: s.context.delete(Context(" ", "n")),
        lambda s: s.context.get_file_upload_url("", "/tmp/a"),
        lambda s: s.context.get_file_download_url("ctx-1", ""),
        lambda s: s.context.delete_file("ctx-1", "  "),
        lambda s: s.context.list_files(""),
    ],
)
def test_bad_input_is_refused_without_a_request(router, sdk, call) -> None:  # type: ignore[no-untyped-def]
    everything = router.route().mock(return_value=ok())
    result = call(sdk)
    assert result.success is False and result.error_message and result.request_id == ""
    assert everything.call_count == 0


def test_update_delete_and_delete_file(router, sdk) -> None:  # type: ignore[no-untyped-def]
    modify = router.post(BASE + "/sdk/ModifyContext").mock(return_value=ok())
    delete = router.post(BASE + "/sdk/DeleteContext").mock(return_value=ok())
    delete_file = router.post(BASE + "/sdk/DeleteContextFile").mock(return_value=ok())
    updated = sdk.context.update(Context("ctx-1", "renamed"))
    assert query(modify) == {"id": "ctx-1", "name": "renamed"}
    assert json.loads(modify.calls.last.request.content) == {}
    assert updated.success and updated.data == {"context_id": "ctx-1"}
    assert sdk.context.delete(Context("ctx-1", "x")).data == {"context_id": "ctx-1"}
    assert query(delete) == {"id": "ctx-1"}
    removed = sdk.context.delete_file("ctx-1", "/tmp/a.txt")
    assert removed.success and removed.data is True
    assert query(delete_file) == {"contextId": "ctx-1", "filePath": "/tmp/a.txt"}


def test_failures_carry_the_service_message_and_request_id(router, sdk) -> None:  # type: ignore[no-untyped-def]
    router.get(BASE + "/sdk/GetContext").mock(return_value=failure("no such context"))
    result = sdk.context.get(context_id="ctx-x")
    assert not result.success and "no such context" in (result.error_message or "")
    assert result.request_id == "RID-F" and result.context is None


def test_file_urls_and_listing(router, sdk) -> None:  # type: ignore[no-untyped-def]
    up = router.post(BASE + "/sdk/GetContextFileUploadUrl").mock(
        return_value=ok({"url": OSS + "/put/1", "expireTime": 1900000000})
    )
    router.post(BASE + "/sdk/GetContextFileDownloadUrl").mock(return_value=ok({"expireTime": 1}))
    entry = {
        "fileId": "f1",
        "fileName": "a.txt",
        "filePath": "/tmp/a.txt",
        "fileType": "file",
        "gmtCreate": "c",
        "gmtModified": "m",
        "size": 12,
        "status": "available",
    }
    files = router.post(BASE + "/sdk/DescribeContextFiles").mock(return_value=ok([entry], count=7))
    url = sdk.context.get_file_upload_url("ctx-1", "/tmp/a.txt")
    assert query(up) == {"contextId": "ctx-1", "filePath": "/tmp/a.txt"}
    assert url.success and url.url == OSS + "/put/1" and url.expire_time == 1900000000
    assert not sdk.context.get_file_download_url("ctx-1", "/tmp/a.txt").success  # no url
    listed = sdk.context.list_files("ctx-1", "/tmp", page_number=2, page_size=5)
    assert query(files) == {
        "contextId": "ctx-1",
        "parentFolderPath": "/tmp",
        "pageNumber": "2",
        "pageSize": "5",
    }
    assert listed.count == 7 and listed.entries[0].file_path == "/tmp/a.txt"
    assert listed.entries[0].size == 12 and listed.entries[0].status == "available"
    sdk.context.list_files("ctx-1")
    assert query(files) == {"contextId": "ctx-1", "pageNumber": "1", "pageSize": "50"}


def test_clear_polls_until_available(router, sdk) -> None:  # type: ignore[no-untyped-def]
    clear = router.post(BASE + "/sdk/ClearContext").mock(return_value=ok())
    states = [ok({"id": "ctx-1", "state": s}) for s in ("clearing", "pre-available", "available")]
    polls = router.get(BASE + "/sdk/GetContext").mock(side_effect=states)
    result = sdk.context.clear("ctx-1", timeout=30, poll_interval=0.1)
    assert result.success and result.status == "available" and result.context_id == "ctx-1"
    assert query(clear) == {"id": "ctx-1"} and polls.call_count == 3
    assert query(polls) == {"id": "ctx-1", "allowCreate": "false"}
    assert sdk.context.clear_async("ctx-1").status == "clearing"


def test_clear_raises_clearance_timeout(router, sdk) -> None:  # type: ignore[no-untyped-def]
    router.post(BASE + "/sdk/ClearContext").mock(return_value=ok())
    router.get(BASE + "/sdk/GetContext").mock(return_value=ok({"id": "ctx-1", "state": "clearing"}))
    with pytest.raises(ClearanceTimeoutError):
        sdk.context.clear("ctx-1", timeout=1, poll_interval=0.2)
    assert sdk.context.get_clear_status("ctx-1").status == "clearing"


def test_async_context_service(router) -> None:  # type: ignore[no-untyped-def]
    router.get(BASE + "/sdk/GetContext").mock(return_value=ok({"id": "ctx-1", "name": "n"}))
    router.post(BASE + "/sdk/ClearContext").mock(return_value=ok())

    async def main() -> tuple[Any, Any]:
        async with AsyncAGB(api_key=KEY, cfg=Config(endpoint=BASE)) as client:
            got = await client.context.create("n")
            bad = await client.context.create(" ")
            with pytest.raises(ClearanceTimeoutError):
                router.get(BASE + "/sdk/GetContext").mock(return_value=ok({"state": "clearing"}))
                await client.context.clear("ctx-1", timeout=1, poll_interval=0.2)
            return got, bad

    got, bad = asyncio.run(main())
    assert got.context_id == "ctx-1" and not bad.success


# ---- session.context -------------------------------------------------------------------------


def test_info_decodes_the_double_encoded_status(router, sdk) -> None:  # type: ignore[no-untyped-def]
    session = session_of(sdk, router)
    doc = status_doc(task("Success"), task("Running", "upload"))
    route = router.get(BASE + "/sdk/GetContextInfo").mock(return_value=ok({"contextStatus": doc}))
    info = session.context.info(context_id="ctx-1", path="/home/d", task_type="download")
    assert query(route) == {
        "sessionId": "s-1",
        "contextId": "ctx-1",
        "path": "/home/d",
        "taskType": "download",
    }
    assert [(t.task_type, t.status) for t in info.context_status_data] == [
        ("download", "Success"),
        ("upload", "Running"),
    ]
    assert info.context_status_data[0].finish_time == 1700000002
    router.get(BASE + "/sdk/GetContextInfo").mock(return_value=ok({"contextStatus": ""}))
    assert session.context.info().context_status_data == [] and session.context.info().success
    router.get(BASE + "/sdk/GetContextInfo").mock(return_value=ok({"contextStatus": "{bad"}))
    assert not session.context.info().success


def test_sync_is_a_coroutine_and_polls_until_final(router, sdk) -> None:  # type: ignore[no-untyped-def]
    session = session_of(sdk, router)
    sync = router.post(BASE + "/sdk/SyncContext").mock(return_value=ok())
    answers = [
        ok({"contextStatus": status_doc(task(s, "upload"))})
        for s in ("Pending", "Running", "Success")
    ]
    router.get(BASE + "/sdk/GetContextInfo").mock(side_effect=answers)
    coroutine = session.context.sync(context_id="ctx-1", path="/home/d", mode="upload")
    assert asyncio.iscoroutine(coroutine)
    result = asyncio.run(coroutine)
    assert result.success and result.request_id == "RID-1"
    assert query(sync) == {
        "sessionId": "s-1",
        "contextId": "ctx-1",
        "path": "/home/d",
        "mode": "upload",
    }


def test_sync_reports_a_failed_task_and_refuses_half_arguments(router, sdk) -> None:  # type: ignore[no-untyped-def]
    session = session_of(sdk, router)
    sync = router.post(BASE + "/sdk/SyncContext").mock(return_value=ok())
    router.get(BASE + "/sdk/GetContextInfo").mock(
        return_value=ok({"contextStatus": status_doc(task("Failed", "upload", error="disk"))})
    )
    assert asyncio.run(session.context.sync()).success is False
    assert query(sync) == {"sessionId": "s-1"}
    half = asyncio.run(session.context.sync(context_id="ctx-1"))
    assert not half.success and "together" in half.error_message and sync.call_count == 1


def test_sync_with_callback_returns_at_once_and_calls_back(router, sdk) -> None:  # type: ignore[no-untyped-def]
    import threading

    session = session_of(sdk, router)
    router.post(BASE + "/sdk/SyncContext").mock(return_value=ok())
    router.get(BASE + "/sdk/GetContextInfo").mock(
        return_value=ok({"contextStatus": status_doc(task("Success", "upload"))})
    )
    got: list[bool] = []
    called = threading.Event()

    def callback(success: bool) -> None:
        got.append(success)
        called.set()

    assert asyncio.run(session.context.sync(callback=callback)).success
    assert called.wait(10) and got == [True]


def test_delete_with_sync_context_uploads_first(router, sdk) -> None:  # type: ignore[no-untyped-def]
    session = session_of(sdk, router)
    order: list[str] = []

    def record(name: str, answer: httpx.Response) -> Any:
        def side_effect(request: httpx.Request) -> httpx.Response:
            order.append(name)
            return answer

        return side_effect

    router.post(BASE + "/sdk/SyncContext").mock(side_effect=record("sync", ok()))
    router.get(BASE + "/sdk/GetContextInfo").mock(
        side_effect=record("info", ok({"contextStatus": ""}))
    )
    router.post(BASE + "/mcp/releaseSessionAsync").mock(side_effect=record("release", ok()))
    router.post(BASE + "/mcp/getSessionInfo").mock(
        side_effect=record("status", ok({"status": "FINISH"}))
    )
    assert session.delete(sync_context=True).success
    assert order == ["sync", "info", "release", "status"]


def test_create_with_mounts_waits_for_the_download_quickly(router, sdk) -> None:  # type: ignore[no-untyped-def]
    import time

    from agb import ContextSync, CreateSessionParams, SyncPolicy

    router.post(BASE + "/mcp/createSession").mock(
        return_value=ok({"sessionId": "s-1", "success": True})
    )
    answers = [ok({"contextStatus": status_doc(task(s))}) for s in ("Pending", "Success")]
    info = router.get(BASE + "/sdk/GetContextInfo").mock(side_effect=answers)
    started = time.monotonic()
    params = CreateSessionParams(
        image_id="img", context_syncs=[ContextSync("ctx-1", "/home/d", SyncPolicy())]
    )
    assert sdk.create(params).success
    assert info.call_count == 2 and query(info) == {"sessionId": "s-1"}
    assert time.monotonic() - started < 1.9  # the official SDK would sleep 2 s before the 2nd poll


# ---- file transfer -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "folder"),
    [
        ("/tmp/ft/a.txt", "/tmp/ft"),
        ("/tmp/ft/", "/tmp/ft"),
        ("/a", "/"),
        ("/", "/"),
        ("a.txt", None),
        ("", None),
        ("dir\\\\x.txt", "dir"),
    ],
)
def test_remote_dir(path: str, folder: str | None) -> None:
    assert remote_dir(path) == folder


def transfer_service(router: respx.MockRouter, stored: dict[str, bytes]) -> dict[str, respx.Route]:
    internal = [{"contextId": "ctx-ft", "contextType": "file_transfer", "contextPath": "/tmp/ft"}]
    done = ok(
        {
            "contextStatus": status_doc(
                task("Success", "download", "ctx-ft", "/tmp/ft"),
                task("Success", "upload", "ctx-ft", "/tmp/ft"),
            )
        }
    )

    def put(request: httpx.Request) -> httpx.Response:
        assert "authorization" not in request.headers
        assert "transfer-encoding" not in request.headers  # object stores want a length
        stored["obj"] = request.read()
        assert request.headers["content-length"] == str(len(stored["obj"]))
        return httpx.Response(200, headers={"ETag": '"etag-1"'})

    def get(request: httpx.Request) -> httpx.Response:
        assert "authorization" not in request.headers
        return (
            httpx.Response(200, content=stored["obj"]) if "obj" in stored else httpx.Response(404)
        )

    return {
        "internal": router.post(BASE + "/sdk/GetAndLoadInternalContext").mock(
            return_value=ok(internal)
        ),
        "up_url": router.post(BASE + "/sdk/GetContextFileUploadUrl").mock(
            return_value=ok({"url": OSS + "/obj?sig=1", "expireTime": 2})
        ),
        "down_url": router.post(BASE + "/sdk/GetContextFileDownloadUrl").mock(
            return_value=ok({"url": OSS + "/obj?sig=2", "expireTime": 2})
        ),
        "sync": router.post(BASE + "/sdk/SyncContext").mock(return_value=ok()),
        "info": router.get(BASE + "/sdk/GetContextInfo").mock(return_value=done),
        "put": router.put(OSS + "/obj").mock(side_effect=put),
        "get": router.get(OSS + "/obj").mock(side_effect=get),
    }


def test_upload_then_download_round_trip(router, sdk, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    session = session_of(sdk, router)
    stored: dict[str, bytes] = {}
    routes = transfer_service(router, stored)
    payload = os.urandom(700_000)
    source = tmp_path / "in.bin"
    source.write_bytes(payload)
    assert session.file.transfer_path() == "/tmp/ft"
    progress: list[int] = []
    up = session.file.upload(str(source), "/tmp/ft/in.bin", progress_cb=progress.append)
    assert up.success and up.error_message is None and up.etag == '"etag-1"'
    assert up.bytes_sent == len(payload) and up.http_status == 200 and stored["obj"] == payload
    assert up.request_id_upload_url == "RID-1" and up.request_id_sync == "RID-1"
    assert progress[-1] == len(payload) and len(progress) > 1
    assert routes["internal"].call_count == 1  # resolved once per session
    assert query(routes["internal"]) == {"sessionId": "s-1", "contextTypes": '["file_transfer"]'}
    assert query(routes["up_url"]) == {"contextId": "ctx-ft", "filePath": "/tmp/ft/in.bin"}
    assert query(routes["sync"]) == {
        "sessionId": "s-1",
        "contextId": "ctx-ft",
        "path": "/tmp/ft",
        "mode": "download",
    }
    target = tmp_path / "deep" / "out.bin"
    down = session.file.download("/tmp/ft/in.bin", str(target))
    assert down.success and target.read_bytes() == payload and down.bytes_received == len(payload)
    assert query(routes["sync"])["mode"] == "upload" and down.local_path == str(target)
    assert routes["internal"].call_count == 1


def test_transfer_failures(router, sdk, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    session = session_of(sdk, router)
    stored: dict[str, bytes] = {}
    routes = transfer_service(router, stored)
    missing = session.file.upload(str(tmp_path / "nope"), "/tmp/ft/x")
    assert not missing.success and "Local file not found" in (missing.error_message or "")
    assert routes["internal"].call_count == 0
    target = tmp_path / "out.bin"
    target.write_bytes(b"keep")
    kept = session.file.download("/tmp/ft/x", str(target), overwrite=False)
    assert not kept.success and target.read_bytes() == b"keep"
    absent = session.file.download("/tmp/ft/x", str(target))
    assert not absent.success and absent.http_status == 404 and target.read_bytes() == b"keep"
    assert not (tmp_path / "out.bin.part").exists()
    routes["put"].mock(return_value=httpx.Response(403))
    source = tmp_path / "in.txt"
    source.write_text("x")
    denied = session.file.upload(str(source), "/tmp/ft/in.txt")
    assert (
        not denied.success and denied.http_status == 403 and "403" in (denied.error_message or "")
    )


def test_upload_wait_sees_a_task_error(router, sdk, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    session = session_of(sdk, router)
    routes = transfer_service(router, {})
    routes["info"].mock(
        return_value=ok(
            {
                "contextStatus": status_doc(
                    task("Failed", "download", "ctx-ft", "/tmp/ft", error="quota")
                )
            }
        )
    )
    source = tmp_path / "in.txt"
    source.write_text("x")
    result = session.file.upload(str(source), "/tmp/ft/in.txt", wait_timeout=5, poll_interval=0.1)
    assert not result.success and "quota" in (result.error_message or "")


def test_no_internal_context(router, sdk) -> None:  # type: ignore[no-untyped-def]
    session = session_of(sdk, router)
    router.post(BASE + "/sdk/GetAndLoadInternalContext").mock(return_value=ok(None))
    assert session.file.transfer_path() is None


def test_async_transfer_round_trip(router, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    stored: dict[str, bytes] = {}
    transfer_service(router, stored)
    router.post(BASE + "/mcp/createSession").mock(
        return_value=ok({"sessionId": "s-1", "success": True})
    )
    source = tmp_path / "in.txt"
    source.write_text("héllo\n" * 1000, encoding="utf-8")

    async def main() -> tuple[Any, Any, Any]:
        from agb import CreateSessionParams

        async with AsyncAGB(api_key=KEY, cfg=Config(endpoint=BASE)) as client:
            session = (await client.create(CreateSessionParams(image_id="img"))).session
            path = await session.file.transfer_path()
            up = await session.file.upload(str(source), path + "/in.txt")
            down = await session.file.download(path + "/in.txt", str(tmp_path / "out.txt"))
            synced = await session.context.sync()
            return up, down, synced

    up, down, synced = asyncio.run(main())
    assert up.success and down.success and synced.success
    assert (tmp_path / "out.txt").read_bytes() == source.read_bytes()


def test_async_sync_with_callback_polls_on_the_loop(router: respx.MockRouter) -> None:
    router.post(BASE + "/mcp/createSession").mock(
        return_value=ok({"sessionId": "s-1", "success": True})
    )
    router.post(BASE + "/sdk/SyncContext").mock(return_value=ok())
    answers = [ok({"contextStatus": status_doc(task(s, "upload"))}) for s in ("Running", "Failed")]
    router.get(BASE + "/sdk/GetContextInfo").mock(side_effect=answers)

    async def main() -> list[bool]:
        from agb import CreateSessionParams

        got: list[bool] = []
        done = asyncio.Event()

        def callback(success: bool) -> None:
            got.append(success)
            done.set()

        async with AsyncAGB(api_key=KEY, cfg=Config(endpoint=BASE)) as client:
            session = (await client.create(CreateSessionParams(image_id="img"))).session
            started = await session.context.sync(mode="upload", callback=callback)
            assert started.success and not got  # returned before polling finished
            await asyncio.wait_for(done.wait(), 10)
        return got

    assert asyncio.run(main()) == [False]
