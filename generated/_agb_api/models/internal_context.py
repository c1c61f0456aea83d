from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="InternalContext")


@_attrs_define
class InternalContext:
    """
    Attributes:
        context_id (str | Unset):
        context_type (str | Unset): e.g. `file_transfer`.
        context_path (str | Unset): Where the context is mounted in the session.
    """

    context_id: str | Unset = UNSET
    context_type: str | Unset = UNSET
    context_path: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        context_id = self.context_id

        context_type = self.context_type

        context_path = self.context_path

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if context_id is not UNSET:
            field_dict["contextId"] = context_id
        if context_type is not UNSET:
            field_dict["contextType"] = context_type
        if context_path is not UNSET:
            field_dict["contextPath"] = context_path

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        context_id = d.pop("contextId", UNSET)

        context_type = d.pop("contextType", UNSET)

        context_path = d.pop("contextPath", UNSET)

        internal_context = cls(
            context_id=context_id,
            context_type=context_type,
            context_path=context_path,
        )

        internal_context.additional_properties = d
        return internal_context

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
