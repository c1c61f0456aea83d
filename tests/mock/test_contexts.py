"""The context service on the wire: context CRUD, files and presigned URLs, context sync with its
policies, sync task statuses, the internal file-transfer context, and faults on the new routes."""

from __future__ import annotations

import io
import json
import time
import zipfile
from typing import Any

import httpx
import pytest

from mock_server import MockService
from mock_server.faults import Fault
from tests.mock.helpers import CODE_IMAGE, call_tool, fail, ok

DEFAULT_POLICY = {
    "uploadPolicy": {
        "autoUpload": True,
        "uploadStrategy": "UploadBeforeResourceRelease",
        "uploadMode": "File",
    },
    "downloadPolicy": {"autoDownload": True, "downloadStrategy": "DownloadAsync"},
    "deletePolicy": {"syncLocalFile": True},
    "extractPolicy": {"extract": True, "deleteSrcFile": True, "extractToCurrentFolder": False},
    "recyclePolicy": {"lifecycle": "Lifecycle_Forever", "paths": [""]},
    "bwList": {"whiteLists": []},
}


def context(client: httpx.Client, name: str) -> str:
    data = ok(client.get("/sdk/GetContext", params={"name": name, "allowCreate": "true"}))
    context_id: str = data["id"]
    return context_id


def policy(**changes: dict[str, Any]) -> str:
    merged = {key: {**value, **changes.get(key, {})} for key, value in DEFAULT_POLICY.items()}
    merged.update({k: v for k, v in changes.items() if k not in merged})
    return json.dumps(merged)


def session_with(client: httpx.Client, *mounts: tuple[str, str, str]) -> str:
    items = [{"contextId": c, "path": p, "policy": pol} for c, p, pol in mounts]
    body = {"persistenceDataList": items}
    data = ok(client.post("/mcp/createSession", params={"imageId": CODE_IMAGE}, json=body))
    session_id: str = data["sessionId"]
    return session_id


def release(client: httpx.Client, session_id: str) -> None:
    ok(client.post("/mcp/releaseSession", json={"sessionId": session_id}))


def sync(client: httpx.Client, session_id: str, **params: str) -> None:
    ok(client.post("/sdk/SyncContext", params={"sessionId": session_id, **params}, json={}))


def statuses(client: httpx.Client, session_id: str, **params: str) -> list[dict[str, Any]]:
    data = ok(client.get("/sdk/GetContextInfo", params={"sessionId": session_id, **params}))
    outer = json.loads(data["contextStatus"])
    return [
        item for entry in outer if entry["type"] == "data" for item in json.loads(entry["data"])
    ]


def files(client: httpx.Client, context_id: str, **params: str) -> list[dict[str, Any]]:
    response = client.post(
        "/sdk/DescribeContextFiles", params={"contextId": context_id, **params}, json={}
    )
    data: list[dict[str, Any]] = ok(response)
    assert response.json()["count"] >= len(data)
    return data


def url(client: httpx.Client, kind: str, context_id: str, path: str) -> str:
    data = ok(
        client.post(
            f"/sdk/GetContextFile{kind}Url",
            params={"contextId": context_id, "filePath": path},
            json={},
        )
    )
    assert isinstance(data["expireTime"], int) and data["expireTime"] > time.time()
    link: str = data["url"]
    return link


def test_get_or_create_list_rename_delete(client: httpx.Client) -> None:
    first = ok(client.get("/sdk/GetContext", params={"name": "a", "allowCreate": "true"}))
    assert set(first) == {"id", "name", "createTime", "lastUsedTime", "state"}
    assert first["state"] == "available"
    again = ok(client.get("/sdk/GetContext", params={"name": "a", "allowCreate": "true"}))
    assert again["id"] == first["id"]
    fail(
        client.get("/sdk/GetContext", params={"name": "zz", "allowCreate": "false"}),
        400,
        "InvalidContext.NotFound",
    )
    fail(client.get("/sdk/GetContext", params={"allowCreate": "true"}), 400, "InvalidParameter")
    ok(client.post("/sdk/ModifyContext", params={"id": first["id"], "name": "b"}, json={}))
    by_id = ok(client.get("/sdk/GetContext", params={"id": first["id"], "allowCreate": "false"}))
    assert by_id["name"] == "b"
    ok(client.post("/sdk/DeleteContext", params={"id": first["id"]}, json={}))
    fail(
        client.get("/sdk/GetContext", params={"id": first["id"], "allowCreate": "false"}),
        400,
        "InvalidContext.NotFound",
    )


