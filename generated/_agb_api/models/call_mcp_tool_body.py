from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="CallMcpToolBody")


@_attrs_define
class CallMcpToolBody:
    """
    Attributes:
        session_id (str):
        name (str): The tool's name
        args (str | Unset): (json) The arguments object. Omitted means {}.
        server (str | Unset): The MCP server that hosts the tool (optional).
    """

    session_id: str
    name: str
    args: str | Unset = UNSET
    server: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        session_id = self.session_id

        name = self.name

        args = self.args

        server = self.server

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "sessionId": session_id,
                "name": name,
            }
        )
        if args is not UNSET:
            field_dict["args"] = args
        if server is not UNSET:
            field_dict["server"] = server

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        session_id = d.pop("sessionId")

        name = d.pop("name")

        args = d.pop("args", UNSET)

        server = d.pop("server", UNSET)

        call_mcp_tool_body = cls(
            session_id=session_id,
            name=name,
            args=args,
            server=server,
        )

        call_mcp_tool_body.additional_properties = d
        return call_mcp_tool_body

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
