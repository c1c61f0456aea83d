from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="FileToolArgsSearchFiles")


@_attrs_define
class FileToolArgsSearchFiles:
    """Tool `search_files`. Answer: FileToolTextSearchMatches.

    Attributes:
        path (str):
        pattern (str): A glob matched against names, recursively under `path` (choice).
        exclude_patterns (list[str] | Unset): Globs of names to skip; sent only when non-empty.
    """

    path: str
    pattern: str
    exclude_patterns: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        path = self.path

        pattern = self.pattern

        exclude_patterns: list[str] | Unset = UNSET
        if not isinstance(self.exclude_patterns, Unset):
            exclude_patterns = self.exclude_patterns

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "path": path,
                "pattern": pattern,
            }
        )
        if exclude_patterns is not UNSET:
            field_dict["excludePatterns"] = exclude_patterns

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        path = d.pop("path")

        pattern = d.pop("pattern")

        exclude_patterns = cast(list[str], d.pop("excludePatterns", UNSET))

        file_tool_args_search_files = cls(
            path=path,
            pattern=pattern,
            exclude_patterns=exclude_patterns,
        )

        file_tool_args_search_files.additional_properties = d
        return file_tool_args_search_files

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
