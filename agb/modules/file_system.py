"""Compatibility path: the official SDK's ``agb.modules.file_system``; see ``agb.file_system``."""

from ..file_results import (
    DirectoryListResult,
    FileChangeEvent,
    FileChangeResult,
    FileContentResult,
    FileInfoResult,
    FileSearchResult,
    MultipleFileContentResult,
)
from ..file_system import AsyncFileSystem, FileSystem
from ..results import ApiResponse, BoolResult

__all__ = [
    "ApiResponse",
    "AsyncFileSystem",
    "BoolResult",
    "DirectoryListResult",
    "FileChangeEvent",
    "FileChangeResult",
    "FileContentResult",
    "FileInfoResult",
    "FileSearchResult",
    "FileSystem",
    "MultipleFileContentResult",
]
