"""The result classes of contexts, context sync and file transfer, with the official names.

Unlike the session results (``agb.results``), the context results default ``error_message`` to
``None``, and ``UploadResult``/``DownloadResult`` carry one request id per step instead of
``request_id``, as in the official SDK. They are re-exported where the official SDK has them:
``agb.context``, ``agb.context_manager`` and ``agb.model.response``.
"""

from __future__ import annotations

from typing import Any

from ._record import Record
from .results import ApiResponse, OperationResult


class Context(Record):
    """A persistent storage context of the account: ``id``, ``name`` and its times."""

    __slots__ = ("id", "name", "created_at", "last_used_at")

    def __init__(
        self, id: str, name: str, created_at: str | None = None, last_used_at: str | None = None
    ) -> None:
        self.id = id
        self.name = name
        self.created_at = created_at
        self.last_used_at = last_used_at


class ContextResult(ApiResponse):
    """Result of ``agb.context.get()`` and ``create()``: the ``context`` and its id."""

    __slots__ = ("success", "context_id", "context", "error_message")

    def __init__(
        self, request_id: str = "", success: bool = False, context_id: str = "",
        context: Context | None = None, error_message: str | None = None,
    ) -> None:  # fmt: skip
        super().__init__(request_id)
        self.success = success
        self.context_id = context_id
        self.context = context
        self.error_message = error_message


class ContextListResult(ApiResponse):
    """One page of ``agb.context.list()``."""

    __slots__ = ("success", "contexts", "next_token", "max_results", "total_count",
                 "error_message")  # fmt: skip

    def __init__(
        self, request_id: str = "", success: bool = False, contexts: list[Context] | None = None,
        next_token: str | None = None, max_results: int | None = None,
        total_count: int | None = None, error_message: str | None = None,
    ) -> None:  # fmt: skip
        super().__init__(request_id)
        self.success = success
        self.contexts = contexts if contexts is not None else []
        self.next_token = next_token
        self.max_results = max_results
        self.total_count = total_count
        self.error_message = error_message


class ContextFileEntry(Record):
    """One file of a context, as ``agb.context.list_files()`` reports it."""

    __slots__ = ("file_id", "file_name", "file_path", "file_type", "gmt_create", "gmt_modified",
                 "size", "status")  # fmt: skip

    def __init__(
        self, file_id: str, file_name: str, file_path: str, file_type: str | None = None,
        gmt_create: str | None = None, gmt_modified: str | None = None, size: int | None = None,
        status: str | None = None,
    ) -> None:  # fmt: skip
        self.file_id = file_id
        self.file_name = file_name
        self.file_path = file_path
        self.file_type = file_type
        self.gmt_create = gmt_create
        self.gmt_modified = gmt_modified
        self.size = size
        self.status = status


class FileUrlResult(ApiResponse):
    """A presigned URL for one context file and when it expires (epoch seconds)."""

    __slots__ = ("success", "url", "expire_time", "error_message")

    def __init__(
        self, request_id: str = "", success: bool = False, url: str = "",
        expire_time: int | None = None, error_message: str | None = None,
    ) -> None:  # fmt: skip
        super().__init__(request_id)
        self.success = success
        self.url = url
        self.expire_time = expire_time
        self.error_message = error_message


class ContextFileListResult(ApiResponse):
    """One page of ``agb.context.list_files()``; ``count`` is the total over all pages."""

    __slots__ = ("success", "entries", "count", "error_message")

    def __init__(
        self, request_id: str = "", success: bool = False,
        entries: list[ContextFileEntry] | None = None, count: int | None = None,
        error_message: str | None = None,
    ) -> None:  # fmt: skip
        super().__init__(request_id)
        self.success = success
        self.entries = entries or []
        self.count = count
        self.error_message = error_message


class ClearContextResult(OperationResult):
    """Where clearing a context stands: ``status`` is ``clearing`` until ``available``."""

    __slots__ = ("status", "context_id")

    def __init__(
        self, request_id: str = "", success: bool = False, error_message: str = "",
        status: str | None = None, context_id: str | None = None,
    ) -> None:  # fmt: skip
        super().__init__(request_id, success, None, error_message)
        self.status = status
        self.context_id = context_id


class ContextStatusData(Record):
    """One context-sync task of a session: ``task_type`` ``download``/``upload`` and ``status``
    (``Success`` and ``Failed`` are final)."""

    __slots__ = ("context_id", "path", "error_message", "status", "start_time", "finish_time",
                 "task_type")  # fmt: skip

    def __init__(
        self, context_id: str = "", path: str = "", error_message: str = "", status: str = "",
        start_time: int = 0, finish_time: int = 0, task_type: str = "",
    ) -> None:  # fmt: skip
        self.context_id = context_id
        self.path = path
        self.error_message = error_message
        self.status = status
        self.start_time = start_time
        self.finish_time = finish_time
        self.task_type = task_type

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ContextStatusData:
        return cls(
            context_id=data.get("contextId", ""),
            path=data.get("path", ""),
            error_message=data.get("errorMessage", ""),
            status=data.get("status", ""),
            start_time=data.get("startTime", 0),
            finish_time=data.get("finishTime", 0),
            task_type=data.get("taskType", ""),
        )


class ContextInfoResult(ApiResponse):
    """Result of ``session.context.info()``: the session's sync tasks."""

    __slots__ = ("success", "context_status_data", "error_message")

    def __init__(
        self, request_id: str = "", success: bool = False,
        context_status_data: list[ContextStatusData] | None = None,
        error_message: str | None = None,
    ) -> None:  # fmt: skip
        super().__init__(request_id)
        self.success = success
        self.context_status_data = context_status_data or []
        self.error_message = error_message


class ContextSyncResult(ApiResponse):
    """Result of ``session.context.sync()``: false when a task ``Failed`` or never finished."""

    __slots__ = ("success", "error_message")

    def __init__(
        self, request_id: str = "", success: bool = False, error_message: str = ""
    ) -> None:
        super().__init__(request_id)
        self.success = success
        self.error_message = error_message


class UploadResult(Record):
    """Result of ``session.file.upload()``; ``error_message`` is None on success."""

    __slots__ = ("success", "request_id_upload_url", "request_id_sync", "http_status", "etag",
                 "bytes_sent", "path", "error_message")  # fmt: skip

    def __init__(
        self, success: bool = False, request_id_upload_url: str | None = None,
        request_id_sync: str | None = None, http_status: int | None = None,
        etag: str | None = None, bytes_sent: int = 0, path: str = "",
        error_message: str | None = None,
    ) -> None:  # fmt: skip
        self.success = success
        self.request_id_upload_url = request_id_upload_url
        self.request_id_sync = request_id_sync
        self.http_status = http_status
        self.etag = etag
        self.bytes_sent = bytes_sent
        self.path = path
        self.error_message = error_message


class DownloadResult(Record):
    """Result of ``session.file.download()``; ``error_message`` is None on success."""

    __slots__ = ("success", "request_id_download_url", "request_id_sync", "http_status",
                 "bytes_received", "path", "local_path", "error_message")  # fmt: skip

    def __init__(
        self, success: bool = False, request_id_download_url: str | None = None,
        request_id_sync: str | None = None, http_status: int | None = None,
        bytes_received: int = 0, path: str = "", local_path: str = "",
        error_message: str | None = None,
    ) -> None:  # fmt: skip
        self.success = success
        self.request_id_download_url = request_id_download_url
        self.request_id_sync = request_id_sync
        self.http_status = http_status
        self.bytes_received = bytes_received
        self.path = path
        self.local_path = local_path
        self.error_message = error_message
