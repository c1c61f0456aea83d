from typing import Literal, cast

FileToolArgsReadFileFormat = Literal["binary"]

FILE_TOOL_ARGS_READ_FILE_FORMAT_VALUES: set[FileToolArgsReadFileFormat] = {
    "binary",
}


def check_file_tool_args_read_file_format(value: str) -> FileToolArgsReadFileFormat:
    if value in FILE_TOOL_ARGS_READ_FILE_FORMAT_VALUES:
        return cast(FileToolArgsReadFileFormat, value)
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {FILE_TOOL_ARGS_READ_FILE_FORMAT_VALUES!r}"
    )
