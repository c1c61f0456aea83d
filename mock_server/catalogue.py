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
EXECUTABLE_TOOLS = frozenset({"run_code", "shell", "read_file", "write_file", "list_directory"})


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
FILE_TOOLS = [
    _tool(
        "wuying_filesystem",
        "read_file",
        "Read a text file.",
        _obj(
            ["path"],
            path=_str("Path of the file."),
            offset=_int("First byte to read."),
            length=_int("Bytes to read."),
        ),
    ),
    _tool(
        "wuying_filesystem",
        "write_file",
        "Write a text file, creating parent directories.",
        _obj(
            ["path", "content"],
            path=_str("Path of the file."),
            content=_str("Text to write."),
            mode={"type": "string", "enum": ["overwrite", "append"]},
        ),
    ),
    _tool(
        "wuying_filesystem",
        "list_directory",
        "List a directory, one '[DIR] name' or '[FILE] name' per line.",
        _obj(["path"], path=_str("Path of the directory.")),
    ),
]
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
