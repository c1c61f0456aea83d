from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.file_tool_args_read_file_format import (
    FileToolArgsReadFileFormat,
    check_file_tool_args_read_file_format,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="FileToolArgsReadFile")


@_attrs_define
class FileToolArgsReadFile:
    """Tool `read_file`: `length` bytes from byte `offset` (both always sent by clients).
    Answer: the bytes decoded as UTF-8 (choice: invalid sequences replaced), or with
    `format: binary` their standard base64. A directory or a missing path is an error.

        Attributes:
            path (str):
            offset (int | Unset): In bytes.
            length (int | Unset): In bytes; reading past the end returns what there is.
            format_ (FileToolArgsReadFileFormat | Unset): Absent for text.
    """

    path: str
    offset: int | Unset = UNSET
    length: int | Unset = UNSET
    format_: FileToolArgsReadFileFormat | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        path = self.path

        offset = self.offset

        length = self.length

        format_: str | Unset = UNSET
        if not isinstance(self.format_, Unset):
            format_ = self.format_

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "path": path,
            }
        )
        if offset is not UNSET:
            field_dict["offset"] = offset
        if length is not UNSET:
            field_dict["length"] = length
        if format_ is not UNSET:
            field_dict["format"] = format_

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        path = d.pop("path")

        offset = d.pop("offset", UNSET)

        length = d.pop("length", UNSET)

        _format_ = d.pop("format", UNSET)
        format_: FileToolArgsReadFileFormat | Unset
        if isinstance(_format_, Unset):
            format_ = UNSET
        else:
            format_ = check_file_tool_args_read_file_format(_format_)

        file_tool_args_read_file = cls(
            path=path,
            offset=offset,
            length=length,
            format_=format_,
        )

        file_tool_args_read_file.additional_properties = d
        return file_tool_args_read_file

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
