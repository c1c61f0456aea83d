"""Context sync: which context is mounted where in a new session, and how it is kept in sync.

A ``ContextSync`` names a context (``agb.context``), the path in the session where its data
appears, and a ``SyncPolicy``. Passed as ``CreateSessionParams(context_syncs=[...])``, each one
becomes an item of the createSession ``persistenceDataList``: the context is downloaded into the
session when it starts and, with ``UploadPolicy(auto_upload=True)``, uploaded back when it is
released. The names, defaults and JSON keys are the official SDK's; so is the validation done at
construction (wildcards in paths, non-enum modes and lifecycles raise ``ValueError``).

Example:
    >>> from agb import ContextSync, SyncPolicy
    >>> from agb.context_sync import UploadPolicy, UploadMode
    >>> policy = SyncPolicy(upload_policy=UploadPolicy(upload_mode=UploadMode.ARCHIVE))
    >>> sync = ContextSync.new("ctx-123", "/home/my-data", policy)
    >>> policy.to_dict()["uploadPolicy"]
    {'autoUpload': True, 'uploadStrategy': 'UploadBeforeResourceRelease', 'uploadMode': 'Archive'}
"""

from __future__ import annotations

import json
from enum import Enum
from typing import Any

from ._record import Record

_WILDCARDS = frozenset("*?[]")


class UploadStrategy(Enum):
    """When a session's data is uploaded to its context."""

    UPLOAD_BEFORE_RESOURCE_RELEASE = "UploadBeforeResourceRelease"


class DownloadStrategy(Enum):
    """How a context is downloaded into a new session."""

    DOWNLOAD_ASYNC = "DownloadAsync"


class UploadMode(Enum):
    """``FILE`` keeps files one by one in the context; ``ARCHIVE`` packs the folder into one."""

    FILE = "File"
    ARCHIVE = "Archive"


class Lifecycle(Enum):
    """How long the context keeps the data of a ``RecyclePolicy``'s paths."""

    LIFECYCLE_1DAY = "Lifecycle_1Day"
    LIFECYCLE_3DAYS = "Lifecycle_3Days"
    LIFECYCLE_5DAYS = "Lifecycle_5Days"
    LIFECYCLE_10DAYS = "Lifecycle_10Days"
    LIFECYCLE_15DAYS = "Lifecycle_15Days"
    LIFECYCLE_30DAYS = "Lifecycle_30Days"
    LIFECYCLE_90DAYS = "Lifecycle_90Days"
    LIFECYCLE_180DAYS = "Lifecycle_180Days"
    LIFECYCLE_360DAYS = "Lifecycle_360Days"
    LIFECYCLE_FOREVER = "Lifecycle_Forever"


def _require_member(name: str, value: object, kind: type[Enum]) -> None:
    if not isinstance(value, kind):
        allowed = ", ".join(str(member.value) for member in kind)
        raise ValueError(f"Invalid {name} value: {value!r}. Valid values are: {allowed}")


def _require_exact_path(name: str, path: object) -> None:
    if isinstance(path, str) and _WILDCARDS.intersection(path):
        raise ValueError(  # the official words: callers match on them
            f"Wildcard patterns are not supported in {name}. Got: {path}. "
            "Please use exact directory paths instead."
        )


def _value(member: Enum | None) -> Any:
    return member.value if member is not None else None


class UploadPolicy(Record):
    """Whether and how the session's data goes back to the context.

    Example:
        >>> UploadPolicy(auto_upload=False).to_dict()["autoUpload"]
        False
    """

    __slots__ = ("auto_upload", "upload_strategy", "upload_mode")

    def __init__(
        self,
        auto_upload: bool = True,
        upload_strategy: UploadStrategy = UploadStrategy.UPLOAD_BEFORE_RESOURCE_RELEASE,
        upload_mode: UploadMode = UploadMode.FILE,
    ) -> None:
        _require_member("upload_mode", upload_mode, UploadMode)
        self.auto_upload = auto_upload
        self.upload_strategy = upload_strategy
        self.upload_mode = upload_mode

    def to_dict(self) -> dict[str, Any]:
        return {
            "autoUpload": self.auto_upload,
            "uploadStrategy": _value(self.upload_strategy),
            "uploadMode": _value(self.upload_mode),
        }


