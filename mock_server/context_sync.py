"""Context sync: moving data between a context and a session's tree, honouring the policy of
the mount (white lists and excludes, mapping, upload mode, extract, delete and recycle
policies). See :mod:`mock_server.contexts` for the choices made where the service is silent.
"""

from __future__ import annotations

import os
import posixpath
import shutil
import tarfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mock_server import session_fs
from mock_server.context_store import Context, ContextStore, rebase, under
from mock_server.params import json_object
from mock_server.wire import invalid_parameter

ARCHIVE_NAME = "agb-archive.zip"
LIFECYCLE_DAYS: dict[str, int | None] = {
    "Lifecycle_1Day": 1,
    "Lifecycle_3Days": 3,
    "Lifecycle_5Days": 5,
    "Lifecycle_10Days": 10,
    "Lifecycle_15Days": 15,
    "Lifecycle_30Days": 30,
    "Lifecycle_90Days": 90,
    "Lifecycle_180Days": 180,
    "Lifecycle_360Days": 360,
    "Lifecycle_Forever": None,
}


@dataclass
class Mount:
    """One persistenceDataList item (or an ad-hoc sync target): where a context meets a session."""

    context_id: str
    path: str
    policy: dict[str, Any] = field(default_factory=dict)

    def section(self, name: str) -> dict[str, Any]:
        value = self.policy.get(name)
        return value if isinstance(value, dict) else {}

    @property
    def context_root(self) -> str:
        mapped = self.section("mappingPolicy").get("path")
        return session_fs.normalize(mapped) if isinstance(mapped, str) and mapped else self.path


def _copy_to_blob(store: ContextStore, source: Path) -> Path:
    blob = store.new_blob()
    shutil.copyfile(source, blob)
    return blob


def _walk_files(root: Path) -> Iterator[Path]:
    for directory, dirs, names in os.walk(root):
        dirs.sort()
        for name in sorted(names):
            path = Path(directory) / name
            if path.is_file() and not path.is_symlink():
                yield path


class Syncer:
    """Moves data between a context and a session's tree, honouring the mount's policy."""

    def __init__(self, store: ContextStore) -> None:
        self.store = store

    def _included(self, mount: Mount, session_path: str) -> bool:
        lists = mount.section("bwList").get("whiteLists") or []
        if not lists:
            return True
        for item in lists:
            if not isinstance(item, dict):
                continue
            root = self._policy_path(mount, item.get("path") or "")
            excludes = [self._policy_path(mount, p) for p in item.get("excludePaths") or []]
            if under(session_path, root) and not any(under(session_path, e) for e in excludes):
                return True
        return False

    @staticmethod
    def _policy_path(mount: Mount, raw: Any) -> str:
        if not isinstance(raw, str) or not raw:
            return mount.path
        return session_fs.normalize(raw if raw.startswith("/") else posixpath.join(mount.path, raw))

    def _lifecycle_days(self, mount: Mount, context_path: str) -> int | None:
        recycle = mount.section("recyclePolicy")
        days = LIFECYCLE_DAYS.get(str(recycle.get("lifecycle", "Lifecycle_Forever")))
        paths = recycle.get("paths") or [""]
        roots = [
            mount.context_root if not p else posixpath.join(mount.context_root, p) for p in paths
        ]
        return days if any(under(context_path, r) for r in roots) else None

    def upload(self, scratch: Path, context: Context, mount: Mount) -> None:
        """Session -> context for one mount."""
        host_root = session_fs.to_host(scratch, mount.path)
        if not host_root.is_dir():
            return
        if mount.section("uploadPolicy").get("uploadMode") == "Archive":
            self._upload_archive(scratch, context, mount, host_root)
            return
        seen: set[str] = set()
        for host in _walk_files(host_root):
            session_path = session_fs.to_session(scratch, host)
            if not self._included(mount, session_path):
                continue
            context_path = rebase(session_path, mount.path, mount.context_root)
            seen.add(context_path)
            days = self._lifecycle_days(mount, context_path)
            self.store.put(context, context_path, _copy_to_blob(self.store, host), days=days)
        if mount.section("deletePolicy").get("syncLocalFile", True):
            for stored in self.store.files(context):
                session_path = rebase(stored.path, mount.context_root, mount.path)
                if (
                    under(stored.path, mount.context_root)
                    and stored.path not in seen
                    and not stored.archive
                    and self._included(mount, session_path)
                ):
                    self.store.remove(context, stored.path)

    def _upload_archive(
        self, scratch: Path, context: Context, mount: Mount, host_root: Path
    ) -> None:
        blob = self.store.new_blob()
        with zipfile.ZipFile(blob, "w", zipfile.ZIP_DEFLATED) as archive:
            for host in _walk_files(host_root):
                if self._included(mount, session_fs.to_session(scratch, host)):
                    archive.write(host, host.relative_to(host_root).as_posix())
        context_path = posixpath.join(mount.context_root, ARCHIVE_NAME)
        days = self._lifecycle_days(mount, context_path)
        self.store.put(context, context_path, blob, archive=True, days=days)

    def download(self, scratch: Path, context: Context, mount: Mount) -> None:
        """Context -> session for one mount."""
        host_root = session_fs.to_host(scratch, mount.path)
        host_root.mkdir(parents=True, exist_ok=True)
        extract = mount.section("extractPolicy")
        for stored in self.store.files(context):
            if not under(stored.path, mount.context_root):
                continue
            session_path = rebase(stored.path, mount.context_root, mount.path)
            target = session_fs.to_host(scratch, session_path)
            target.parent.mkdir(parents=True, exist_ok=True)
            if stored.archive:
                _unpack(stored.blob, target.parent, ".zip")
                continue
            kind = _archive_kind(stored.path)
            if kind and extract.get("extract", True):
                into = target.parent
                if not extract.get("extractToCurrentFolder", False):
                    into = target.parent / target.name[: -len(kind)]
                _unpack(stored.blob, into, kind)
                if extract.get("deleteSrcFile", True):
                    continue
            shutil.copyfile(stored.blob, target)


