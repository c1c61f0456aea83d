"""The official SDK's ``agb.modules`` package: ``file_system``, ``code`` and ``command`` paths."""

from ..results import BoolResult as FileSystemBoolResult
from .file_system import (
    DirectoryListResult,
    FileContentResult,
    FileInfoResult,
    FileSystem,
    MultipleFileContentResult,
)

__all__ = [
    "DirectoryListResult",
    "FileContentResult",
    "FileInfoResult",
    "FileSystem",
    "FileSystemBoolResult",
    "MultipleFileContentResult",
]
