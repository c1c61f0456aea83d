from typing import Literal, cast

ContextSyncTaskTaskType = Literal["download", "upload"]

CONTEXT_SYNC_TASK_TASK_TYPE_VALUES: set[ContextSyncTaskTaskType] = {
    "download",
    "upload",
}


def check_context_sync_task_task_type(value: str) -> ContextSyncTaskTaskType:
    if value in CONTEXT_SYNC_TASK_TASK_TYPE_VALUES:
        return cast(ContextSyncTaskTaskType, value)
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {CONTEXT_SYNC_TASK_TASK_TYPE_VALUES!r}"
    )
