"""Contexts: the account-level persistent storage, and context sync between contexts and sessions.

Owns, per API key, the contexts {id, name, createTime, lastUsedTime, state} and their files, keyed
by absolute session path (``/home/my-data/a.txt``), each file's bytes in a blob on disk; and, per
session, the mounts from createSession's ``persistenceDataList``, the internal ``file_transfer``
context and the sync tasks GetContextInfo reports. The endpoints are :class:`ContextOperations`;
the presigned URLs that move a file's bytes are served by :mod:`mock_server.objects`.

Choices where the real service is not documented (also in the spec):

- sync runs while SyncContext / createSession is answered; its task then reads ``Running`` for
  ``sync_polls`` GetContextInfo calls (default 0) and ``Success`` or ``Failed`` after;
- SyncContext without ``mode`` uploads; release uploads every mount whose policy has
  ``uploadPolicy.autoUpload``;
- with ``mappingPolicy.path`` the context's files stored under that path are downloaded into
  the mount path, and uploads go back under that path (the data keeps one home in the context);
- ``uploadMode: Archive`` stores the mount as one zip, ``<mount>/agb-archive.zip``, which a later
  download always unpacks into the mount; other ``.zip`` files follow the extract policy (into
  their own folder with ``extractToCurrentFolder``, else into a folder named after the archive;
  ``deleteSrcFile`` false keeps the archive too);
- ``deletePolicy.syncLocalFile``: an upload also removes context files deleted in the session;
- ``recyclePolicy``: uploaded files expire after the lifecycle's days (``paths`` relative to
  the mount, ``""`` = all of it);
- ClearContext empties the context at once; its state reads ``clearing`` for ``clear_polls``
  GetContext calls, then ``available``;
- the internal ``file_transfer`` context of a session is mounted at ``FILE_TRANSFER_PATH``;
- DescribeContextFiles with ``parentFolderPath`` lists that folder's files and sub-folders
  (``fileType`` ``file`` / ``folder``); without it, every file.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import posixpath
import secrets
import shutil
import tarfile
import tempfile
import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mock_server import session_fs
from mock_server.operations import Outcome
from mock_server.params import Params
from mock_server.state import SessionStore, decode_token, encode_token
from mock_server.wire import ApiError, invalid_parameter

FILE_TRANSFER_PATH = "/tmp/file-transfer"
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
TASK_TYPES = ("upload", "download")


def _stamp(seconds: float) -> str:
    return datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc).strftime(
        "%Y-%m-%dT%H:%M:%SZ"
    )


def _under(path: str, root: str) -> bool:
    return root in ("", "/") or path == root or path.startswith(root.rstrip("/") + "/")


def _rebase(path: str, old_root: str, new_root: str) -> str:
    relative = path[len(old_root.rstrip("/")) :].lstrip("/")
    return posixpath.join(new_root, relative) if relative else new_root


@dataclass
class StoredFile:
    file_id: str
    path: str
    size: int
    blob: Path
    created: float
    modified: float
    archive: bool = False
    expires: float | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "fileId": self.file_id,
            "fileName": posixpath.basename(self.path),
            "filePath": self.path,
            "fileType": "file",
            "gmtCreate": _stamp(self.created),
            "gmtModified": _stamp(self.modified),
            "size": self.size,
            "status": "available",
        }


@dataclass
class Context:
    context_id: str
    name: str
    owner: str
    seq: int
    internal: bool = False
    created: float = field(default_factory=time.time)
    last_used: float = field(default_factory=time.time)
    state: str = "available"
    clearing_polls: int = 0
    files: dict[str, StoredFile] = field(default_factory=dict)

    def to_json(self, *, with_state: bool = False) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.context_id,
            "name": self.name,
            "createTime": _stamp(self.created),
            "lastUsedTime": _stamp(self.last_used),
        }
        if with_state:
            data["state"] = self.state
        return data


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


@dataclass
class Task:
    context_id: str
    path: str
    task_type: str
    status: str
    error: str
    start: int
    finish: int
    running_polls: int

    def to_json(self) -> dict[str, Any]:
        running = self.running_polls > 0
        return {
            "contextId": self.context_id,
            "path": self.path,
            "errorMessage": "" if running else self.error,
            "status": "Running" if running else self.status,
            "startTime": self.start,
            "finishTime": 0 if running else self.finish,
            "taskType": self.task_type,
        }


@dataclass
class SessionSync:
    owner: str
    mounts: list[Mount] = field(default_factory=list)
    internal: dict[str, str] = field(default_factory=dict)  # context type -> context id
    tasks: dict[tuple[str, str, str], Task] = field(default_factory=dict)


class ContextStore:
    """Every account's contexts and their files; blobs live in a private temporary directory."""

    def __init__(self, scratch_parent: str | Path | None = None) -> None:
        self.lock = threading.RLock()
        self._scratch_parent = scratch_parent
        self._root: Path | None = None
        self._contexts: dict[str, Context] = {}
        self._seq = 0

    def blob_dir(self) -> Path:
        with self.lock:
            if self._root is None:
                self._root = Path(
                    tempfile.mkdtemp(prefix="agb-mock-ctx-", dir=self._scratch_parent)
                )
            return self._root

    def new_blob(self) -> Path:
        """A fresh, unused blob path (the caller writes it, then :meth:`put` adopts it)."""
        return self.blob_dir() / f"blob-{secrets.token_hex(12)}"

    def reset(self) -> None:
        with self.lock:
            root, self._root = self._root, None
            self._contexts.clear()
        if root is not None:
            shutil.rmtree(root, ignore_errors=True)

    def create(self, owner: str, name: str, *, internal: bool = False) -> Context:
        with self.lock:
            self._seq += 1
            context = Context(f"ctx-{secrets.token_hex(8)}", name, owner, self._seq, internal)
            self._contexts[context.context_id] = context
            return context

    def get(self, owner: str, context_id: str) -> Context:
        with self.lock:
            context = self._contexts.get(context_id)
            if context is None or context.owner != owner:
                raise ApiError(400, "InvalidContext.NotFound", f"Context {context_id} not found")
            return context

    def by_name(self, owner: str, name: str) -> Context | None:
        with self.lock:
            return next(
                (
                    c
                    for c in self._contexts.values()
                    if c.owner == owner and c.name == name and not c.internal
                ),
                None,
            )

    def listed(self, owner: str) -> list[Context]:
        with self.lock:
            mine = [c for c in self._contexts.values() if c.owner == owner and not c.internal]
        return sorted(mine, key=lambda c: c.seq)

    def delete(self, owner: str, context_id: str) -> None:
        with self.lock:
            context = self.get(owner, context_id)
            del self._contexts[context_id]
            blobs = [f.blob for f in context.files.values()]
        for blob in blobs:
            blob.unlink(missing_ok=True)

    def clear(self, owner: str, context_id: str, polls: int) -> None:
        with self.lock:
            context = self.get(owner, context_id)
            blobs = [f.blob for f in context.files.values()]
            context.files.clear()
            context.state, context.clearing_polls = "clearing", polls
            if polls <= 0:
                context.state = "available"
        for blob in blobs:
            blob.unlink(missing_ok=True)

    def files(self, context: Context) -> list[StoredFile]:
        """The context's live files, sorted by path; expired ones are dropped first."""
        now = time.time()
        with self.lock:
            expired = [
                f for f in context.files.values() if f.expires is not None and f.expires <= now
            ]
            for stored in expired:
                del context.files[stored.path]
            live = sorted(context.files.values(), key=lambda f: f.path)
        for stored in expired:
            stored.blob.unlink(missing_ok=True)
        return live

    def put(
        self,
        context: Context,
        path: str,
        blob: Path,
        *,
        archive: bool = False,
        days: int | None = None,
    ) -> StoredFile:
        """Adopt ``blob`` as the content of ``path`` in the context (replacing any older one)."""
        now = time.time()
        size = blob.stat().st_size
        expires = now + days * 86400 if days is not None else None
        with self.lock:
            old = context.files.get(path)
            stored = StoredFile(
                f"file-{secrets.token_hex(8)}",
                path,
                size,
                blob,
                old.created if old else now,
                now,
                archive,
                expires,
            )
            context.files[path] = stored
            context.last_used = now
        if old is not None and old.blob != blob:
            old.blob.unlink(missing_ok=True)
        return stored

    def remove(self, context: Context, path: str) -> bool:
        with self.lock:
            stored = context.files.pop(path, None)
        if stored is not None:
            stored.blob.unlink(missing_ok=True)
        return stored is not None

    def find(self, context: Context, path: str) -> StoredFile | None:
        return next((f for f in self.files(context) if f.path == path), None)


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
            if _under(session_path, root) and not any(_under(session_path, e) for e in excludes):
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
        return days if any(_under(context_path, r) for r in roots) else None

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
            context_path = _rebase(session_path, mount.path, mount.context_root)
            seen.add(context_path)
            days = self._lifecycle_days(mount, context_path)
            self.store.put(context, context_path, _copy_to_blob(self.store, host), days=days)
        if mount.section("deletePolicy").get("syncLocalFile", True):
            for stored in self.store.files(context):
                session_path = _rebase(stored.path, mount.context_root, mount.path)
                if (
                    _under(stored.path, mount.context_root)
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
            if not _under(stored.path, mount.context_root):
                continue
            session_path = _rebase(stored.path, mount.context_root, mount.path)
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


def _policy(raw: Any) -> dict[str, Any]:
    if raw is None or raw == "":
        return {}
    if isinstance(raw, dict):
        return raw
    if not isinstance(raw, str):
        raise invalid_parameter("persistenceDataList[].policy must be a JSON string")
    try:
        value = json.loads(raw)
    except ValueError:
        raise invalid_parameter("persistenceDataList[].policy is not valid JSON") from None
    if not isinstance(value, dict):
        raise invalid_parameter("persistenceDataList[].policy must be a JSON object")
    upload_mode = value.get("uploadPolicy", {}).get("uploadMode", "File")
    if upload_mode not in ("File", "Archive"):
        raise invalid_parameter(f"uploadMode {upload_mode!r} must be File or Archive")
    lifecycle = value.get("recyclePolicy", {}).get("lifecycle", "Lifecycle_Forever")
    if lifecycle not in LIFECYCLE_DAYS:
        raise invalid_parameter(f"lifecycle {lifecycle!r} is not a known lifecycle")
    return value


class ContextOperations:
    """The context endpoints, plus the createSession / release hooks that run context sync."""

    def __init__(
        self,
        sessions: SessionStore,
        scratch_parent: str | Path | None = None,
        *,
        sync_polls: int = 0,
        clear_polls: int = 1,
    ) -> None:
        self.sessions = sessions
        self.store = ContextStore(scratch_parent)
        self.syncer = Syncer(self.store)
        self.sync_polls = sync_polls
        self.clear_polls = clear_polls
        self.sign: Callable[[Params, Context, str, str], tuple[str, int]] | None = None
        self.table: dict[str, Callable[[Params], Outcome]] = {
            "listContexts": self.list_contexts,
            "getContext": self.get_context,
            "modifyContext": self.modify_context,
            "deleteContext": self.delete_context,
            "clearContext": self.clear_context,
            "syncContext": self.sync_context,
            "getContextInfo": self.get_context_info,
            "getContextFileUploadUrl": self.upload_url,
            "getContextFileDownloadUrl": self.download_url,
            "deleteContextFile": self.delete_file,
            "describeContextFiles": self.describe_files,
            "getAndLoadInternalContext": self.internal_context,
        }

    def install(self, table: dict[str, Callable[[Params], Outcome]]) -> None:
        """Add the endpoints to ``table`` and hook context sync into create and release."""
        create, release, release_async = (
            table["createSession"],
            table["releaseSession"],
            table["releaseSessionAsync"],
        )

        def create_session(params: Params) -> Outcome:
            mounts = self._mounts(params)
            outcome = create(params)
            self.attach(params.api_key, outcome.data["sessionId"], mounts)
            return outcome

        def releasing(inner: Callable[[Params], Outcome]) -> Callable[[Params], Outcome]:
            def release_session(params: Params) -> Outcome:
                self.before_release(params.body_str("sessionId") or "")
                return inner(params)

            return release_session

        table.update(self.table)
        table["createSession"] = create_session
        table["releaseSession"] = releasing(release)
        table["releaseSessionAsync"] = releasing(release_async)

    def reset(self) -> None:
        self.store.reset()

    # -- sessions -------------------------------------------------------------------------

    def _mounts(self, params: Params) -> list[Mount]:
        items = params.body.get("persistenceDataList")
        if items is None:
            return []
        if isinstance(items, str):  # tolerated: the list sent as a JSON string
            try:
                items = json.loads(items)
            except ValueError:
                raise invalid_parameter("persistenceDataList is not valid JSON") from None
        if not isinstance(items, list):
            raise invalid_parameter("persistenceDataList must be an array")
        mounts = []
        for item in items:
            if not isinstance(item, dict):
                raise invalid_parameter("persistenceDataList items must be objects")
            context_id, path = item.get("contextId"), item.get("path")
            if not isinstance(context_id, str) or not context_id:
                raise invalid_parameter("persistenceDataList[].contextId is required")
            if not isinstance(path, str) or not path:
                raise invalid_parameter("persistenceDataList[].path is required")
            self.store.get(params.api_key, context_id)
            try:
                normal = session_fs.normalize(path)
            except ValueError:
                raise invalid_parameter(f"persistenceDataList[].path {path!r} is invalid") from None
            mounts.append(Mount(context_id, normal, _policy(item.get("policy"))))
        return mounts

    def _sync_state(self, session_id: str) -> SessionSync:
        session = self.sessions.get(session_id)
        state = session.extras.get("sync")
        if not isinstance(state, SessionSync):
            raise ApiError(400, "InvalidMcpSession.NotFound", f"Session {session_id} not found")
        return state

    def attach(self, owner: str, session_id: str, mounts: list[Mount]) -> None:
        session = self.sessions.get(session_id)
        session_fs.prepare(session.scratch)
        state = SessionSync(owner, list(mounts))
        session.extras["sync"] = state
        for mount in mounts:
            if mount.section("downloadPolicy").get("autoDownload", True):
                self._run(session_id, mount, "download")

    def before_release(self, session_id: str) -> None:
        try:
            state = self._sync_state(session_id)
        except ApiError:
            return  # the release itself answers "not found"
        for mount in state.mounts:
            if mount.section("uploadPolicy").get("autoUpload", True):
                self._run(session_id, mount, "upload")
        for context_id in state.internal.values():  # the file-transfer area dies with the session
            self.store.delete(state.owner, context_id)

    def _run(self, session_id: str, mount: Mount, task_type: str) -> Task:
        session = self.sessions.get(session_id)
        state = self._sync_state(session_id)
        start = int(time.time())
        status, error = "Success", ""
        try:
            context = self.store.get(state.owner, mount.context_id)
            if task_type == "upload":
                self.syncer.upload(session.scratch, context, mount)
            else:
                self.syncer.download(session.scratch, context, mount)
        except (ApiError, OSError, ValueError, zipfile.BadZipFile, tarfile.TarError) as exc:
            status, error = "Failed", str(getattr(exc, "message", exc))
        task = Task(
            mount.context_id,
            mount.path,
            task_type,
            status,
            error,
            start,
            int(time.time()),
            self.sync_polls,
        )
        state.tasks[(mount.context_id, mount.path, task_type)] = task
        return task

    # -- endpoints --------------------------------------------------------------------------

    def list_contexts(self, params: Params) -> Outcome:
        limit = params.query_int("maxResults", 10, 1, 100)
        token = params.query_str("nextToken")
        after = decode_token(token) if token else 0
        everything = self.store.listed(params.api_key)
        rest = [c for c in everything if c.seq > after]
        page = rest[:limit]
        next_token = encode_token(page[-1].seq) if len(rest) > limit else ""
        extra = {"nextToken": next_token, "maxResults": limit, "totalCount": len(everything)}
        return Outcome([c.to_json() for c in page], extra)

    def get_context(self, params: Params) -> Outcome:
        context_id, name = params.query_str("id"), params.query_str("name")
        allow = params.query_str("allowCreate") or "false"
        if allow not in ("true", "false"):
            raise invalid_parameter("allowCreate must be true or false")
        if not context_id and not name:
            raise invalid_parameter("id or name is required")
        if context_id:
            context = self.store.get(params.api_key, context_id)
            if name and context.name != name:
                raise ApiError(400, "InvalidContext.NotFound", f"Context {context_id} not found")
        else:
            found = self.store.by_name(params.api_key, name or "")
            if found is None and allow == "false":
                raise ApiError(400, "InvalidContext.NotFound", f"Context {name} not found")
            context = found or self.store.create(params.api_key, name or "")
        with self.store.lock:
            data = context.to_json(with_state=True)
            if context.state == "clearing":
                context.clearing_polls -= 1
                if context.clearing_polls <= 0:
                    context.state = "available"
        return Outcome(data)

    def modify_context(self, params: Params) -> Outcome:
        context = self.store.get(params.api_key, params.query_str("id", required=True) or "")
        name = (params.query_str("name", required=True) or "").strip()
        other = self.store.by_name(params.api_key, name)
        if other is not None and other is not context:
            raise ApiError(400, "InvalidContext.NameExists", f"A context named {name} exists")
        with self.store.lock:
            context.name = name
        return Outcome()

    def delete_context(self, params: Params) -> Outcome:
        self.store.delete(params.api_key, params.query_str("id", required=True) or "")
        return Outcome()

    def clear_context(self, params: Params) -> Outcome:
        context_id = params.query_str("id", required=True) or ""
        self.store.clear(params.api_key, context_id, self.clear_polls)
        return Outcome()

    def _targets(self, params: Params, state: SessionSync) -> list[Mount]:
        context_id, path = params.query_str("contextId"), params.query_str("path")
        normal = None
        if path:
            try:
                normal = session_fs.normalize(path)
            except ValueError:
                raise invalid_parameter(f"path {path!r} is invalid") from None
        if context_id:
            self.store.get(state.owner, context_id)
        mounts = [
            m
            for m in state.mounts
            if (not context_id or m.context_id == context_id)
            and (normal is None or m.path == normal)
        ]
        if mounts or not context_id:
            return mounts
        # A context that is not mounted (the file-transfer one): sync the given folder as is.
        return [Mount(context_id, normal or FILE_TRANSFER_PATH)]

    def sync_context(self, params: Params) -> Outcome:
        session_id = params.query_str("sessionId", required=True) or ""
        mode = params.query_str("mode") or "upload"
        if mode not in TASK_TYPES:
            raise invalid_parameter("mode must be upload or download")
        state = self._sync_state(session_id)
        for mount in self._targets(params, state):
            self._run(session_id, mount, mode)
        return Outcome()

    def get_context_info(self, params: Params) -> Outcome:
        state = self._sync_state(params.query_str("sessionId", required=True) or "")
        context_id, path = params.query_str("contextId"), params.query_str("path")
        task_type = params.query_str("taskType")
        normal = session_fs.normalize(path) if path else None
        items = []
        with self.store.lock:
            for task in state.tasks.values():
                if context_id and task.context_id != context_id:
                    continue
                if normal and task.path != normal:
                    continue
                if task_type and task.task_type != task_type:
                    continue
                items.append(task.to_json())
                task.running_polls = max(0, task.running_polls - 1)
        status = json.dumps([{"type": "data", "data": json.dumps(items)}])
        return Outcome({"contextStatus": status})

    def _file_args(self, params: Params) -> tuple[Context, str]:
        context = self.store.get(params.api_key, params.query_str("contextId", required=True) or "")
        raw = params.query_str("filePath", required=True) or ""
        try:
            return context, session_fs.normalize(raw if raw.startswith("/") else "/" + raw)
        except ValueError:
            raise invalid_parameter(f"filePath {raw!r} is invalid") from None

    def _url(self, params: Params, method: str) -> Outcome:
        context, path = self._file_args(params)
        if self.sign is None:
            raise ApiError(500, "InternalError", "presigned URLs are not served")
        url, expire = self.sign(params, context, path, method)
        return Outcome({"url": url, "expireTime": expire})

    def upload_url(self, params: Params) -> Outcome:
        return self._url(params, "PUT")

    def download_url(self, params: Params) -> Outcome:
        return self._url(params, "GET")

    def delete_file(self, params: Params) -> Outcome:
        context, path = self._file_args(params)
        if not self.store.remove(context, path):
            raise ApiError(400, "InvalidContextFile.NotFound", f"File {path} not found")
        return Outcome()

    def describe_files(self, params: Params) -> Outcome:
        context = self.store.get(params.api_key, params.query_str("contextId", required=True) or "")
        page_number = params.query_int("pageNumber", 1, 1, 1_000_000)
        page_size = params.query_int("pageSize", 50, 1, 500)
        parent = params.query_str("parentFolderPath")
        stored = self.store.files(context)
        if parent:
            folder = session_fs.normalize(parent if parent.startswith("/") else "/" + parent)
            entries: list[dict[str, Any]] = []
            folders: dict[str, dict[str, Any]] = {}
            for item in stored:
                if not _under(item.path, folder) or item.path == folder:
                    continue
                first = _rebase(item.path, folder, "").split("/")[0]
                child = posixpath.join(folder, first)
                if child == item.path:
                    entries.append(item.to_json())
                elif child not in folders:
                    folders[child] = {
                        **item.to_json(),
                        "fileId": "folder-"
                        + hashlib.md5(child.encode(), usedforsecurity=False).hexdigest()[:16],
                        "fileName": first,
                        "filePath": child,
                        "fileType": "folder",
                        "size": 0,
                    }
            listing = sorted([*folders.values(), *entries], key=lambda e: e["filePath"])
        else:
            listing = [item.to_json() for item in stored]
        start = (page_number - 1) * page_size
        return Outcome(listing[start : start + page_size], {"count": len(listing)})

    def internal_context(self, params: Params) -> Outcome:
        session_id = params.query_str("sessionId", required=True) or ""
        raw = params.query_str("contextTypes", required=True) or ""
        try:
            types = json.loads(raw)
        except ValueError:
            raise invalid_parameter("contextTypes is not valid JSON") from None
        if not isinstance(types, list) or not all(isinstance(t, str) for t in types):
            raise invalid_parameter("contextTypes must be a JSON array of strings")
        state = self._sync_state(session_id)
        session = self.sessions.get(session_id)
        data = []
        for kind in types:
            if kind != "file_transfer":
                continue
            with self.store.lock:
                context_id = state.internal.get(kind)
                if context_id is None:
                    context = self.store.create(state.owner, f"{kind}-{session_id}", internal=True)
                    context_id = state.internal[kind] = context.context_id
            session_fs.to_host(session.scratch, FILE_TRANSFER_PATH).mkdir(
                parents=True, exist_ok=True
            )
            data.append(
                {"contextId": context_id, "contextType": kind, "contextPath": FILE_TRANSFER_PATH}
            )
        return Outcome(data)
