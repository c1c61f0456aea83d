"""session.file's import paths, result defaults and text parsing, against the reference formats."""

from __future__ import annotations

import re

import pytest

from agb._translate import WrongTypeError
from agb.file_system import (
    parse_file_changes,
    parse_file_info,
    parse_multiple_files,
)
from agb.model.response import (
    BinaryFileContentResult,
    DirectoryListResult,
    FileChangeResult,
    FileContentResult,
    FileInfoResult,
    FileSearchResult,
    MultipleFileContentResult,
)
from agb.modules import FileSystem, FileSystemBoolResult
from agb.modules.file_system import FileChangeEvent
from agb.results import BoolResult


def test_official_import_paths() -> None:
    from agb.modules.file_system import FileSystem as Same

    assert Same is FileSystem and FileSystemBoolResult is BoolResult


@pytest.mark.parametrize(
    ("result", "payload"),
    [
        (FileInfoResult(), ("file_info", {})),
        (DirectoryListResult(), ("entries", [])),
        (FileContentResult(), ("content", "")),
        (BinaryFileContentResult(), ("content", b"")),
        (MultipleFileContentResult(), ("contents", {})),
        (FileSearchResult(), ("matches", [])),
        (FileChangeResult(), ("events", [])),
    ],
)
def test_results_default_like_the_official_ones(
    result: object, payload: tuple[str, object]
) -> None:
    assert result.request_id == "" and result.success is False
    assert result.error_message == ""
    assert getattr(result, payload[0]) == payload[1]


def test_binary_result_positional_order() -> None:
    result = BinaryFileContentResult("R", True, b"ab", "", 2)
    assert (result.request_id, result.success, result.content, result.size) == ("R", True, b"ab", 2)


def test_file_info_text() -> None:
    text = "name: a.txt\nsize: 12\nisDirectory: false\nratio: 0.5\nmodified: 2025-01-01T00:00:00Z\n"
    assert parse_file_info(text) == {
        "name": "a.txt", "size": 12, "isDirectory": False, "ratio": 0.5,
        "modified": "2025-01-01T00:00:00Z",
    }  # fmt: skip


def test_multiple_files_text() -> None:
    text = "/tmp/a.txt: Content 1\n\n---\n/tmp/b.txt: \nContent 2"
    assert parse_multiple_files(text) == {"/tmp/a.txt": "Content 1", "/tmp/b.txt": "Content 2"}
    assert parse_multiple_files("") == {}


def test_file_change_events() -> None:
    raw = '[{"eventType": "create", "path": "/tmp/a", "pathType": "file"},' \
          ' {"eventType": "delete", "path": "/tmp/d", "pathType": "directory"}]'  # fmt: skip
    events = parse_file_changes(raw)
    assert events == [FileChangeEvent("create", "/tmp/a", "file"),
                      FileChangeEvent("delete", "/tmp/d", "directory")]  # fmt: skip
    result = FileChangeResult("R", True, events, raw)
    assert result.has_changes() and result.get_created_files() == ["/tmp/a"]
    assert result.get_deleted_files() == [] and result.get_modified_files() == []
    assert parse_file_changes("") == [] and parse_file_changes("[]") == []
    assert FileChangeEvent.from_dict({"eventType": None}) == FileChangeEvent()


def test_file_change_events_of_the_wrong_type_are_errors_naming_them() -> None:
    """Unlike the official SDK, which skips them, so a broken answer never reads as no change."""
    for raw, field in (
        ("not json", "get_file_change"),
        ("{}", "get_file_change"),
        ('[{"path": "/tmp/a"}, 7]', "get_file_change[1]"),
        ('[{"path": 7}]', "get_file_change[0].path"),
    ):
        with pytest.raises(WrongTypeError, match=rf"the answer's {re.escape(field)} is "):
            parse_file_changes(raw)
    with pytest.raises(WrongTypeError, match="the answer's eventType is int 1"):
        FileChangeEvent.from_dict({"eventType": 1})
