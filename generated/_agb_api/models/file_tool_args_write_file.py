from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.file_tool_args_write_file_mode import (
    FileToolArgsWriteFileMode,
    check_file_tool_args_write_file_mode,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="FileToolArgsWriteFile")


@_attrs_define
class FileToolArgsWriteFile:
    """Tool `write_file`: write UTF-8 text, creating missing parent directories (choice). Answer text ignored.

    Attributes:
        path (str):
        content (str):
        mode (FileToolArgsWriteFileMode | Unset):  Default: 'overwrite'.
    """

    path: str
    content: str
    mode: FileToolArgsWriteFileMode | Unset = "overwrite"
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        path = self.path

        content = self.content

        mode: str | Unset = UNSET
        if not isinstance(self.mode, Unset):
            mode = self.mode

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "path": path,
                "content": content,
            }
        )
        if mode is not UNSET:
            field_dict["mode"] = mode

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        path = d.pop("path")

        content = d.pop("content")

        _mode = d.pop("mode", UNSET)
        mode: FileToolArgsWriteFileMode | Unset
        if isinstance(_mode, Unset):
            mode = UNSET
        else:
            mode = check_file_tool_args_write_file_mode(_mode)

        file_tool_args_write_file = cls(
            path=path,
            content=content,
            mode=mode,
        )

        file_tool_args_write_file.additional_properties = d
        return file_tool_args_write_file

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
