from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.persistence_data_item import PersistenceDataItem


T = TypeVar("T", bound="CreateSessionBody")


@_attrs_define
class CreateSessionBody:
    """
    Attributes:
        labels (str | Unset): (json) A string->string map of labels. Omitted when there are none.
        session_id (str | Unset): A caller-chosen session id (optional).
        context_id (str | Unset):
        mcp_policy_id (str | Unset):
        timeout (int | Unset): Idle release timeout in seconds (`CreateSessionParams.idle_release_timeout`).
        persistence_data_list (list[PersistenceDataItem] | Unset): Contexts to mount into the new session
            (`CreateSessionParams.context_syncs`), a real
            JSON array. Each item's context is downloaded into the session at `path` when the
            session starts (one `download` task per item, readable with GetContextInfo); with
            `autoUpload` the session's data at `path` is uploaded back to the context when the
            session is released. Omitted when there are no items. Choice: an item naming a
            context the account does not have does not fail the creation; its `download` task
            ends `Failed` with a non-empty `errorMessage`.
    """

    labels: str | Unset = UNSET
    session_id: str | Unset = UNSET
    context_id: str | Unset = UNSET
    mcp_policy_id: str | Unset = UNSET
    timeout: int | Unset = UNSET
    persistence_data_list: list[PersistenceDataItem] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        labels = self.labels

        session_id = self.session_id

        context_id = self.context_id

        mcp_policy_id = self.mcp_policy_id

        timeout = self.timeout

        persistence_data_list: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.persistence_data_list, Unset):
            persistence_data_list = []
            for persistence_data_list_item_data in self.persistence_data_list:
                persistence_data_list_item = persistence_data_list_item_data.to_dict()
                persistence_data_list.append(persistence_data_list_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if labels is not UNSET:
            field_dict["labels"] = labels
        if session_id is not UNSET:
            field_dict["sessionId"] = session_id
        if context_id is not UNSET:
            field_dict["contextId"] = context_id
        if mcp_policy_id is not UNSET:
            field_dict["mcpPolicyId"] = mcp_policy_id
        if timeout is not UNSET:
            field_dict["timeout"] = timeout
        if persistence_data_list is not UNSET:
            field_dict["persistenceDataList"] = persistence_data_list

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.persistence_data_item import PersistenceDataItem

        d = dict(src_dict)
        labels = d.pop("labels", UNSET)

        session_id = d.pop("sessionId", UNSET)

        context_id = d.pop("contextId", UNSET)

        mcp_policy_id = d.pop("mcpPolicyId", UNSET)

        timeout = d.pop("timeout", UNSET)

        _persistence_data_list = d.pop("persistenceDataList", UNSET)
        persistence_data_list: list[PersistenceDataItem] | Unset = UNSET
        if _persistence_data_list is not UNSET:
            persistence_data_list = []
            for persistence_data_list_item_data in _persistence_data_list:
                persistence_data_list_item = PersistenceDataItem.from_dict(
                    persistence_data_list_item_data
                )

                persistence_data_list.append(persistence_data_list_item)

        create_session_body = cls(
            labels=labels,
            session_id=session_id,
            context_id=context_id,
            mcp_policy_id=mcp_policy_id,
            timeout=timeout,
            persistence_data_list=persistence_data_list,
        )

        create_session_body.additional_properties = d
        return create_session_body

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
