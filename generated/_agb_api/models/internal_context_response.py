from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.internal_context import InternalContext


T = TypeVar("T", bound="InternalContextResponse")


@_attrs_define
class InternalContextResponse:
    """
    Attributes:
        success (bool | Unset): The API-level outcome.
        code (str | Unset): "ok" on success, else an error code such as "InvalidMcpSession.NotFound".
        message (str | Unset): A human-readable reason on failure.
        request_id (str | Unset): The id of this request; clients surface it on every result.
        http_status_code (int | Unset): The status the service meant (may differ from the HTTP status).
        data (list[InternalContext] | None | Unset): The internal contexts; null means none.
    """

    success: bool | Unset = UNSET
    code: str | Unset = UNSET
    message: str | Unset = UNSET
    request_id: str | Unset = UNSET
    http_status_code: int | Unset = UNSET
    data: list[InternalContext] | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        success = self.success

        code = self.code

        message = self.message

        request_id = self.request_id

        http_status_code = self.http_status_code

        data: list[dict[str, Any]] | None | Unset
        if isinstance(self.data, Unset):
            data = UNSET
        elif isinstance(self.data, list):
            data = []
            for data_type_0_item_data in self.data:
                data_type_0_item = data_type_0_item_data.to_dict()
                data.append(data_type_0_item)

        else:
            data = self.data

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

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.internal_context import InternalContext

        d = dict(src_dict)
        success = d.pop("success", UNSET)

        code = d.pop("code", UNSET)

        message = d.pop("message", UNSET)

        request_id = d.pop("requestId", UNSET)

        http_status_code = d.pop("httpStatusCode", UNSET)

        def _parse_data(data: object) -> list[InternalContext] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                data_type_0 = []
                _data_type_0 = data
                for data_type_0_item_data in _data_type_0:
                    data_type_0_item = InternalContext.from_dict(data_type_0_item_data)

                    data_type_0.append(data_type_0_item)

                return data_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[InternalContext] | None | Unset, data)

        data = _parse_data(d.pop("data", UNSET))

        internal_context_response = cls(
            success=success,
            code=code,
            message=message,
            request_id=request_id,
            http_status_code=http_status_code,
            data=data,
        )

        internal_context_response.additional_properties = d
        return internal_context_response

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
