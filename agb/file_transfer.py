"""File transfer between this machine and a session: ``session.file.upload``/``download``.

Bytes never travel through the AGB API. Each session has an internal ``file_transfer`` context
(found once per session with GetAndLoadInternalContext) mounted at ``transfer_path()``. An
upload ``PUT``s the local file to a presigned URL of that context, then has the session download
the context folder (SyncContext ``download``) and waits for that task; a download has the
session upload the folder first, then ``GET``s the presigned URL. The ``PUT``/``GET`` stream
with bounded memory and carry no API key (``agb._raw_http``).

Seam with ``agb.file_system``: the operations are written once here, in the mixin
``_TransferOps``, which the file-system classes (``session.file``) inherit. It needs only
``_session_id`` and ``_transport`` and keeps the resolved transfer context in
``_transfer_context``; ``FileTransfer``/``AsyncFileTransfer`` are the mixin alone, for sessions
built without the file-system module.

Example:
    >>> remote = session.file.transfer_path() + "/data.csv"
    >>> session.file.upload("data.csv", remote).success
    True
    >>> session.file.download(remote, "copy.csv").bytes_received
    1234
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from pathlib import PurePosixPath
from typing import Any, TypeVar

from . import _translate
from ._plan import Call, Moved, Plan, Reply, Sleep, Steps, Transfer, answered, operation
from .context import _empty, growing, url_steps
from .context_manager import info_call, info_steps, sync_steps
from .context_results import DownloadResult, UploadResult

T = TypeVar("T")
FINISHED = frozenset({"success", "successful", "ok", "finished", "done", "completed", "complete"})
_SYNC_POLLS, _SYNC_INTERVAL_MS = 150, 1500
_HTTP_MARGIN_S = 120.0


class _FallbackPlan(Plan[T]):
    """A plan whose failure result is built by ``fallback(error)`` (results without
    ``request_id``, or plain values such as ``transfer_path``'s)."""

    __slots__ = ("fallback",)

    def __init__(
        self, name: str, result_type: type[T], steps: Steps[T], fallback: Callable[[str], T],
        min_timeout_ms: float = 0.0,
    ) -> None:  # fmt: skip
        super().__init__(name, result_type, steps, None, min_timeout_ms)
        self.fallback = fallback

    def failed(self, request_id: str, error: str) -> T:
        return self.fallback(error)


def remote_dir(remote_path: str) -> str | None:
    """The folder to sync for ``remote_path``: its parent; the path itself when it ends in
    ``/``; None (sync everything) for a bare name."""
    raw = remote_path.strip().replace("\\", "/") if isinstance(remote_path, str) else ""
    if not raw:
        return None
    if raw.endswith("/"):
        return raw.rstrip("/") or "/"
    parent = str(PurePosixPath(raw).parent)
    return None if parent == "." else parent


class _TransferOps:
    __slots__ = ("_session_id", "_transport", "_transfer_context")

    def __init__(self, session_id: str, transport: Any) -> None:
        self._session_id = session_id
        self._transport = transport
        self._transfer_context: tuple[str, str] | None = None

    def _context_steps(self) -> Steps[tuple[str, str, str]]:
        """(context id, context path, error): the session's file_transfer context, asked once."""
        if self._transfer_context is not None:
            return (*self._transfer_context, "")
        kwargs = {"body": _empty(), "session_id": self._session_id,
                  "context_types": json.dumps(["file_transfer"])}  # fmt: skip
        reply: Reply = yield Call("get_and_load_internal_context", kwargs, True, self._session_id)
        if not reply.ok:
            return "", "", reply.error
        data = reply.parsed.data
        for i, item in enumerate(data if isinstance(data, list) else ()):
            context_id = _translate.text_field(item, "context_id", f"data[{i}]")
            context_path = _translate.text_field(item, "context_path", f"data[{i}]")
            if context_id and context_path:
                self._transfer_context = (context_id, context_path)
                return context_id, context_path, ""
        return "", "", "Response contains no data"

    @operation
    def transfer_path(self) -> Plan[str | None]:
        """The session folder whose files can be uploaded and downloaded, or None if unknown.

        Example:
            >>> session.file.transfer_path()
            '/tmp/file_transfer'
        """
        return _FallbackPlan("FileSystem.transfer_path", str, self._path_steps(),
                             lambda error: None)  # fmt: skip

    def _path_steps(self) -> Steps[str | None]:
        _, path, _ = yield from self._context_steps()
        return path or None

    @operation
    def upload(
        self, local_path: str, remote_path: str, *, content_type: str | None = None,
        wait: bool = True, wait_timeout: float = 30.0, poll_interval: float = 1.5,
        progress_cb: Callable[[int], None] | None = None,
    ) -> Plan[UploadResult]:  # fmt: skip
        """Upload the local file ``local_path`` to ``remote_path`` in the session (a path under
        ``transfer_path()``). With ``wait``, returns once the file is in the session, waiting at
        most ``wait_timeout`` seconds for that. ``progress_cb(bytes_sent)`` reports progress.

        Example:
            >>> session.file.upload("report.csv", session.file.transfer_path() + "/report.csv")
        """

        def fail(error: str) -> UploadResult:
            return UploadResult(path=remote_path, error_message=error)

        if not isinstance(local_path, str) or not os.path.isfile(local_path):
            steps: Steps[UploadResult] = answered(fail(f"Local file not found: {local_path}"))
        else:
            steps = self._upload_steps(
                local_path, remote_path, content_type, wait, float(wait_timeout),
                float(poll_interval), progress_cb,
            )  # fmt: skip
        budget = (wait_timeout + _HTTP_MARGIN_S) * 1000
        return _FallbackPlan("FileSystem.upload", UploadResult, steps, fail, budget)

    def _upload_steps(
        self, local_path: str, remote_path: str, content_type: str | None, wait: bool,
        wait_timeout: float, poll_interval: float, progress: Callable[[int], None] | None,
    ) -> Steps[UploadResult]:  # fmt: skip
        result = UploadResult(path=remote_path)
        context_id, _, error = yield from self._context_steps()
        if error:
            result.error_message = error
            return result
        url = yield from url_steps(self._url_call("get_context_file_upload_url", context_id,
                                                  remote_path))  # fmt: skip
        result.request_id_upload_url = url.request_id or None
        if not url.success:
            result.error_message = f"get_file_upload_url failed: {url.error_message}"
            return result
        moved: Moved = yield Transfer("PUT", url.url, local_path, content_type, progress)
        result.http_status, result.etag = moved.status or None, moved.etag
        result.bytes_sent = moved.size if not moved.error else 0
        if moved.error or moved.status not in (200, 201, 204):
            result.error_message = moved.error or f"Upload failed with HTTP {moved.status}"
            return result
        result.request_id_sync, why = yield from self._sync_steps(
            context_id, remote_path, "download", wait, wait_timeout, poll_interval
        )
        result.success = not why
        result.error_message = f"Upload sync not finished: {why}" if why else None
        return result

    @operation
    def download(
        self, remote_path: str, local_path: str, *, overwrite: bool = True, wait: bool = True,
        wait_timeout: float = 30.0, poll_interval: float = 1.5,
        progress_cb: Callable[[int], None] | None = None,
    ) -> Plan[DownloadResult]:  # fmt: skip
        """Download ``remote_path`` (a path under ``transfer_path()``) to the local file
        ``local_path``, creating its folder. ``local_path`` is written only when complete.

        Example:
            >>> session.file.download(session.file.transfer_path() + "/out.csv", "out.csv")
        """

        def fail(error: str) -> DownloadResult:
            return DownloadResult(path=remote_path, local_path=local_path, error_message=error)

        if not overwrite and os.path.exists(local_path):
            why = f"Destination exists and overwrite=False: {local_path}"
            steps: Steps[DownloadResult] = answered(fail(why))
        else:
            steps = self._download_steps(remote_path, local_path, wait, float(wait_timeout),
                                         float(poll_interval), progress_cb)  # fmt: skip
        budget = (wait_timeout + _HTTP_MARGIN_S) * 1000
        return _FallbackPlan("FileSystem.download", DownloadResult, steps, fail, budget)

    def _download_steps(
        self, remote_path: str, local_path: str, wait: bool, wait_timeout: float,
        poll_interval: float, progress: Callable[[int], None] | None,
    ) -> Steps[DownloadResult]:  # fmt: skip
        result = DownloadResult(path=remote_path, local_path=local_path)
        context_id, _, error = yield from self._context_steps()
        if error:
            result.error_message = error
            return result
        result.request_id_sync, why = yield from self._sync_steps(
            context_id, remote_path, "upload", wait, wait_timeout, poll_interval
        )
        if why:
            result.error_message = f"Download sync not finished: {why}"
            return result
        url = yield from url_steps(self._url_call("get_context_file_download_url", context_id,
                                                  remote_path))  # fmt: skip
        result.request_id_download_url = url.request_id or None
        if not url.success:
            result.error_message = f"get_file_download_url failed: {url.error_message}"
            return result
        moved: Moved = yield Transfer("GET", url.url, local_path, None, progress)
        result.http_status = moved.status or None
        if moved.error or moved.status != 200:
            result.error_message = moved.error or f"Download failed with HTTP {moved.status}"
            return result
        result.bytes_received = moved.size
        result.success = True
        return result

    def _sync_steps(
        self, context_id: str, remote_path: str, mode: str, wait: bool, wait_timeout: float,
        poll_interval: float,
    ) -> Steps[tuple[str | None, str]]:  # fmt: skip
        """Sync the folder of ``remote_path`` in ``mode`` and, with ``wait``, wait for its task:
        (the sync's request id, why it did not finish or "")."""
        folder = remote_dir(remote_path)
        synced = yield from sync_steps(self._session_id, context_id, folder, mode,
                                       _SYNC_POLLS, _SYNC_INTERVAL_MS)  # fmt: skip
        why = ""
        if wait:
            why = yield from self._wait_task(context_id, folder, mode, wait_timeout, poll_interval)
        return synced.request_id or None, why

    def _url_call(self, endpoint: str, context_id: str, remote_path: str) -> Call:
        kwargs = {"body": _empty(), "context_id": context_id, "file_path": remote_path}
        return Call(endpoint, kwargs, True, self._session_id)

    def _wait_task(
        self, context_id: str, folder: str | None, task_type: str, timeout: float, cap_s: float
    ) -> Steps[str]:
        """Poll until the task of this context, folder and type is finished: "" when it
        succeeded, else why not."""
        give_up = time.monotonic() + timeout
        interval, last = 0.0, "task not finished"
        while True:
            info = yield from info_steps(info_call(self._session_id, context_id, folder,
                                                   task_type))  # fmt: skip
            if not info.success:
                last = f"info error: {info.error_message}"
            for task in info.context_status_data:
                if (task.context_id, task.path, task.task_type) != (context_id, folder, task_type):
                    continue
                if task.error_message:
                    return f"Task error: {task.error_message}"
                if str(task.status).lower() in FINISHED:
                    return ""
            interval = growing(interval, cap_s)
            if time.monotonic() + interval > give_up:
                return last
            remaining = yield Sleep(interval)
            if remaining <= 0:
                return "timeout"


class FileTransfer(_TransferOps):
    """Transfer for a ``Session``: ``upload``, ``download`` and ``transfer_path``."""

    __slots__ = ()


class AsyncFileTransfer(_TransferOps):
    """Transfer for an ``AsyncSession``: the same calls, awaited."""

    __slots__ = ()


__all__ = ["AsyncFileTransfer", "FileTransfer", "remote_dir"]
