from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.context_summary import ContextSummary


T = TypeVar("T", bound="ListContextsResponse")


@_attrs_define
class ListContextsResponse:
    """
    Attributes:
        success (bool | Unset): The API-level outcome.
        code (str | Unset): "ok" on success, else an error code such as "InvalidMcpSession.NotFound".
        message (str | Unset): A human-readable reason on failure.
        request_id (str | Unset): The id of this request; clients surface it on every result.
        http_status_code (int | Unset): The status the service meant (may differ from the HTTP status).
        data (list[ContextSummary] | Unset): The payload; its shape depends on the operation.
        next_token (str | Unset): Token of the next page; empty on the last page.
        max_results (int | Unset):
        total_count (int | Unset): The number of contexts over all pages.
    """

    success: bool | Unset = UNSET
    code: str | Unset = UNSET
    message: str | Unset = UNSET
    request_id: str | Unset = UNSET
    http_status_code: int | Unset = UNSET
    data: list[ContextSummary] | Unset = UNSET
    next_token: str | Unset = UNSET
    max_results: int | Unset = UNSET
    total_count: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        success = self.success

        code = self.code

        message = self.message

        request_id = self.request_id

        http_status_code = self.http_status_code

        data: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.data, Unset):
            data = []
            for data_item_data in self.data:
                data_item = data_item_data.to_dict()
                data.append(data_item)

        next_token = self.next_token

        max_results = self.max_results

        total_count = self.total_count

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if success is not UNSET:
            field_dict["success"] = success
        if code is not UNSET:
            field_dict["code"] = code
        if message is not UNSET:
            field_dict["message"] = message
        if request_id is not UNSET:
            field_dict["requestId"] = request_id
        if http_status_code is not UNSET:
            field_dict["httpStatusCode"] = http_status_code
        if data is not UNSET:
            field_dict["data"] = data
        if next_token is not UNSET:
            field_dict["nextToken"] = next_token
        if max_results is not UNSET:
            field_dict["maxResults"] = max_results
        if total_count is not UNSET:
            field_dict["totalCount"] = total_count

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.context_summary import ContextSummary

        d = dict(src_dict)
        success = d.pop("success", UNSET)

        code = d.pop("code", UNSET)

        message = d.pop("message", UNSET)

        request_id = d.pop("requestId", UNSET)

        http_status_code = d.pop("httpStatusCode", UNSET)

        _data = d.pop("data", UNSET)
        data: list[ContextSummary] | Unset = UNSET
        if _data is not UNSET:
            data = []
            for data_item_data in _data:
                data_item = ContextSummary.from_dict(data_item_data)

                data.append(data_item)

        next_token = d.pop("nextToken", UNSET)

        max_results = d.pop("maxResults", UNSET)

        total_count = d.pop("totalCount", UNSET)

        list_contexts_response = cls(
            success=success,
            code=code,
            message=message,
            request_id=request_id,
            http_status_code=http_status_code,
            data=data,
            next_token=next_token,
            max_results=max_results,
            total_count=total_count,
        )

        list_contexts_response.additional_properties = d
        return list_contexts_response

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
