"""Compatibility package: the official SDK's ``agb.modules`` (``agb.modules.file_system``)."""

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