def test_list_contexts_is_list_shaped_and_pages(client: httpx.Client) -> None:
    ids = [context(client, f"c{i}") for i in range(5)]
    body = client.get("/sdk/ListContexts", params={"maxResults": "2"}).json()
    assert [c["id"] for c in body["data"]] == ids[:2]
    assert body["totalCount"] == 5 and body["maxResults"] == 2 and body["nextToken"]
    seen = [c["id"] for c in body["data"]]
    while body["nextToken"]:
        params = {"maxResults": "2", "nextToken": body["nextToken"]}
        body = client.get("/sdk/ListContexts", params=params).json()
        seen += [c["id"] for c in body["data"]]
    assert seen == ids


def test_contexts_belong_to_one_api_key(client: httpx.Client) -> None:
    service = MockService()  # any key accepted
    with service:
        from mock_server import mount_respx

        with (
            mount_respx(service, "http://other.mock"),
            httpx.Client(base_url="http://other.mock") as http,
        ):
            mine = {"authorization": "Bearer key-a"}
            theirs = {"authorization": "Bearer key-b"}
            params = {"name": "shared-name", "allowCreate": "true"}
            a = ok(http.get("/sdk/GetContext", params=params, headers=mine))
            b = ok(http.get("/sdk/GetContext", params=params, headers=theirs))
            assert a["id"] != b["id"]
            listed = ok(http.get("/sdk/ListContexts", headers=theirs))
            assert [c["id"] for c in listed] == [b["id"]]


def test_presigned_put_get_and_listing(client: httpx.Client) -> None:
    ctx = context(client, "urls")
    put = client.put(url(client, "Upload", ctx, "/tmp/x.txt"), content=b"payload")
    assert put.status_code == 200 and put.headers["etag"]
    got = client.get(url(client, "Download", ctx, "/tmp/x.txt"))
    assert got.status_code == 200 and got.content == b"payload"
    (entry,) = files(client, ctx, parentFolderPath="/tmp")
    assert entry["filePath"] == "/tmp/x.txt" and entry["fileName"] == "x.txt"
    assert entry["size"] == 7 and entry["fileType"] == "file" and entry["status"] == "available"
    ok(
        client.post(
            "/sdk/DeleteContextFile", params={"contextId": ctx, "filePath": "/tmp/x.txt"}, json={}
        )
    )
    assert files(client, ctx, parentFolderPath="/tmp") == []
    assert client.get(url(client, "Download", ctx, "/tmp/x.txt")).status_code == 404
    again = {"contextId": ctx, "filePath": "/tmp/x.txt"}
    ok(client.post("/sdk/DeleteContextFile", params=again, json={}))  # idempotent


def test_presigned_urls_are_bound_to_method_and_expire(
    service: MockService, client: httpx.Client
) -> None:
    ctx = context(client, "bound")
    upload = url(client, "Upload", ctx, "/tmp/a")
    wrong_method = client.get(upload)
    assert wrong_method.status_code == 405 and wrong_method.headers["allow"] == "PUT"
    assert client.put(upload + "x", content=b"1").status_code == 403
    service.objects.ttl_s = -1
    params = {"contextId": context(client, "other"), "filePath": "/tmp/a"}
    expired = ok(client.post("/sdk/GetContextFileUploadUrl", params=params, json={}))["url"]
    response = client.put(expired, content=b"1")
    assert response.status_code == 403 and "expired" in response.text


