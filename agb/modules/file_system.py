"""Compatibility path: the official SDK's ``agb.modules.file_system``; see ``agb.file_system``."""

from ..context_results import DownloadResult, UploadResult
from ..file_results import (
    BinaryFileContentResult,
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
    "BinaryFileContentResult",
    "BoolResult",
    "DirectoryListResult",
    "DownloadResult",
    "FileChangeEvent",
    "FileChangeResult",
    "FileContentResult",
    "FileInfoResult",
    "FileSearchResult",
    "FileSystem",
    "MultipleFileContentResult",
    "UploadResult",
]
