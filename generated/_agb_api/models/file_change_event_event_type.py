from typing import Literal, cast

FileChangeEventEventType = Literal["create", "delete", "modify"]

FILE_CHANGE_EVENT_EVENT_TYPE_VALUES: set[FileChangeEventEventType] = {
    "create",
    "delete",
    "modify",
}


def check_file_change_event_event_type(value: str) -> FileChangeEventEventType:
    if value in FILE_CHANGE_EVENT_EVENT_TYPE_VALUES:
        return cast(FileChangeEventEventType, value)
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {FILE_CHANGE_EVENT_EVENT_TYPE_VALUES!r}"
    )