def test_describe_files_pages_with_count_at_top_level(client: httpx.Client) -> None:
    ctx = context(client, "many")
    for i in range(5):
        client.put(url(client, "Upload", ctx, f"/data/f{i}.txt"), content=b"x")
    client.put(url(client, "Upload", ctx, "/data/sub/g.txt"), content=b"x")
    response = client.post(
        "/sdk/DescribeContextFiles",
        params={"contextId": ctx, "parentFolderPath": "/data", "pageNumber": "2", "pageSize": "4"},
        json={},
    )
    body = response.json()
    assert body["count"] == 6
    assert [e["filePath"] for e in body["data"]] == ["/data/f4.txt", "/data/sub"]
    assert body["data"][1]["fileType"] == "folder"


def test_data_survives_the_session_that_wrote_it(client: httpx.Client) -> None:
    ctx = context(client, "persist")
    first = session_with(client, (ctx, "/home/my-data", policy()))
    call_tool(client, first, "write_file", path="/home/my-data/notes/a.txt", content="héllo")
    sync(client, first, contextId=ctx, path="/home/my-data", mode="upload")
    (task,) = statuses(client, first, taskType="upload")
    assert task["status"] == "Success" and task["path"] == "/home/my-data"
    release(client, first)
    second = session_with(client, (ctx, "/home/my-data", policy()))
    assert call_tool(client, second, "read_file", path="/home/my-data/notes/a.txt") == (
        "héllo",
        False,
    )
    (task,) = statuses(client, second)
    assert task["taskType"] == "download" and task["status"] == "Success"


def test_release_uploads_when_auto_upload(client: httpx.Client) -> None:
    ctx = context(client, "auto")
    first = session_with(client, (ctx, "/tmp/auto", policy()))
    call_tool(client, first, "write_file", path="/tmp/auto/a.txt", content="1")
    release(client, first)
    assert [f["filePath"] for f in files(client, ctx)] == ["/tmp/auto/a.txt"]
    manual = policy(uploadPolicy={"autoUpload": False})
    second = session_with(client, (ctx, "/tmp/auto", manual))
    call_tool(client, second, "write_file", path="/tmp/auto/b.txt", content="2")
    ok(client.post("/mcp/releaseSessionAsync", json={"sessionId": second}))
    assert [f["filePath"] for f in files(client, ctx)] == ["/tmp/auto/a.txt"]


def test_sync_without_mode_uploads(client: httpx.Client) -> None:
    ctx = context(client, "nomode")
    sid = session_with(client, (ctx, "/tmp/n", policy()))
    call_tool(client, sid, "write_file", path="/tmp/n/a.txt", content="1")
    sync(client, sid)
    assert [f["filePath"] for f in files(client, ctx)] == ["/tmp/n/a.txt"]


def test_tasks_run_then_finish(client: httpx.Client) -> None:
    service = MockService(sync_polls=2)
    from mock_server import mount_respx

    with (
        service,
        mount_respx(service, "http://p.mock"),
        httpx.Client(base_url="http://p.mock", headers={"authorization": "Bearer k"}) as http,
    ):
        ctx = context(http, "polls")
        sid = session_with(http, (ctx, "/tmp/p", policy()))
        (pending,) = statuses(http, sid)
        assert pending["status"] == "Pending" and pending["finishTime"] == 0
        (running,) = statuses(http, sid)
        assert running["status"] == "Running" and running["finishTime"] == 0
        (done,) = statuses(http, sid)
        assert done["status"] == "Success" and done["errorMessage"] == ""
        assert done["startTime"] <= done["finishTime"]


def test_mount_outside_session_dirs_fails_its_task(client: httpx.Client) -> None:
    ctx = context(client, "bad-path")
    sid = session_with(client, (ctx, "/etc/data", policy()))
    (task,) = statuses(client, sid)
    assert task["status"] == "Failed" and "Access denied" in task["errorMessage"]


def test_whitelist_and_excludes(client: httpx.Client) -> None:
    ctx = context(client, "bw")
    white = {"whiteLists": [{"path": "/home/p/src", "excludePaths": ["/home/p/src/tmp"]}]}
    sid = session_with(client, (ctx, "/home/p", policy(bwList=white)))
    for path in ("/home/p/src/a.py", "/home/p/src/tmp/x", "/home/p/other.txt"):
        call_tool(client, sid, "write_file", path=path, content="x")
    sync(client, sid, mode="upload")
    assert [f["filePath"] for f in files(client, ctx)] == ["/home/p/src/a.py"]


