from typing import Literal, cast

FileToolArgsWriteFileMode = Literal["append", "overwrite"]

FILE_TOOL_ARGS_WRITE_FILE_MODE_VALUES: set[FileToolArgsWriteFileMode] = {
    "append",
    "overwrite",
}


def check_file_tool_args_write_file_mode(value: str) -> FileToolArgsWriteFileMode:
    if value in FILE_TOOL_ARGS_WRITE_FILE_MODE_VALUES:
        return cast(FileToolArgsWriteFileMode, value)
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {FILE_TOOL_ARGS_WRITE_FILE_MODE_VALUES!r}"
    )
