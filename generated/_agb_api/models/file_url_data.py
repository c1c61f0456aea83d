from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="FileUrlData")


@_attrs_define
class FileUrlData:
    """
    Attributes:
        url (str | Unset): An absolute http(s) URL, presigned: use it without the API key.
        expire_time (int | Unset): Epoch seconds after which the URL is refused (choice: 3600 s after issue).
    """

    url: str | Unset = UNSET
    expire_time: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        url = self.url

        expire_time = self.expire_time

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if url is not UNSET:
            field_dict["url"] = url
        if expire_time is not UNSET:
            field_dict["expireTime"] = expire_time

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        url = d.pop("url", UNSET)

        expire_time = d.pop("expireTime", UNSET)

        file_url_data = cls(
            url=url,
            expire_time=expire_time,
        )

        file_url_data.additional_properties = d
        return file_url_data

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
