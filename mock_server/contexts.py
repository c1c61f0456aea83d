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

import contextlib
import hashlib
import json
import posixpath
import tarfile
import threading
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mock_server import session_fs
from mock_server.context_store import Context, ContextStore, rebase, under
from mock_server.context_sync import Mount, Syncer, narrowed, parse_policy
from mock_server.operations import Outcome
from mock_server.params import Params
from mock_server.state import SessionStore, decode_token, encode_token
from mock_server.wire import ApiError, invalid_parameter

FILE_TRANSFER_PATH = "/tmp/file_transfer"
TASK_TYPES = ("upload", "download")


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

    def to_json(self, polls: int) -> dict[str, Any]:
        """The task as GetContextInfo shows it; ``polls``: how many polls it stays unfinished."""
        running = self.running_polls > 0
        status = self.status
        if running:
            status = "Pending" if self.running_polls == polls and polls > 1 else "Running"
        return {
            "contextId": self.context_id,
            "path": self.path,
            "errorMessage": "" if running else self.error,
            "status": status,
            "startTime": self.start,
            "finishTime": 0 if running else self.finish,
            "taskType": self.task_type,
        }


@dataclass
class SessionSync:
    """A session's side of context sync: whose it is, where its tree is, mounts and tasks."""

    owner: str
    scratch: Path
    mounts: list[Mount] = field(default_factory=list)
    internal: dict[str, str] = field(default_factory=dict)  # context type -> context id
    tasks: dict[tuple[str, str, str], Task] = field(default_factory=dict)


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
        self._states: dict[str, SessionSync] = {}
        self._states_lock = threading.Lock()
        sessions.on_release.append(self.on_release)
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
        """Add the endpoints to ``table`` and hook context sync into createSession (release is
        hooked through ``SessionStore.on_release``, so idle release uploads too)."""
        create = table["createSession"]

        def create_session(params: Params) -> Outcome:
            mounts = self._mounts(params)
            outcome = create(params)
            self.attach(params.api_key, outcome.data["sessionId"], mounts)
            return outcome

        table.update(self.table)
        table["createSession"] = create_session

    def reset(self) -> None:
        with self._states_lock:
            self._states.clear()
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
            mounts.append(Mount(context_id, normal, parse_policy(item.get("policy"))))
        return mounts

    def _sync_state(self, session_id: str) -> SessionSync:
        """A running session's sync state (touching it), else InvalidMcpSession.NotFound."""
        self.sessions.get(session_id)
        with self._states_lock:
            state = self._states.get(session_id)
        if state is None:
            raise ApiError(400, "InvalidMcpSession.NotFound", f"Session {session_id} not found")
        return state

    def attach(self, owner: str, session_id: str, mounts: list[Mount]) -> None:
        session = self.sessions.get(session_id)
        session_fs.prepare(session.scratch)
        state = SessionSync(owner, session.scratch, list(mounts))
        with self._states_lock:
            self._states[session_id] = state
        for mount in mounts:
            if mount.section("downloadPolicy").get("autoDownload", True):
                self._run(state, mount, "download")

    def on_release(self, session_id: str) -> None:
        """Upload the autoUpload mounts while the session's tree still exists; drop the rest."""
        with self._states_lock:
            state = self._states.pop(session_id, None)
        if state is None:
            return
        for mount in state.mounts:
            if mount.section("uploadPolicy").get("autoUpload", True):
                self._run(state, mount, "upload")
        for context_id in state.internal.values():  # the file-transfer area dies with the session
            with contextlib.suppress(ApiError):
                self.store.delete(state.owner, context_id)

    def _run(self, state: SessionSync, mount: Mount, task_type: str) -> Task:
        start = int(time.time())
        status, error = "Success", ""
        try:
            context = self.store.get(state.owner, mount.context_id)
            if task_type == "upload":
                self.syncer.upload(state.scratch, context, mount)
            else:
                self.syncer.download(state.scratch, context, mount)
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
            narrowed(m, normal)
            for m in state.mounts
            if (not context_id or m.context_id == context_id)
            and (normal is None or under(normal, m.path))
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
            self._run(state, mount, mode)
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
                items.append(task.to_json(self.sync_polls))
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
        self.store.remove(context, path)  # idempotent: an absent file is already deleted
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
                if not under(item.path, folder) or item.path == folder:
                    continue
                first = rebase(item.path, folder, "").split("/")[0]
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
        data = []
        for kind in types:
            if kind != "file_transfer":
                continue
            with self.store.lock:
                context_id = state.internal.get(kind)
                if context_id is None:
                    context = self.store.create(state.owner, f"{kind}-{session_id}", internal=True)
                    context_id = state.internal[kind] = context.context_id
            session_fs.to_host(state.scratch, FILE_TRANSFER_PATH).mkdir(parents=True, exist_ok=True)
            data.append(
                {"contextId": context_id, "contextType": kind, "contextPath": FILE_TRANSFER_PATH}
            )
        return Outcome(data)