def test_delete_policy(client: httpx.Client) -> None:
    for mirror, expected in ((True, []), (False, ["/tmp/d/a.txt"])):
        ctx = context(client, f"del-{mirror}")
        pol = policy(deletePolicy={"syncLocalFile": mirror})
        sid = session_with(client, (ctx, "/tmp/d", pol))
        call_tool(client, sid, "write_file", path="/tmp/d/a.txt", content="x")
        sync(client, sid, mode="upload")
        call_tool(client, sid, "delete_file", path="/tmp/d/a.txt")
        sync(client, sid, mode="upload")
        assert [f["filePath"] for f in files(client, ctx)] == expected


def test_mapping_policy_reads_data_from_its_original_path(client: httpx.Client) -> None:
    ctx = context(client, "map")
    first = session_with(client, (ctx, "/tmp/mapping", policy()))
    call_tool(client, first, "write_file", path="/tmp/mapping/t.txt", content="from browser")
    release(client, first)
    mapped = policy(mappingPolicy={"path": "/tmp/mapping"})
    second = session_with(client, (ctx, "/home/code-data", mapped))
    assert call_tool(client, second, "read_file", path="/home/code-data/t.txt")[0] == (
        "from browser"
    )
    (task,) = statuses(client, second, contextId=ctx)
    assert task["path"] == "/home/code-data"


def test_archive_upload_mode_round_trips(client: httpx.Client) -> None:
    ctx = context(client, "archive")
    archive = policy(uploadPolicy={"uploadMode": "Archive"})
    first = session_with(client, (ctx, "/tmp/archive-mode-test", archive))
    call_tool(client, first, "write_file", path="/tmp/archive-mode-test/a/b.txt", content="5kb")
    sync(client, first, mode="upload")
    (entry,) = files(client, ctx, parentFolderPath="/tmp/archive-mode-test")
    assert entry["fileName"].endswith(".zip")
    blob = client.get(url(client, "Download", ctx, entry["filePath"])).content
    assert zipfile.ZipFile(io.BytesIO(blob)).namelist() == ["a/b.txt"]
    release(client, first)
    second = session_with(client, (ctx, "/tmp/archive-mode-test", archive))
    assert call_tool(client, second, "read_file", path="/tmp/archive-mode-test/a/b.txt")[0] == "5kb"


def test_extract_policy_for_uploaded_archives(client: httpx.Client) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("inner.txt", "zipped")
    ctx = context(client, "extract")
    client.put(url(client, "Upload", ctx, "/tmp/e/pack.zip"), content=buffer.getvalue())
    sid = session_with(client, (ctx, "/tmp/e", policy()))
    assert call_tool(client, sid, "read_file", path="/tmp/e/pack/inner.txt")[0] == "zipped"
    assert call_tool(client, sid, "get_file_info", path="/tmp/e/pack.zip")[1] is True
    keep = policy(extractPolicy={"extractToCurrentFolder": True, "deleteSrcFile": False})
    sid = session_with(client, (ctx, "/tmp/e", keep))
    assert call_tool(client, sid, "read_file", path="/tmp/e/inner.txt")[0] == "zipped"
    assert call_tool(client, sid, "get_file_info", path="/tmp/e/pack.zip")[1] is False
    raw = policy(extractPolicy={"extract": False})
    sid = session_with(client, (ctx, "/tmp/e", raw))
    assert call_tool(client, sid, "get_file_info", path="/tmp/e/inner.txt")[1] is True


def test_recycle_policy_expires_files(service: MockService, client: httpx.Client) -> None:
    ctx = context(client, "recycle")
    short = policy(recyclePolicy={"lifecycle": "Lifecycle_1Day", "paths": [""]})
    sid = session_with(client, (ctx, "/tmp/r", short))
    call_tool(client, sid, "write_file", path="/tmp/r/a.txt", content="x")
    sync(client, sid, mode="upload")
    (stored,) = service.contexts.store.files(service.contexts.store.get("test-key-1234", ctx))
    assert stored.expires is not None and 86000 < stored.expires - time.time() <= 86400
    stored.expires = time.time() - 1
    assert files(client, ctx) == []


