from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.file_change_event_event_type import (
    FileChangeEventEventType,
    check_file_change_event_event_type,
)
from ..models.file_change_event_path_type import (
    FileChangeEventPathType,
    check_file_change_event_path_type,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="FileChangeEvent")


@_attrs_define
class FileChangeEvent:
    """
    Attributes:
        event_type (FileChangeEventEventType | Unset):
        path (str | Unset): Absolute session path.
        path_type (FileChangeEventPathType | Unset):
    """

    event_type: FileChangeEventEventType | Unset = UNSET
    path: str | Unset = UNSET
    path_type: FileChangeEventPathType | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        event_type: str | Unset = UNSET
        if not isinstance(self.event_type, Unset):
            event_type = self.event_type

        path = self.path

        path_type: str | Unset = UNSET
        if not isinstance(self.path_type, Unset):
            path_type = self.path_type

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if event_type is not UNSET:
            field_dict["eventType"] = event_type
        if path is not UNSET:
            field_dict["path"] = path
        if path_type is not UNSET:
            field_dict["pathType"] = path_type

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        _event_type = d.pop("eventType", UNSET)
        event_type: FileChangeEventEventType | Unset
        if isinstance(_event_type, Unset):
            event_type = UNSET
        else:
            event_type = check_file_change_event_event_type(_event_type)

        path = d.pop("path", UNSET)

        _path_type = d.pop("pathType", UNSET)
        path_type: FileChangeEventPathType | Unset
        if isinstance(_path_type, Unset):
            path_type = UNSET
        else:
            path_type = check_file_change_event_path_type(_path_type)

        file_change_event = cls(
            event_type=event_type,
            path=path,
            path_type=path_type,
        )

        file_change_event.additional_properties = d
        return file_change_event

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
