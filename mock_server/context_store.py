"""The context store: every account's contexts and their files.

Each context {id, name, createTime, lastUsedTime, state} belongs to one API key; its files are
keyed by absolute session path (``/home/my-data/a.txt``) and each file's bytes are a blob in the
store's private temporary directory. Expired files (recycle policy) are dropped when read.
"""

from __future__ import annotations

import datetime
import posixpath
import secrets
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mock_server.wire import ApiError


def _stamp(seconds: float) -> str:
    return datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc).strftime(
        "%Y-%m-%dT%H:%M:%SZ"
    )


def under(path: str, root: str) -> bool:
    return root in ("", "/") or path == root or path.startswith(root.rstrip("/") + "/")


def rebase(path: str, old_root: str, new_root: str) -> str:
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