@pytest.mark.parametrize(
    "bad",
    [
        json.dumps({**DEFAULT_POLICY, "uploadPolicy": {"uploadMode": "Zip"}}),
        json.dumps({**DEFAULT_POLICY, "recyclePolicy": {"lifecycle": "Lifecycle_2Days"}}),
        "{not json",
        json.dumps({"uploadPolicy": "File"}),
        "[]",
    ],
)
def test_create_rejects_bad_policies(client: httpx.Client, bad: str) -> None:
    ctx = context(client, "bad")
    body = {"persistenceDataList": [{"contextId": ctx, "path": "/tmp/x", "policy": bad}]}
    response = client.post("/mcp/createSession", params={"imageId": CODE_IMAGE}, json=body)
    fail(response, 400, "InvalidParameter")


def test_create_rejects_unknown_context(client: httpx.Client) -> None:
    body = {"persistenceDataList": [{"contextId": "ctx-nope", "path": "/tmp/x", "policy": "{}"}]}
    response = client.post("/mcp/createSession", params={"imageId": CODE_IMAGE}, json=body)
    fail(response, 400, "InvalidContext.NotFound")


def test_clear_goes_clearing_then_available(client: httpx.Client) -> None:
    ctx = context(client, "clear")
    client.put(url(client, "Upload", ctx, "/tmp/a"), content=b"x")
    ok(client.post("/sdk/ClearContext", params={"id": ctx}, json={}))
    assert files(client, ctx) == []
    states = [
        ok(client.get("/sdk/GetContext", params={"id": ctx, "allowCreate": "false"}))["state"]
        for _ in range(2)
    ]
    assert states == ["clearing", "available"]


def test_file_transfer_context(client: httpx.Client) -> None:
    sid = session_with(client)
    params = {"sessionId": sid, "contextTypes": '["file_transfer"]'}
    (item,) = ok(client.post("/sdk/GetAndLoadInternalContext", params=params, json={}))
    assert item["contextType"] == "file_transfer" and item["contextPath"] == "/tmp/file_transfer"
    again = ok(client.post("/sdk/GetAndLoadInternalContext", params=params, json={}))
    assert again[0]["contextId"] == item["contextId"]
    ctx, remote = item["contextId"], "/tmp/file_transfer/up.bin"
    blob = bytes(range(256)) * 10
    assert client.put(url(client, "Upload", ctx, remote), content=blob).status_code == 200
    sync(client, sid, contextId=ctx, path="/tmp/file_transfer", mode="download")
    (task,) = statuses(client, sid, contextId=ctx, path="/tmp/file_transfer", taskType="download")
    assert task["status"] == "Success"
    assert call_tool(client, sid, "get_file_info", path=remote)[0].count("size: 2560") == 1
    call_tool(client, sid, "write_file", path="/tmp/file_transfer/down.txt", content="back")
    sync(client, sid, contextId=ctx, path="/tmp/file_transfer", mode="upload")
    got = client.get(url(client, "Download", ctx, "/tmp/file_transfer/down.txt"))
    assert got.content == b"back"
    assert ctx not in [c["id"] for c in ok(client.get("/sdk/ListContexts"))]  # internal
    release(client, sid)
    fail(
        client.get("/sdk/GetContext", params={"id": ctx, "allowCreate": "false"}),
        400,
        "InvalidContext.NotFound",
    )


@pytest.mark.parametrize(
    ("operation", "call"),
    [
        ("listContexts", lambda c: c.get("/sdk/ListContexts")),
        ("getContext", lambda c: c.get("/sdk/GetContext", params={"name": "f"})),
        ("syncContext", lambda c: c.post("/sdk/SyncContext", params={"sessionId": "s"}, json={})),
        (
            "describeContextFiles",
            lambda c: c.post("/sdk/DescribeContextFiles", params={"contextId": "x"}, json={}),
        ),
    ],
)
def test_faults_cover_context_operations(
    service: MockService, client: httpx.Client, operation: str, call: Any
) -> None:
    service.faults.add(Fault("status", 502, operation, 1))
    assert call(client).status_code == 502


