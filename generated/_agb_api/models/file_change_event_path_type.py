from typing import Literal, cast

FileChangeEventPathType = Literal["directory", "file"]

FILE_CHANGE_EVENT_PATH_TYPE_VALUES: set[FileChangeEventPathType] = {
    "directory",
    "file",
}


def check_file_change_event_path_type(value: str) -> FileChangeEventPathType:
    if value in FILE_CHANGE_EVENT_PATH_TYPE_VALUES:
        return cast(FileChangeEventPathType, value)
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {FILE_CHANGE_EVENT_PATH_TYPE_VALUES!r}"
    )
