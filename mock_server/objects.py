"""Presigned URLs: the mock's stand-in for the object storage behind contexts.

GetContextFileUploadUrl / GetContextFileDownloadUrl hand out ``<base>/_oss/<token>``; the token is
bound to one context, one file path and one method, and expires (``expireTime``, epoch
seconds). ``PUT`` stores the raw body as the file (200 + ``ETag``), ``GET`` answers its bytes
(404 when the file is absent). No API key: the token is the credential, as with real presigned
URLs. Errors are the storage service's XML documents. Bodies can be up to ``MAX_OBJECT_BYTES``;
the HTTP edge spools them to disk (``MockRequest.body_file``) and streams downloads
(``MockReply.body_file``).
"""

from __future__ import annotations

import hashlib
import secrets
import shutil
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from mock_server.context_store import Context, ContextStore
from mock_server.params import Params
from mock_server.wire import OBJECT_PREFIX, MockReply, MockRequest, new_request_id

MAX_OBJECT_BYTES = 64 * 1024 * 1024
URL_TTL_S = 3600


@dataclass(frozen=True)
class Grant:
    context_id: str
    owner: str
    path: str
    method: str
    expires: float


def _error(status: int, code: str, message: str) -> MockReply:
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<Error>'
        f"<Code>{code}</Code><Message>{escape(message)}</Message>"
        f"<RequestId>{new_request_id()}</RequestId></Error>"
    )
    return MockReply(status, body.encode(), {"content-type": "application/xml"})


def _md5(path: Path) -> str:
    digest = hashlib.md5(usedforsecurity=False)
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest().upper()


class ObjectGateway:
    """Signs URLs for the context endpoints and serves them."""

    def __init__(self, store: ContextStore, ttl_s: float = URL_TTL_S) -> None:
        self.store = store
        self.ttl_s = ttl_s
        self._lock = threading.Lock()
        self._grants: dict[str, Grant] = {}

    def sign(self, params: Params, context: Context, path: str, method: str) -> tuple[str, int]:
        """A URL allowing ``method`` on ``path`` of ``context`` until the returned epoch second."""
        expires = int(time.time() + self.ttl_s)
        token = secrets.token_urlsafe(24)
        with self._lock:
            now = time.time()
            self._grants = {k: g for k, g in self._grants.items() if g.expires > now}
            self._grants[token] = Grant(context.context_id, context.owner, path, method, expires)
        return f"{params.base_url.rstrip('/')}{OBJECT_PREFIX}{token}", expires

    def spool_path(self) -> Path:
        """Where an adapter may spool an incoming body before calling :meth:`handle`."""
        return self.store.new_blob()

    def reset(self) -> None:
        with self._lock:
            self._grants.clear()

    def handle(self, request: MockRequest) -> MockReply:
        token = request.path.removeprefix(OBJECT_PREFIX)
        method = request.method.upper()
        with self._lock:
            grant = self._grants.get(token)
        if grant is None:
            return _error(403, "AccessDenied", "The presigned URL is not valid.")
        if grant.expires <= time.time():
            return _error(403, "AccessDenied", "Request has expired.")
        if method not in (grant.method, "HEAD" if grant.method == "GET" else ""):
            reply = _error(405, "MethodNotAllowed", f"This URL is signed for {grant.method}.")
            reply.headers["allow"] = grant.method
            return reply
        try:
            context = self.store.get(grant.owner, grant.context_id)
        except Exception:
            return _error(404, "NoSuchBucket", "The context no longer exists.")
        if method == "PUT":
            return self._put(request, context, grant.path)
        stored = self.store.find(context, grant.path)
        if stored is None:
            return _error(404, "NoSuchKey", "The specified key does not exist.")
        headers = {"content-type": "application/octet-stream", "etag": f'"{stored.file_id}"'}
        return MockReply(200, b"", headers, body_file=stored.blob)

    def _put(self, request: MockRequest, context: Context, path: str) -> MockReply:
        blob = self.store.new_blob()
        if request.body_file is not None:
            shutil.move(request.body_file, blob)
        else:
            blob.write_bytes(request.body)
        etag = f'"{_md5(blob)}"'
        self.store.put(context, path, blob)
        return MockReply(200, b"", {"etag": etag})