def _archive_kind(path: str) -> str | None:
    return next((k for k in (".zip", ".tar.gz", ".tgz", ".tar") if path.lower().endswith(k)), None)


def _unpack(blob: Path, into: Path, kind: str) -> None:
    into.mkdir(parents=True, exist_ok=True)
    base = into.resolve()
    if kind == ".zip":
        with zipfile.ZipFile(blob) as archive:
            for member in archive.infolist():
                target = (into / member.filename).resolve()
                if base != target and base not in target.parents:
                    raise ValueError(f"archive member {member.filename} leaves the folder")
            archive.extractall(into)
        return
    with tarfile.open(blob) as archive:
        for tar_member in archive.getmembers():
            target = (into / tar_member.name).resolve()
            if not (tar_member.isfile() or tar_member.isdir()) or (
                base != target and base not in target.parents
            ):
                raise ValueError(f"archive member {tar_member.name} is not a plain file here")
        archive.extractall(into)


def narrowed(mount: Mount, path: str | None) -> Mount:
    """The mount limited to ``path`` (at or under it), its mapping moved along."""
    if path is None or path == mount.path:
        return mount
    policy = dict(mount.policy)
    if "mappingPolicy" in policy:
        policy["mappingPolicy"] = {"path": rebase(path, mount.path, mount.context_root)}
    return Mount(mount.context_id, path, policy)


def parse_policy(raw: Any) -> dict[str, Any]:
    """A persistenceDataList item's (json) policy, checked for the enums the service knows."""
    if raw is not None and not isinstance(raw, (str, dict)):
        raise invalid_parameter("persistenceDataList[].policy must be a JSON string")
    value = raw if isinstance(raw, dict) else json_object("persistenceDataList[].policy", raw)
    for name, section in value.items():
        if not isinstance(section, dict):
            raise invalid_parameter(f"persistenceDataList[].policy.{name} must be an object")
    upload_mode = value.get("uploadPolicy", {}).get("uploadMode", "File")
    if upload_mode not in ("File", "Archive"):
        raise invalid_parameter(f"uploadMode {upload_mode!r} must be File or Archive")
    lifecycle = value.get("recyclePolicy", {}).get("lifecycle", "Lifecycle_Forever")
    if lifecycle not in LIFECYCLE_DAYS:
        raise invalid_parameter(f"lifecycle {lifecycle!r} is not a known lifecycle")
    return value