class DownloadPolicy(Record):
    """Whether the context is downloaded into the session when it starts."""

    __slots__ = ("auto_download", "download_strategy")

    def __init__(
        self,
        auto_download: bool = True,
        download_strategy: DownloadStrategy = DownloadStrategy.DOWNLOAD_ASYNC,
    ) -> None:
        self.auto_download = auto_download
        self.download_strategy = download_strategy

    def to_dict(self) -> dict[str, Any]:
        return {
            "autoDownload": self.auto_download,
            "downloadStrategy": _value(self.download_strategy),
        }


class DeletePolicy(Record):
    """Whether a file deleted in the session is deleted from the context too."""

    __slots__ = ("sync_local_file",)

    def __init__(self, sync_local_file: bool = True) -> None:
        self.sync_local_file = sync_local_file

    def to_dict(self) -> dict[str, Any]:
        return {"syncLocalFile": self.sync_local_file}


class ExtractPolicy(Record):
    """Whether archives uploaded to the context are unpacked, and where."""

    __slots__ = ("extract", "delete_src_file", "extract_current_folder")

    def __init__(
        self, extract: bool = True, delete_src_file: bool = True,
        extract_current_folder: bool = False,
    ) -> None:  # fmt: skip
        self.extract = extract
        self.delete_src_file = delete_src_file
        self.extract_current_folder = extract_current_folder

    def to_dict(self) -> dict[str, Any]:
        return {
            "extract": self.extract,
            "deleteSrcFile": self.delete_src_file,
            "extractToCurrentFolder": self.extract_current_folder,
        }


class RecyclePolicy(Record):
    """How long the context keeps ``paths`` (``[""]``, the default, means all of it).

    Example:
        >>> RecyclePolicy(Lifecycle.LIFECYCLE_30DAYS, ["logs"]).to_dict()
        {'lifecycle': 'Lifecycle_30Days', 'paths': ['logs']}
    """

    __slots__ = ("lifecycle", "paths")

    def __init__(
        self, lifecycle: Lifecycle = Lifecycle.LIFECYCLE_FOREVER, paths: list[str] | None = None
    ) -> None:
        _require_member("lifecycle", lifecycle, Lifecycle)
        paths = [""] if paths is None else paths
        for path in paths:
            _require_exact_path("recycle policy paths", path)
        self.lifecycle = lifecycle
        self.paths = paths

    def to_dict(self) -> dict[str, Any]:
        return {"lifecycle": _value(self.lifecycle), "paths": self.paths}


class WhiteList(Record):
    """A path (relative to the mount) to synchronise, minus ``exclude_paths``."""

    __slots__ = ("path", "exclude_paths")

    def __init__(self, path: str = "", exclude_paths: list[str] | None = None) -> None:
        exclude_paths = [] if exclude_paths is None else exclude_paths
        _require_exact_path("path", path)
        for excluded in exclude_paths:
            _require_exact_path("exclude_paths", excluded)
        self.path = path
        self.exclude_paths = exclude_paths

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "excludePaths": self.exclude_paths}


class BWList(Record):
    """The white lists of a sync policy; empty means everything under the mount."""

    __slots__ = ("white_lists",)

    def __init__(self, white_lists: list[WhiteList] | None = None) -> None:
        self.white_lists = [] if white_lists is None else white_lists

    def to_dict(self) -> dict[str, Any]:
        return {"whiteLists": [item.to_dict() for item in self.white_lists]}


class MappingPolicy(Record):
    """The path the data had in an earlier session, mapped onto this mount."""

    __slots__ = ("path",)

    def __init__(self, path: str = "") -> None:
        self.path = path

    @classmethod
    def default(cls) -> MappingPolicy:
        return cls()

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path}


