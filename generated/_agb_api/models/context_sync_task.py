from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.context_sync_task_task_type import (
    ContextSyncTaskTaskType,
    check_context_sync_task_task_type,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="ContextSyncTask")


@_attrs_define
class ContextSyncTask:
    """One synchronisation task, as found inside `contextStatus`.

    Attributes:
        context_id (str | Unset):
        path (str | Unset):
        error_message (str | Unset): Empty unless the task failed.
        status (str | Unset): `Pending`, `Running`, `Success` or `Failed`.
        start_time (int | Unset): Epoch seconds.
        finish_time (int | Unset): Epoch seconds; 0 while not finished.
        task_type (ContextSyncTaskTaskType | Unset):
    """

    context_id: str | Unset = UNSET
    path: str | Unset = UNSET
    error_message: str | Unset = UNSET
    status: str | Unset = UNSET
    start_time: int | Unset = UNSET
    finish_time: int | Unset = UNSET
    task_type: ContextSyncTaskTaskType | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        context_id = self.context_id

        path = self.path

        error_message = self.error_message

        status = self.status

        start_time = self.start_time

        finish_time = self.finish_time

        task_type: str | Unset = UNSET
        if not isinstance(self.task_type, Unset):
            task_type = self.task_type

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if context_id is not UNSET:
            field_dict["contextId"] = context_id
        if path is not UNSET:
            field_dict["path"] = path
        if error_message is not UNSET:
            field_dict["errorMessage"] = error_message
        if status is not UNSET:
            field_dict["status"] = status
        if start_time is not UNSET:
            field_dict["startTime"] = start_time
        if finish_time is not UNSET:
            field_dict["finishTime"] = finish_time
        if task_type is not UNSET:
            field_dict["taskType"] = task_type

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        context_id = d.pop("contextId", UNSET)

        path = d.pop("path", UNSET)

        error_message = d.pop("errorMessage", UNSET)

        status = d.pop("status", UNSET)

        start_time = d.pop("startTime", UNSET)

        finish_time = d.pop("finishTime", UNSET)

        _task_type = d.pop("taskType", UNSET)
        task_type: ContextSyncTaskTaskType | Unset
        if isinstance(_task_type, Unset):
            task_type = UNSET
        else:
            task_type = check_context_sync_task_task_type(_task_type)

        context_sync_task = cls(
            context_id=context_id,
            path=path,
            error_message=error_message,
            status=status,
            start_time=start_time,
            finish_time=finish_time,
            task_type=task_type,
        )

        context_sync_task.additional_properties = d
        return context_sync_task

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
