"""The result objects every call returns, with the official SDK's class and field names.

A call to the service never raises for what the service or the network did: it returns one of
these with ``success=False``, a clear ``error_message`` and, when the service sent one, the
``request_id``. On success ``error_message`` is ``""``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from attrs import Factory, define

if TYPE_CHECKING:
    from .session import AsyncSession, Session


@define
class ApiResponse:
    """Base of every result: the id the service gave the request, ``""`` if none."""

    request_id: str = ""

    def get_request_id(self) -> str:
        return self.request_id


@define
class SessionResult(ApiResponse):
    """Result of ``create()`` and ``get()``: the ``session`` on success."""

    success: bool = False
    error_message: str = ""
    session: Session | AsyncSession | None = None


@define
class DeleteResult(ApiResponse):
    """Result of ``delete()``."""

    success: bool = False
    error_message: str = ""


@define
class OperationResult(ApiResponse):
    """Result of an operation with an optional payload in ``data``."""

    success: bool = False
    data: Any = None
    error_message: str = ""


@define
class BoolResult(ApiResponse):
    """Result of an operation whose payload is a yes/no answer."""

    success: bool = False
    data: bool | None = None
    error_message: str = ""


@define
class GetSessionData:
    """What the service says about one session."""

    app_instance_id: str = ""
    resource_id: str = ""
    session_id: str = ""
    success: bool = False
    resource_url: str = ""
    status: str = ""
    link_url: str = ""
    ws_url: str = ""


@define
class GetSessionResult(ApiResponse):
    """Result of ``get_session()``."""

    http_status_code: int = 0
    code: str = ""
    success: bool = False
    data: GetSessionData | None = None
    error_message: str = ""


@define
class SessionListResult(ApiResponse):
    """One page of ``list()``: ids on this page, the total over all pages, the next token."""

    success: bool = False
    error_message: str = ""
    session_ids: list[str] = Factory(list)
    next_token: str = ""
    max_results: int = 10
    total_count: int = 0


@define
class SessionStatusResult(ApiResponse):
    """Result of ``Session.get_status()``: ``RUNNING``, ``DELETING`` or ``FINISH``."""

    http_status_code: int = 0
    code: str = ""
    success: bool = False
    status: str = ""
    error_message: str = ""


@define
class McpTool:
    """One MCP tool an image offers."""

    name: str = ""
    description: str = ""
    input_schema: dict[str, Any] = Factory(dict)
    server: str = ""
    tool: str = ""


@define
class McpToolResult(ApiResponse):
    """Result of ``call_mcp_tool()``: the tool's text answer in ``data``."""

    success: bool = False
    data: str | None = None
    error_message: str = ""


@define
class McpToolsResult(ApiResponse):
    """Result of ``list_mcp_tools()``."""

    success: bool = False
    tools: list[McpTool] = Factory(list)
    error_message: str = ""


@define
class ExecutionResult:
    """One rich output of a code cell (the last expression's value, a display call)."""

    text: str | None = None
    html: str | None = None
    markdown: str | None = None
    png: str | None = None
    jpeg: str | None = None
    svg: str | None = None
    json: Any = None
    latex: str | None = None
    chart: Any = None
    is_main_result: bool = False


@define
class ExecutionLogs:
    """What a code cell wrote to stdout and stderr, in chunks."""

    stdout: list[str] = Factory(list)
    stderr: list[str] = Factory(list)


@define
class ExecutionError:
    """The exception a code cell raised."""

    name: str = ""
    value: str = ""
    traceback: str = ""


@define
class EnhancedCodeExecutionResult(ApiResponse):
    """Result of ``session.code.run()``.

    ``success`` is false when the code raised (see ``error``) or the call failed.
    ``result`` is the main text output, falling back to stdout.
    """

    execution_count: int | None = None
    execution_time: float = 0.0
    logs: ExecutionLogs = Factory(ExecutionLogs)
    results: list[ExecutionResult] = Factory(list)
    error: ExecutionError | None = None
    error_message: str = ""
    success: bool = False

    @property
    def result(self) -> str:
        main = [r.text for r in self.results if r.is_main_result and r.text]
        if main:
            return main[0]
        if self.results and self.results[0].text:
            return self.results[0].text
        return "".join(self.logs.stdout)


@define
class CommandResult(ApiResponse):
    """Result of ``session.command.execute_command()``; ``success`` means exit code 0."""

    success: bool = False
    output: str = ""
    error_message: str = ""
    exit_code: int | None = None
    stdout: str = ""
    stderr: str = ""
    trace_id: str = ""