def test_faults_cover_presigned_urls(service: MockService, client: httpx.Client) -> None:
    ctx = context(client, "faulty")
    link = url(client, "Upload", ctx, "/tmp/a")
    service.faults.add(Fault("drop", None, "putObject", 1))
    with pytest.raises(httpx.RemoteProtocolError):
        client.put(link, content=b"1")
    assert client.put(link, content=b"1").status_code == 200


def test_sync_of_unknown_session_and_bad_mode(client: httpx.Client) -> None:
    fail(
        client.post("/sdk/SyncContext", params={"sessionId": "session-x"}, json={}),
        400,
        "InvalidMcpSession.NotFound",
    )
    sid = session_with(client)
    fail(
        client.post("/sdk/SyncContext", params={"sessionId": sid, "mode": "both"}, json={}),
        400,
        "InvalidParameter",
    )


def test_presigned_urls_in_process_async(service: MockService, client: httpx.Client) -> None:
    """The respx mount serves the object routes to async clients too, streaming the download."""
    import asyncio

    ctx = context(client, "async")
    upload, download = (
        url(client, "Upload", ctx, "/tmp/a.bin"),
        url(client, "Download", ctx, "/tmp/a.bin"),
    )
    blob = bytes(range(256)) * 8192  # 2 MiB: above the JSON cap

    async def round_trip() -> bytes:
        async with httpx.AsyncClient() as http:
            assert (await http.put(upload, content=blob)).status_code == 200
            async with http.stream("GET", download) as response:
                return b"".join([chunk async for chunk in response.aiter_bytes()])

    assert asyncio.run(round_trip()) == blob


def test_sync_of_a_folder_under_a_mount(client: httpx.Client) -> None:
    ctx = context(client, "sub")
    sid = session_with(client, (ctx, "/home/p", policy()))
    call_tool(client, sid, "write_file", path="/home/p/a/x.txt", content="1")
    call_tool(client, sid, "write_file", path="/home/p/b/y.txt", content="2")
    sync(client, sid, contextId=ctx, path="/home/p/a", mode="upload")
    assert [f["filePath"] for f in files(client, ctx)] == ["/home/p/a/x.txt"]
    (task,) = statuses(client, sid, path="/home/p/a", taskType="upload")
    assert task["status"] == "Success"


@pytest.mark.parametrize(("body", "status"), [(None, 200), (b'{"ignored": 1}', 200), (b"[]", 400)])
def test_query_only_posts_read_the_query(
    client: httpx.Client, body: bytes | None, status: int
) -> None:
    """The spec's choice: an absent body reads as {}, members are ignored, a non-object is 400."""
    ctx = context(client, "body")
    params = {"contextId": ctx, "filePath": "/tmp/a"}
    response = client.post("/sdk/GetContextFileUploadUrl", params=params, content=body)
    assert response.status_code == status


def test_sync_of_a_folder_under_a_mapped_mount(client: httpx.Client) -> None:
    ctx = context(client, "sub-mapped")
    mapped = policy(mappingPolicy={"path": "/tmp/origin"})
    sid = session_with(client, (ctx, "/home/q", mapped))
    call_tool(client, sid, "write_file", path="/home/q/a/x.txt", content="1")
    sync(client, sid, contextId=ctx, path="/home/q/a", mode="upload")
    assert [f["filePath"] for f in files(client, ctx)] == ["/tmp/origin/a/x.txt"]


def test_idle_release_uploads_too(service: MockService, client: httpx.Client) -> None:
    ctx = context(client, "idle")
    sid = session_with(client, (ctx, "/tmp/i", policy()))
    call_tool(client, sid, "write_file", path="/tmp/i/a.txt", content="kept")
    assert service.store.release_idle(now=time.time() + 10**6) == [sid]
    assert [f["filePath"] for f in files(client, ctx)] == ["/tmp/i/a.txt"]
