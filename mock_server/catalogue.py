"""The images the mock knows and the MCP tool list each image offers (names, descriptions,
input schemas, servers), as listTools and createSession's toolList report them."""

from __future__ import annotations

from typing import Any

CODE, BROWSER, COMPUTER = "code", "browser", "computer"
IMAGE_KINDS = (CODE, BROWSER, COMPUTER)

DEFAULT_IMAGES: dict[str, str] = {
    "agb-code-space-1": CODE,
    "agb-code-space-2": CODE,
    "agb-browser-use-1": BROWSER,
    "agb-computer-use-ubuntu-2204": COMPUTER,
}

#: Tools whose behaviour the mock really implements (see tools.py).
EXECUTABLE_TOOLS = frozenset(
    {"run_code", "shell", "create_directory", "edit_file", "get_file_info", "list_directory"}
    | {"move_file", "delete_file", "read_file", "write_file", "read_multiple_files"}
    | {"search_files", "get_file_change"}
)


def _obj(required: list[str], **props: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "properties": props, "required": required}


def _str(description: str) -> dict[str, Any]:
    return {"type": "string", "description": description}


def _int(description: str) -> dict[str, Any]:
    return {"type": "integer", "description": description}


def _tool(server: str, name: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": name,
        "description": description,
        "inputSchema": schema,
        "server": server,
        "tool": name,
    }


_LANGUAGES = {"type": "string", "enum": ["python", "javascript", "java", "r"]}
RUN_CODE = _tool(
    "wuying_codespace",
    "run_code",
    "Run a code cell (python, javascript, java or r) and return its results, stdout, stderr.",
    _obj(
        ["code", "language"],
        code=_str("The source code to run."),
        language={**_LANGUAGES, "description": "The language of the code."},
        timeout_s=_int("Seconds before the run is stopped (default 60)."),
    ),
)
SHELL = _tool(
    "wuying_shell",
    "shell",
    "Run a shell command and return its stdout, stderr and exit code.",
    _obj(
        ["command"],
        command=_str("The command line, run with bash -c."),
        timeout_ms=_int("Milliseconds before the command is stopped (default 50000)."),
        cwd=_str("Working directory (default: the session's home)."),
        envs={"type": "object", "additionalProperties": {"type": "string"}},
    ),
)
_PATH = _str("Absolute path in the session (relative paths start at /home/user).")


def _file_tool(name: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
    """A file tool; no ``server``, so every SDK sends it through ``POST /mcp``."""
    return {"name": name, "description": description, "inputSchema": schema, "tool": name}


_STRINGS = {"type": "array", "items": {"type": "string"}}
FILE_TOOLS = [
    _file_tool(
        "create_directory", "Create a directory and its parents.", _obj(["path"], path=_PATH)
    ),
    _file_tool(
        "edit_file",
        "Replace exact text in a file; answers a unified diff (dryRun: diff only).",
        _obj(
            ["path", "edits"],
            path=_PATH,
            edits={
                "type": "array",
                "items": _obj(
                    ["oldText", "newText"],
                    oldText=_str("Text to find."),
                    newText=_str("Replacement."),
                ),
            },
            dryRun={"type": "boolean"},
        ),
    ),
    _file_tool(
        "get_file_info",
        "Metadata of a file or directory, one 'key: value' per line.",
        _obj(["path"], path=_PATH),
    ),
    _file_tool(
        "list_directory",
        "List a directory, one '[DIR] name' or '[FILE] name' per line.",
        _obj(["path"], path=_PATH),
    ),
    _file_tool(
        "move_file",
        "Move or rename a file or directory.",
        _obj(["source", "destination"], source=_PATH, destination=_PATH),
    ),
    _file_tool("delete_file", "Delete a file or a directory tree.", _obj(["path"], path=_PATH)),
    _file_tool(
        "read_file",
        "Read a byte range of a file: UTF-8 text, or base64 with format 'binary'.",
        _obj(
            ["path"],
            path=_PATH,
            offset=_int("First byte to read (default 0)."),
            length=_int("Bytes to read (default: to the end)."),
            format={"type": "string", "enum": ["text", "binary"]},
        ),
    ),
    _file_tool(
        "write_file",
        "Write text to a file (UTF-8), creating parent directories.",
        _obj(
            ["path", "content"],
            path=_PATH,
            content=_str("Text to write."),
            mode={"type": "string", "enum": ["overwrite", "append"]},
        ),
    ),
    _file_tool(
        "read_multiple_files",
        "Read several files: '<path>:' then the content, files separated by '---' lines.",
        _obj(["paths"], paths=_STRINGS),
    ),
    _file_tool(
        "search_files",
        "Find paths under a directory whose name matches a glob, recursively.",
        _obj(
            ["path", "pattern"],
            path=_PATH,
            pattern=_str("Glob, e.g. *.txt."),
            excludePatterns=_STRINGS,
        ),
    ),
    _file_tool(
        "get_file_change",
        "Changes under a path since the previous call: JSON [{eventType, path, pathType}].",
        _obj(["path"], path=_PATH),
    ),
]
FILE_TOOL_NAMES = frozenset(tool["name"] for tool in FILE_TOOLS)
BROWSER_TOOLS = [
    _tool(
        "wuying_page_use",
        "page_use_navigate",
        "Open a URL in the browser.",
        _obj(["url"], url=_str("The URL to open.")),
    ),
    _tool("wuying_page_use", "page_use_screenshot", "Capture the current page.", _obj([])),
]
COMPUTER_TOOLS = [
    _tool("wuying_ui", "system_screenshot", "Capture the desktop.", _obj([])),
    _tool("wuying_ui", "get_screen_size", "Report the screen size.", _obj([])),
    _tool(
        "wuying_ui",
        "click_mouse",
        "Click at a position.",
        _obj(["x", "y"], x=_int("X"), y=_int("Y"), button=_str("left, right or middle")),
    ),
    _tool("wuying_ui", "input_text", "Type text.", _obj(["text"], text=_str("The text."))),
]

TOOLS_BY_KIND: dict[str, list[dict[str, Any]]] = {
    CODE: [RUN_CODE, SHELL, *FILE_TOOLS],
    BROWSER: [SHELL, *FILE_TOOLS, *BROWSER_TOOLS],
    COMPUTER: [SHELL, *FILE_TOOLS, *COMPUTER_TOOLS],
}


def parse_image_option(option: str) -> tuple[str, str]:
    """``ID`` or ``ID=kind`` (kind: code, browser, computer; default code)."""
    image_id, _, kind = option.partition("=")
    kind = kind or CODE
    if not image_id or kind not in IMAGE_KINDS:
        raise ValueError(f"bad image {option!r}: expected ID or ID=code|browser|computer")
    return image_id, kind