class SyncPolicy(Record):
    """Every policy of one mount; missing ones get their defaults, except ``mapping_policy``.

    Example:
        >>> list(SyncPolicy().to_dict())[:3]
        ['uploadPolicy', 'downloadPolicy', 'deletePolicy']
    """

    __slots__ = ("upload_policy", "download_policy", "delete_policy", "extract_policy",
                 "recycle_policy", "bw_list", "mapping_policy")  # fmt: skip

    def __init__(
        self,
        upload_policy: UploadPolicy | None = None,
        download_policy: DownloadPolicy | None = None,
        delete_policy: DeletePolicy | None = None,
        extract_policy: ExtractPolicy | None = None,
        recycle_policy: RecyclePolicy | None = None,
        bw_list: BWList | None = None,
        mapping_policy: MappingPolicy | None = None,
    ) -> None:
        self.upload_policy = upload_policy or UploadPolicy()
        self.download_policy = download_policy or DownloadPolicy()
        self.delete_policy = delete_policy or DeletePolicy()
        self.extract_policy = extract_policy or ExtractPolicy()
        self.recycle_policy = recycle_policy or RecyclePolicy()
        self.bw_list = bw_list or BWList()
        self.mapping_policy = mapping_policy

    def to_dict(self) -> dict[str, Any]:
        parts: dict[str, Any] = {
            "uploadPolicy": self.upload_policy,
            "downloadPolicy": self.download_policy,
            "deletePolicy": self.delete_policy,
            "extractPolicy": self.extract_policy,
            "recyclePolicy": self.recycle_policy,
            "bwList": self.bw_list,
            "mappingPolicy": self.mapping_policy,
        }
        return {key: part.to_dict() for key, part in parts.items() if part is not None}


class ContextSync(Record):
    """Mount context ``context_id`` at ``path`` in a new session, synchronised per ``policy``.

    A ``ContextSync`` without a policy is not sent (as in the official SDK): pass
    ``SyncPolicy()`` for the defaults.

    Example:
        >>> ContextSync("ctx-123", "/home/my-data", SyncPolicy())
    """

    __slots__ = ("context_id", "path", "policy")

    def __init__(self, context_id: str, path: str, policy: SyncPolicy | None = None) -> None:
        self.context_id = context_id
        self.path = path
        self.policy = policy

    @classmethod
    def new(cls, context_id: str, path: str, policy: SyncPolicy | None = None) -> ContextSync:
        return cls(context_id=context_id, path=path, policy=policy)

    def with_policy(self, policy: SyncPolicy) -> ContextSync:
        """Set the policy and return this object, for chaining."""
        self.policy = policy
        return self


def policy_json(policy: SyncPolicy) -> str:
    """The ``policy`` string of a persistenceDataList item: Python's default JSON separators
    (``", "`` and ``": "``), keys in the official order, non-ASCII characters kept."""
    return json.dumps(policy.to_dict(), ensure_ascii=False)


def persistence_items(syncs: object) -> list[dict[str, str]]:
    """The createSession ``persistenceDataList`` for ``context_syncs``; items without a policy
    are dropped. Raises ``TypeError`` for anything but a list of ``ContextSync``."""
    if syncs is None:
        return []
    if not isinstance(syncs, (list, tuple)):
        raise TypeError(f"context_syncs must be a list of ContextSync, not {type(syncs).__name__}")
    items = []
    for sync in syncs:
        if not isinstance(sync, ContextSync):
            raise TypeError(f"context_syncs items must be ContextSync, not {type(sync).__name__}")
        if sync.policy is None:
            continue
        if not isinstance(sync.policy, SyncPolicy):
            raise TypeError(f"ContextSync.policy must be a SyncPolicy, not {type(sync.policy)}")
        for name in ("context_id", "path"):
            value = getattr(sync, name)
            if not isinstance(value, str) or not value.strip():
                raise ValueError(f"ContextSync.{name} must be a non-empty str, got {value!r}")
        items.append(
            {"contextId": sync.context_id, "path": sync.path, "policy": policy_json(sync.policy)}
        )
    return items


__all__ = [
    "BWList",
    "ContextSync",
    "DeletePolicy",
    "DownloadPolicy",
    "DownloadStrategy",
    "ExtractPolicy",
    "Lifecycle",
    "MappingPolicy",
    "RecyclePolicy",
    "SyncPolicy",
    "UploadMode",
    "UploadPolicy",
    "UploadStrategy",
    "WhiteList",
]
