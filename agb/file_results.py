"""The results of ``session.file``, with the official SDK's class and field names and defaults.

Like every result, they carry ``request_id``, ``success`` and ``error_message`` (``""`` on
success). Re-exported from ``agb.model.response`` and ``agb.modules.file_system``.

Example:
    >>> result = session.file.info("/tmp/hello.txt")
    >>> result.success, result.file_info["size"]
    (True, 11)
"""

from __future__ import annotations

from typing import Any

from ._record import Record
from ._translate import checked
from .results import ApiResponse


class FileChangeEvent(Record):
    """One change seen by ``get_file_change``: ``event_type`` (create, modify, delete), ``path``
    and ``path_type`` (file, directory)."""

    __slots__ = ("event_type", "path", "path_type")

    def __init__(self, event_type: str = "", path: str = "", path_type: str = "") -> None:
        self.event_type = event_type
        self.path = path
        self.path_type = path_type

    def to_dict(self) -> dict[str, str]:
        """The event as the service writes it (``eventType``, ``path``, ``pathType``)."""
        return {"eventType": self.event_type, "path": self.path, "pathType": self.path_type}

    @classmethod
    def from_dict(cls, data: dict[str, Any], where: str = "") -> FileChangeEvent:
        """Read one event of the service's JSON array; a missing or ``null`` field is ``""``.

        A field that is not a string raises ``WrongTypeError`` (a ``ValueError``) naming it,
        as ``<where>.<key>`` when ``where`` says which event it is.

        Example:
            >>> FileChangeEvent.from_dict({"eventType": "create", "path": "/tmp/a"}).path
            '/tmp/a'
        """

        def field(key: str) -> str:
            return checked(data.get(key), str, f"{where}.{key}" if where else key, "")  # type: ignore[no-any-return]

        return cls(field("eventType"), field("path"), field("pathType"))


class _FileResult(ApiResponse):
    __slots__ = ("success", "error_message")

    def __init__(self, request_id: str, success: bool, error_message: str) -> None:
        super().__init__(request_id)
        self.success = success
        self.error_message = error_message


class FileInfoResult(_FileResult):
    """Result of ``info``: ``file_info`` maps keys such as ``size``, ``isDirectory``, ``modified``
    to values (bools and numbers already converted)."""

    __slots__ = ("file_info",)

    def __init__(
        self, request_id: str = "", success: bool = False,
        file_info: dict[str, Any] | None = None, error_message: str = "",
    ) -> None:  # fmt: skip
        super().__init__(request_id, success, error_message)
        self.file_info = file_info or {}


class DirectoryListResult(_FileResult):
    """Result of ``list``: ``entries`` is a list of ``{"name": str, "isDirectory": bool}``."""

    __slots__ = ("entries",)

    def __init__(
        self, request_id: str = "", success: bool = False,
        entries: list[dict[str, Any]] | None = None, error_message: str = "",
    ) -> None:  # fmt: skip
        super().__init__(request_id, success, error_message)
        self.entries = entries or []


class FileContentResult(_FileResult):
    """Result of ``read`` (text): the whole file as ``content``."""

    __slots__ = ("content",)

    def __init__(
        self, request_id: str = "", success: bool = False, content: str = "",
        error_message: str = "",
    ) -> None:  # fmt: skip
        super().__init__(request_id, success, error_message)
        self.content = content


class BinaryFileContentResult(_FileResult):
    """Result of ``read(path, format="bytes")``: the file's bytes and their count, ``size``."""

    __slots__ = ("content", "size")

    def __init__(
        self, request_id: str = "", success: bool = False, content: bytes = b"",
        error_message: str = "", size: int | None = None,
    ) -> None:  # fmt: skip
        super().__init__(request_id, success, error_message)
        self.content = content
        self.size = size


class MultipleFileContentResult(_FileResult):
    """Result of ``read_batch``: ``contents`` maps each path to its (stripped) text."""

    __slots__ = ("contents",)

    def __init__(
        self, request_id: str = "", success: bool = False, contents: dict[str, str] | None = None,
        error_message: str = "",
    ) -> None:  # fmt: skip
        super().__init__(request_id, success, error_message)
        self.contents = contents or {}


class FileSearchResult(_FileResult):
    """Result of ``search``: the full paths that match, one per entry of ``matches``."""

    __slots__ = ("matches",)

    def __init__(
        self, request_id: str = "", success: bool = False, matches: list[str] | None = None,
        error_message: str = "",
    ) -> None:  # fmt: skip
        super().__init__(request_id, success, error_message)
        self.matches = matches or []


class FileChangeResult(_FileResult):
    """Result of ``_get_file_change``: the ``events`` since the previous look, and the tool's
    ``raw_data`` text."""

    __slots__ = ("events", "raw_data")

    def __init__(
        self, request_id: str = "", success: bool = False,
        events: list[FileChangeEvent] | None = None, raw_data: str = "", error_message: str = "",
    ) -> None:  # fmt: skip
        super().__init__(request_id, success, error_message)
        self.events = events or []
        self.raw_data = raw_data

    def has_changes(self) -> bool:
        """True when at least one event was seen."""
        return bool(self.events)

    def _files(self, kind: str) -> list[str]:
        return [e.path for e in self.events if e.event_type == kind and e.path_type == "file"]

    def get_modified_files(self) -> list[str]:
        """Paths of the files that were modified."""
        return self._files("modify")

    def get_created_files(self) -> list[str]:
        """Paths of the files that were created."""
        return self._files("create")

    def get_deleted_files(self) -> list[str]:
        """Paths of the files that were deleted."""
        return self._files("delete")
