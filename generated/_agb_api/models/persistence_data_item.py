from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="PersistenceDataItem")


@_attrs_define
class PersistenceDataItem:
    """One context mounted into a new session.

    Attributes:
        context_id (str):
        path (str): Where the context's data appears in the session.
        policy (str): (json) A `SyncPolicy` object encoded as a string. The official SDK encodes it with
            Python's `json.dumps` defaults: keys in the order `uploadPolicy`, `downloadPolicy`,
            `deletePolicy`, `extractPolicy`, `recyclePolicy`, `bwList`, then `mappingPolicy`
            only when set; separators `", "` and `": "`; non-ASCII characters kept as is.
    """

    context_id: str
    path: str
    policy: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        context_id = self.context_id

        path = self.path

        policy = self.policy

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "contextId": context_id,
                "path": path,
                "policy": policy,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        context_id = d.pop("contextId")

        path = d.pop("path")

        policy = d.pop("policy")

        persistence_data_item = cls(
            context_id=context_id,
            path=path,
            policy=policy,
        )

        persistence_data_item.additional_properties = d
        return persistence_data_item

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
