"""Context-sync policies: official names, defaults, JSON keys and validation, and the exact
``persistenceDataList`` createSession sends (checked on the wire with respx)."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
import respx

import agb
from agb import AGB, Config, ContextSync, CreateSessionParams, SyncPolicy
from agb.context_sync import (
    BWList,
    DeletePolicy,
    DownloadPolicy,
    ExtractPolicy,
    Lifecycle,
    MappingPolicy,
    RecyclePolicy,
    UploadMode,
    UploadPolicy,
    WhiteList,
    policy_json,
)

BASE = "http://agb.test"
# The reference's default-policy example, byte for byte (key order, ", " and ": ").
DEFAULT_POLICY = (
    '{"uploadPolicy": {"autoUpload": true, "uploadStrategy": "UploadBeforeResourceRelease", '
    '"uploadMode": "File"}, "downloadPolicy": {"autoDownload": true, "downloadStrategy": '
    '"DownloadAsync"}, "deletePolicy": {"syncLocalFile": true}, "extractPolicy": {"extract": '
    'true, "deleteSrcFile": true, "extractToCurrentFolder": false}, "recyclePolicy": '
    '{"lifecycle": "Lifecycle_Forever", "paths": [""]}, "bwList": {"whiteLists": []}}'
)


def test_default_policy_serialises_exactly_as_the_reference() -> None:
    assert policy_json(SyncPolicy()) == DEFAULT_POLICY


def test_every_policy_class_has_the_official_defaults_and_keys() -> None:
    assert UploadPolicy().to_dict() == {
        "autoUpload": True,
        "uploadStrategy": "UploadBeforeResourceRelease",
        "uploadMode": "File",
    }
    assert DownloadPolicy().to_dict() == {"autoDownload": True, "downloadStrategy": "DownloadAsync"}
    assert DeletePolicy().to_dict() == {"syncLocalFile": True}
    assert ExtractPolicy().to_dict() == {
        "extract": True,
        "deleteSrcFile": True,
        "extractToCurrentFolder": False,
    }
    assert RecyclePolicy().to_dict() == {"lifecycle": "Lifecycle_Forever", "paths": [""]}
    assert WhiteList().to_dict() == {"path": "", "excludePaths": []}
    assert BWList().to_dict() == {"whiteLists": []}
    assert MappingPolicy().to_dict() == {"path": ""}
    assert MappingPolicy.default() == MappingPolicy()


def test_custom_policy_with_mapping_and_white_lists() -> None:
    policy = SyncPolicy(
        upload_policy=UploadPolicy(auto_upload=False, upload_mode=UploadMode.ARCHIVE),
        download_policy=DownloadPolicy(auto_download=False),
        delete_policy=DeletePolicy(sync_local_file=False),
        extract_policy=ExtractPolicy(
            extract=False, delete_src_file=False, extract_current_folder=True
        ),
        recycle_policy=RecyclePolicy(Lifecycle.LIFECYCLE_30DAYS, ["logs", "data/cache"]),
        bw_list=BWList([WhiteList("src", ["src/tmp"]), WhiteList("docs")]),
        mapping_policy=MappingPolicy("C:\\Users\\é"),
    )
    encoded = policy_json(policy)
    assert "é" in encoded  # non-ASCII kept, not \\u-escaped
    assert json.loads(encoded) == {
        "uploadPolicy": {
            "autoUpload": False,
            "uploadStrategy": "UploadBeforeResourceRelease",
            "uploadMode": "Archive",
        },
        "downloadPolicy": {"autoDownload": False, "downloadStrategy": "DownloadAsync"},
        "deletePolicy": {"syncLocalFile": False},
        "extractPolicy": {"extract": False, "deleteSrcFile": False, "extractToCurrentFolder": True},
        "recyclePolicy": {"lifecycle": "Lifecycle_30Days", "paths": ["logs", "data/cache"]},
        "bwList": {
            "whiteLists": [
                {"path": "src", "excludePaths": ["src/tmp"]},
                {"path": "docs", "excludePaths": []},
            ]
        },
        "mappingPolicy": {"path": "C:\\Users\\é"},
    }
    assert list(json.loads(encoded))[-1] == "mappingPolicy"


@pytest.mark.parametrize("lifecycle", list(Lifecycle))
def test_every_lifecycle_value(lifecycle: Lifecycle) -> None:
    assert RecyclePolicy(lifecycle).to_dict()["lifecycle"] == lifecycle.value
    assert lifecycle.value.startswith("Lifecycle_")


@pytest.mark.parametrize(
    "build",
    [
        lambda: WhiteList(path="/data/*.txt"),
        lambda: WhiteList(path="/data", exclude_paths=["/data/?tmp"]),
        lambda: WhiteList(path="/data/[ab]"),
        lambda: RecyclePolicy(paths=["logs/*"]),
        lambda: RecyclePolicy(lifecycle="Lifecycle_1Day"),  # type: ignore[arg-type]
        lambda: UploadPolicy(upload_mode="File"),  # type: ignore[arg-type]
    ],
)
def test_construction_time_validation(build: Any) -> None:
    with pytest.raises(ValueError):
        build()


def test_context_sync_builders() -> None:
    policy = SyncPolicy()
    assert ContextSync.new("ctx-1", "/home/d", policy) == ContextSync("ctx-1", "/home/d", policy)
    sync = ContextSync("ctx-1", "/home/d")
    assert sync.policy is None and sync.with_policy(policy) is sync and sync.policy is policy


def test_official_import_paths() -> None:
    import agb.context_sync as module

    for name in (
        "ContextSync",
        "SyncPolicy",
        "UploadPolicy",
        "DownloadPolicy",
        "DeletePolicy",
        "ExtractPolicy",
        "UploadStrategy",
        "DownloadStrategy",
        "UploadMode",
        "MappingPolicy",
        "Context",
        "ContextService",
        "ContextResult",
        "ContextListResult",
        "ContextManager",
        "ContextStatusData",
        "ContextInfoResult",
        "ContextSyncResult",
    ):
        assert hasattr(agb, name), name
    for name in ("RecyclePolicy", "Lifecycle", "WhiteList", "BWList"):
        assert hasattr(module, name)
    from agb.exceptions import ClearanceTimeoutError  # noqa: F401
    from agb.model.response import DownloadResult, UploadResult  # noqa: F401


def envelope(**fields: Any) -> httpx.Response:
    body = {"success": True, "code": "ok", "message": "", "requestId": "RID", **fields}
    return httpx.Response(200, json=body)


def _no_tasks(request: httpx.Request) -> httpx.Response:
    return envelope(data={"contextStatus": ""})


def test_create_sends_the_persistence_list_exactly() -> None:
    syncs = [
        ContextSync("ctx-123", "/home/my-data", SyncPolicy()),
        ContextSync("ctx-dropped", "/tmp/x"),  # no policy: silently not sent
        ContextSync("ctx-2", "/tmp/données", SyncPolicy(mapping_policy=MappingPolicy("/old"))),
    ]
    with respx.mock(base_url=BASE) as router:
        created = router.post("/mcp/createSession").mock(
            return_value=envelope(data={"sessionId": "s-1", "success": True})
        )
        router.get("/sdk/GetContextInfo").mock(side_effect=_no_tasks)
        sdk = AGB(api_key="akm-k", cfg=Config(endpoint=BASE))
        params = CreateSessionParams(image_id="img", context_syncs=syncs, idle_release_timeout=600)
        assert sdk.create(params).success
    raw = created.calls.last.request.content.decode("utf-8")
    body = json.loads(raw)
    assert body["timeout"] == 600
    items = body["persistenceDataList"]
    assert isinstance(items, list) and len(items) == 2
    assert items[0] == {"contextId": "ctx-123", "path": "/home/my-data", "policy": DEFAULT_POLICY}
    assert items[1]["path"] == "/tmp/données" and "données" in raw
    assert json.loads(items[1]["policy"])["mappingPolicy"] == {"path": "/old"}


def test_create_without_context_syncs_sends_no_list_and_does_not_poll() -> None:
    with respx.mock(base_url=BASE, assert_all_called=False) as router:
        created = router.post("/mcp/createSession").mock(
            return_value=envelope(data={"sessionId": "s-1", "success": True})
        )
        info = router.get("/sdk/GetContextInfo").mock(side_effect=_no_tasks)
        sdk = AGB(api_key="akm-k", cfg=Config(endpoint=BASE))
        assert sdk.create(CreateSessionParams(image_id="img")).success
    assert "persistenceDataList" not in json.loads(created.calls.last.request.content)
    assert info.call_count == 0


def test_bad_context_syncs_answer_a_failed_result_unsent() -> None:
    sdk = AGB(api_key="akm-k", cfg=Config(endpoint=BASE))
    with respx.mock(base_url=BASE) as router:  # no routes: any request would fail
        listed = sdk.create(CreateSessionParams(image_id="img", context_syncs=["ctx-1"]))  # type: ignore[list-item]
        bad = [ContextSync("", "/p", SyncPolicy())]
        unnamed = sdk.create(CreateSessionParams(image_id="img", context_syncs=bad))
        assert router.calls.call_count == 0
    for result in (listed, unnamed):
        assert not result.success and result.error_message.startswith("Failed to create session: ")
    assert "ContextSync" in listed.error_message and "context_id" in unnamed.error_message


def test_wildcard_errors_use_the_official_words() -> None:
    with pytest.raises(ValueError) as caught:
        RecyclePolicy(paths=["/invalid/path/*"])
    assert "Wildcard patterns are not supported in recycle policy paths" in str(caught.value)
    assert "Got: /invalid/path/*." in str(caught.value)
    with pytest.raises(ValueError, match=r"not supported in exclude_paths\. Got: /d/\?"):
        WhiteList(path="/d", exclude_paths=["/d/?"])


class _Fingerprint:
    fingerprint_context_id = "fp-ctx"


def test_browser_context_attributes_and_mounts() -> None:
    from agb.extension import ExtensionOption
    from agb.session_params import BrowserContext

    bare = BrowserContext("profile")
    assert bare.auto_upload is True and bare.extension_option is None
    assert bare.extension_context_id is None
    assert bare.extension_ids == [] and bare.extension_context_syncs is None
    assert bare.get_extension_context_syncs() == [] and bare.get_fingerprint_context_sync() is None
    option = ExtensionOption("ext-ctx", ["e1", "e2"])
    full = BrowserContext("profile", False, option, fingerprint_context=_Fingerprint())
    (ext,) = full.get_extension_context_syncs()
    assert (ext.context_id, ext.path) == ("ext-ctx", "/tmp/extensions/")
    assert [w.path for w in ext.policy.bw_list.white_lists] == ["e1", "e2"]
    fingerprint = full.get_fingerprint_context_sync()
    assert fingerprint is not None and fingerprint.path == "/tmp/agb_browser_fingerprint"
    from agb.config import BROWSER_DATA_PATH, BROWSER_FINGERPRINT_PERSIST_PATH  # official names

    assert fingerprint.path == BROWSER_FINGERPRINT_PERSIST_PATH
    assert bare.profile_sync().path == BROWSER_DATA_PATH == "/tmp/agb_browser_data"
    assert full.fingerprint_context_id == "fp-ctx"
    with pytest.raises(ValueError):
        ExtensionOption("ext-ctx", [])


def test_create_sends_the_browser_context_mounts_as_the_official_sdk() -> None:
    from agb.extension import ExtensionOption
    from agb.session_params import BrowserContext

    browser = BrowserContext(
        "profile", False, ExtensionOption("ext-ctx", ["e1"]), fingerprint_context=_Fingerprint()
    )
    params = CreateSessionParams(
        image_id="img", context_syncs=[ContextSync("mine", "/home/d", SyncPolicy())],
        browser_context=browser,
    )  # fmt: skip
    assert [s.context_id for s in params.context_syncs] == ["mine", "ext-ctx", "fp-ctx"]
    assert params.browser_context is browser
    with respx.mock(base_url=BASE) as router:
        created = router.post("/mcp/createSession").mock(
            return_value=envelope(data={"sessionId": "s-1", "success": True})
        )
        router.get("/sdk/GetContextInfo").mock(side_effect=_no_tasks)
        sdk = AGB(api_key="akm-k", cfg=Config(endpoint=BASE))
        assert sdk.create(params).success
    items = json.loads(created.calls.last.request.content)["persistenceDataList"]
    paths = [item["path"] for item in items]
    assert paths == ["/home/d", "/tmp/extensions/", "/tmp/agb_browser_fingerprint",
                     "/tmp/agb_browser_data"]  # fmt: skip
    ext, fingerprint, profile = (json.loads(item["policy"]) for item in items[1:])
    assert ext["uploadPolicy"]["autoUpload"] is False
    assert ext["deletePolicy"] == {"syncLocalFile": False}
    assert ext["bwList"] == {"whiteLists": [{"path": "e1", "excludePaths": []}]}
    assert fingerprint["deletePolicy"] == {"syncLocalFile": True}
    assert fingerprint["extractPolicy"]["extract"] is True
    assert fingerprint["bwList"]["whiteLists"] == []
    assert profile["uploadPolicy"]["autoUpload"] is False  # the browser context's auto_upload
    assert [w["path"] for w in profile["bwList"]["whiteLists"]] == [
        "/Local State", "/Default/Cookies", "/Default/Cookies-journal",
    ]  # fmt: skip


def test_create_refuses_a_browser_context_of_the_wrong_type_unsent() -> None:
    params = CreateSessionParams(image_id="img", browser_context="profile")  # type: ignore[arg-type]
    with respx.mock(base_url=BASE) as router:
        result = AGB(api_key="akm-k", cfg=Config(endpoint=BASE)).create(params)
        assert router.calls.call_count == 0
    assert not result.success and "BrowserContext" in result.error_message
