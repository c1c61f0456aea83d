"""Every field of every context answer is type-checked: a wrong type is a failed result that
names the field, never a success filled in from the request's own values; an absent field (or
the documented ``null``) still takes its default, as in the official SDK.

One table row per (answer, field), over a loopback server that answers every route with a valid
document except the one the row spoils (the style of ``test_wrong_types.py``).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from agb import AGB, Config, CreateSessionParams
from agb.context import ClearanceTimeoutError
from tests.sdk.loopback import answering, envelope, serving, spoiled

KEY = "akm-loopback-test-key-0003"
CONTEXT = {"id": "ctx-1", "name": "proj", "createTime": "c", "lastUsedTime": "u",
           "state": "available"}  # fmt: skip
TASK = {"contextId": "ctx-1", "path": "/home/d", "errorMessage": "", "status": "Success",
        "startTime": 1700000000, "finishTime": 1700000002, "taskType": "download"}  # fmt: skip
FILE = {"fileId": "f-1", "fileName": "a.txt", "filePath": "/tmp/a.txt", "fileType": "file",
        "gmtCreate": "c", "gmtModified": "m", "size": 3, "status": "ok"}  # fmt: skip


def status_doc(entries: Any = None, tasks: Any = None) -> str:
    """A ``contextStatus`` string: JSON entries whose ``data`` is JSON again."""
    if entries is None:
        entries = [{"type": "data", "data": json.dumps([TASK] if tasks is None else tasks)}]
    return json.dumps(entries)


URL = {"url": "http://127.0.0.1:9/presigned", "expireTime": 3600}
VALID: dict[str, Any] = {
    "/mcp/createSession": envelope({"sessionId": "session-1", "success": True}),
    "/sdk/ListContexts": envelope([CONTEXT], nextToken="tok", maxResults=10, totalCount=1),
    "/sdk/GetContext": envelope(CONTEXT),
    "/sdk/ClearContext": envelope(None),
    "/sdk/GetContextFileUploadUrl": envelope(URL),
    "/sdk/GetContextFileDownloadUrl": envelope(URL),
    "/sdk/DescribeContextFiles": envelope([FILE], count=1),
    "/sdk/GetContextInfo": envelope({"contextStatus": status_doc()}),
    "/sdk/SyncContext": envelope(None),
    "/sdk/GetAndLoadInternalContext": envelope(
        [{"contextId": "ctx-t", "contextType": "file_transfer", "contextPath": "/tmp/ft"}]
    ),
}
Op = Callable[[Any, Any, Path], Any]
OPS: dict[str, Op] = {
    "list": lambda sdk, s, tmp: sdk.context.list(),
    "get": lambda sdk, s, tmp: sdk.context.get(context_id="ctx-1"),
    "create": lambda sdk, s, tmp: sdk.context.create("proj"),
    "get_clear_status": lambda sdk, s, tmp: sdk.context.get_clear_status("ctx-1"),
    "clear": lambda sdk, s, tmp: sdk.context.clear("ctx-1", timeout=5, poll_interval=0.1),
    "upload_url": lambda sdk, s, tmp: sdk.context.get_file_upload_url("ctx-1", "/tmp/a.txt"),
    "download_url": lambda sdk, s, tmp: sdk.context.get_file_download_url("ctx-1", "/tmp/a"),
    "list_files": lambda sdk, s, tmp: sdk.context.list_files("ctx-1", "/tmp"),
    "info": lambda sdk, s, tmp: s.context.info(),
    "sync": lambda sdk, s, tmp: asyncio.run(s.context.sync(max_retries=3, retry_interval=50)),
    "file_upload": lambda sdk, s, tmp: s.file.upload(str(local_file(tmp)), "/tmp/ft/a.txt"),
}


def local_file(tmp: Path) -> Path:
    path = tmp / "a.txt"
    path.write_text("abc")
    return path


def spoil(path: str, where: list[Any], value: Any) -> dict[str, Any]:
    """The valid answer of ``path`` with the field at ``where`` replaced by ``value``."""
    return spoiled(VALID, path, where, value)


def info(**status: Any) -> dict[str, Any]:
    return {"/sdk/GetContextInfo": envelope({"contextStatus": status_doc(**status)})}


def task(**fields: Any) -> dict[str, Any]:
    return info(tasks=[{**TASK, **fields}])


TASK_FIELD = "data.contextStatus[0].data[0]"
CASES: list[tuple[str, dict[str, Any], str]] = [
    # (operation, spoiled routes, field named in the error)
    ("list", spoil("/sdk/ListContexts", ["data", 0, "id"], 5), "data[0].id"),
    ("list", spoil("/sdk/ListContexts", ["data", 0, "name"], ["p"]), "data[0].name"),
    ("list", spoil("/sdk/ListContexts", ["data", 0, "createTime"], 1), "data[0].createTime"),
    ("list", spoil("/sdk/ListContexts", ["data", 0, "lastUsedTime"], 1), "data[0].lastUsedTime"),
    ("list", spoil("/sdk/ListContexts", ["nextToken"], 5), "nextToken"),
    ("list", spoil("/sdk/ListContexts", ["maxResults"], "10"), "maxResults"),
    ("list", spoil("/sdk/ListContexts", ["totalCount"], True), "totalCount"),
    ("get", spoil("/sdk/GetContext", ["data", "id"], 5), "data.id"),
    ("get", spoil("/sdk/GetContext", ["data", "name"], 5), "data.name"),
    ("get", spoil("/sdk/GetContext", ["data", "createTime"], 5), "data.createTime"),
    ("get", spoil("/sdk/GetContext", ["data", "lastUsedTime"], 5), "data.lastUsedTime"),
    ("create", spoil("/sdk/GetContext", ["data", "name"], {"n": 1}), "data.name"),
    ("get_clear_status", spoil("/sdk/GetContext", ["data", "state"], 1), "data.state"),
    ("get_clear_status", spoil("/sdk/GetContext", ["data", "id"], 1), "data.id"),
    ("clear", spoil("/sdk/GetContext", ["data", "state"], 1), "data.state"),
    ("upload_url", spoil("/sdk/GetContextFileUploadUrl", ["data", "url"], 5), "data.url"),
    (
        "upload_url",
        spoil("/sdk/GetContextFileUploadUrl", ["data", "expireTime"], "3600"),
        "data.expireTime",
    ),
    ("download_url", spoil("/sdk/GetContextFileDownloadUrl", ["data", "url"], []), "data.url"),
    (
        "download_url",
        spoil("/sdk/GetContextFileDownloadUrl", ["data", "expireTime"], 1.5),
        "data.expireTime",
    ),
    *[
        ("list_files", spoil("/sdk/DescribeContextFiles", ["data", 0, key], 5), f"data[0].{key}")
        for key in FILE
        if key != "size"
    ],
    ("list_files", spoil("/sdk/DescribeContextFiles", ["data", 0, "size"], "3"), "data[0].size"),
    ("list_files", spoil("/sdk/DescribeContextFiles", ["count"], "1"), "count"),
    ("info", spoil("/sdk/GetContextInfo", ["data", "contextStatus"], 5), "data.contextStatus"),
    ("info", info(entries={"type": "data"}), "data.contextStatus"),
    ("info", info(entries=["data"]), "data.contextStatus[0]"),
    ("info", info(entries=[{"type": "data", "data": 5}]), "data.contextStatus[0].data"),
    ("info", info(tasks={"a": 1}), "data.contextStatus[0].data"),
    ("info", info(tasks=[5]), TASK_FIELD),
    *[
        ("info", task(**{key: 5}), f"{TASK_FIELD}.{key}")
        for key in ("contextId", "path", "errorMessage", "status", "taskType")
    ],
    ("info", task(startTime="1700000000"), f"{TASK_FIELD}.startTime"),
    ("info", task(finishTime=1.5), f"{TASK_FIELD}.finishTime"),
    ("sync", task(status=1), f"{TASK_FIELD}.status"),
    ("sync", task(taskType=["upload"]), f"{TASK_FIELD}.taskType"),
    (
        "file_upload",
        spoil("/sdk/GetAndLoadInternalContext", ["data", 0, "contextId"], 5),
        "data[0].contextId",
    ),
    (
        "file_upload",
        spoil("/sdk/GetAndLoadInternalContext", ["data", 0, "contextPath"], 5),
        "data[0].contextPath",
    ),
]


def run(op: str, routes: dict[str, Any], tmp: Path) -> Any:
    with (
        serving(answering({**VALID, **routes})) as server,
        AGB(api_key=KEY, cfg=Config(endpoint=server.url, max_retries=0)) as sdk,
    ):
        created = sdk.create(CreateSessionParams(image_id="agb-code-space-1"))
        assert created.success, created.error_message
        return OPS[op](sdk, created.session, tmp)


@pytest.mark.parametrize("op", sorted(set(OPS) - {"file_upload"}))
def test_every_context_operation_succeeds_on_the_valid_answers(op: str, tmp_path: Path) -> None:
    result = run(op, {}, tmp_path)
    assert result.success, result.error_message


@pytest.mark.parametrize(("op", "routes", "field"), CASES, ids=[f"{c[0]}:{c[2]}" for c in CASES])
def test_a_wrong_typed_field_fails_the_call_naming_it(
    op: str, routes: dict[str, Any], field: str, tmp_path: Path
) -> None:
    try:
        result = run(op, routes, tmp_path)
    except ClearanceTimeoutError as exc:  # pragma: no cover - would be the bug this guards
        pytest.fail(f"clear polled on instead of failing: {exc}")
    assert not result.success
    assert f"the answer's {field} is " in str(result.error_message), result.error_message


def test_a_wrong_typed_id_is_never_replaced_by_the_one_asked_for(tmp_path: Path) -> None:
    result = run("get", spoil("/sdk/GetContext", ["data", "id"], 5), tmp_path)
    assert not result.success and result.context is None and result.context_id == ""
    assert "data.id is int 5, expected str" in str(result.error_message)
    other = run("get", spoil("/sdk/GetContext", ["data", "id"], "ctx-9"), tmp_path)
    assert other.success and other.context_id == "ctx-9"


def test_the_transfer_path_of_a_wrong_typed_answer_is_unknown(tmp_path: Path) -> None:
    routes = spoil("/sdk/GetAndLoadInternalContext", ["data", 0, "contextPath"], 5)
    with (
        serving(answering({**VALID, **routes})) as server,
        AGB(api_key=KEY, cfg=Config(endpoint=server.url, max_retries=0)) as sdk,
    ):
        session = sdk.create(CreateSessionParams(image_id="agb-code-space-1")).session
        assert session.file.transfer_path() is None
    with (
        serving(answering(VALID)) as server,
        AGB(api_key=KEY, cfg=Config(endpoint=server.url, max_retries=0)) as sdk,
    ):
        session = sdk.create(CreateSessionParams(image_id="agb-code-space-1")).session
        assert session.file.transfer_path() == "/tmp/ft"


# ---- the documented quirks: an absent field (or null) is not a wrong type --------------------


def test_absent_context_fields_take_the_official_defaults(tmp_path: Path) -> None:
    got = run("get", {"/sdk/GetContext": envelope({})}, tmp_path)
    assert got.success and got.context_id == "ctx-1" and got.context.created_at is None
    listed = run("list", {"/sdk/ListContexts": envelope([{"id": "ctx-2"}])}, tmp_path)
    assert listed.success and listed.contexts[0].id == "ctx-2" and listed.contexts[0].name == ""
    assert listed.next_token is None and listed.max_results == 10 and listed.total_count is None
    status = run("get_clear_status", {"/sdk/GetContext": envelope({"id": "ctx-1"})}, tmp_path)
    assert status.success and status.status == "clearing"


def test_file_entries_with_nulls_and_the_top_level_count(tmp_path: Path) -> None:
    entry = {**FILE, "fileType": None, "size": None, "status": None}
    page = run("list_files", {"/sdk/DescribeContextFiles": envelope([entry], count=7)}, tmp_path)
    assert page.success and page.count == 7
    assert (page.entries[0].file_type, page.entries[0].size, page.entries[0].status) == (
        None, None, None,
    )  # fmt: skip
    bare = run("list_files", {"/sdk/DescribeContextFiles": envelope([])}, tmp_path)
    assert bare.success and bare.entries == [] and bare.count is None


def test_a_url_answer_without_a_url_fails_but_a_missing_expiry_is_fine(tmp_path: Path) -> None:
    routes = {"/sdk/GetContextFileUploadUrl": envelope({"expireTime": 5})}
    missing = run("upload_url", routes, tmp_path)
    assert not missing.success and "has no url" in str(missing.error_message)
    routes = {"/sdk/GetContextFileUploadUrl": envelope({"url": "http://x/u"})}
    found = run("upload_url", routes, tmp_path)
    assert found.success and found.url == "http://x/u" and found.expire_time is None


def test_empty_context_status_and_non_data_entries_are_no_tasks(tmp_path: Path) -> None:
    for doc in ("", None, json.dumps([{"type": "other", "data": 5}]), json.dumps([])):
        result = run("info", {"/sdk/GetContextInfo": envelope({"contextStatus": doc})}, tmp_path)
        assert result.success and result.context_status_data == [], (doc, result.error_message)
    partial = run("info", task(errorMessage=None, finishTime=None), tmp_path)
    assert partial.success and partial.context_status_data[0].finish_time == 0


def test_a_null_internal_context_is_read_as_empty(tmp_path: Path) -> None:
    routes = {"/sdk/GetAndLoadInternalContext": envelope(None)}
    result = run("file_upload", routes, tmp_path)
    assert not result.success and "Response contains no data" in str(result.error_message)
