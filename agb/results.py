"""The result objects every call returns, with the official SDK's class and field names.

A call to the service never raises for what the service or the network did: it returns one of
these with ``success=False``, a clear ``error_message`` and, when the service sent one, the
``request_id``. On success ``error_message`` is ``""``. Constructor arguments follow the
official SDK's order.
"""

from __future__ import annotations

from typing import Any

from ._record import Record


class ApiResponse(Record):
    """Base of every result: the id the service gave the request, ``""`` if none."""

    __slots__ = ("request_id",)

    def __init__(self, request_id: str = "") -> None:
        self.request_id = request_id

    def get_request_id(self) -> str:
        return self.request_id


class SessionResult(ApiResponse):
    """Result of ``create()`` and ``get()``: the ``session`` on success.

    ``session`` is a ``Session`` from ``AGB`` and an ``AsyncSession`` from ``AsyncAGB``.
    """

    __slots__ = ("success", "error_message", "session")

    def __init__(
        self, request_id: str = "", success: bool = False, error_message: str = "",
        session: Any = None,
    ) -> None:  # fmt: skip
        super().__init__(request_id)
        self.success = success
        self.error_message = error_message
        self.session = session


class DeleteResult(ApiResponse):
    """Result of ``delete()``."""

    __slots__ = ("success", "error_message")

    def __init__(
        self, request_id: str = "", success: bool = False, error_message: str = ""
    ) -> None:
        super().__init__(request_id)
        self.success = success
        self.error_message = error_message


class OperationResult(ApiResponse):
    """Result of an operation with an optional payload in ``data``."""

    __slots__ = ("success", "data", "error_message")

    def __init__(
        self, request_id: str = "", success: bool = False, data: Any = None, error_message: str = ""
    ) -> None:
        super().__init__(request_id)
        self.success = success
        self.data = data
        self.error_message = error_message


class BoolResult(OperationResult):
    """Result of an operation whose payload is a yes/no answer."""

    __slots__ = ()


class GetSessionData(Record):
    """What the service says about one session."""

    __slots__ = ("app_instance_id", "resource_id", "session_id", "success", "resource_url",
                 "status", "link_url", "ws_url", "_token")  # fmt: skip

    def __init__(
        self, app_instance_id: str = "", resource_id: str = "", session_id: str = "",
        success: bool = False, resource_url: str = "", status: str = "", link_url: str = "",
        ws_url: str = "", token: str = "",
    ) -> None:  # fmt: skip
        self.app_instance_id = app_instance_id
        self.resource_id = resource_id
        self.session_id = session_id
        self.success = success
        self.resource_url = resource_url
        self.status = status
        self.link_url = link_url
        self.ws_url = ws_url
        self._token = token  # a secret: kept out of repr

    @property
    def token(self) -> str:
        """The credential for ``ws_url`` (sent as ``X-Access-Token``)."""
        return self._token


class GetSessionResult(ApiResponse):
    """Result of ``get_session()``."""

    __slots__ = ("http_status_code", "code", "success", "data", "error_message")

    def __init__(
        self, request_id: str = "", http_status_code: int = 0, code: str = "",
        success: bool = False, data: GetSessionData | None = None, error_message: str = "",
    ) -> None:  # fmt: skip
        super().__init__(request_id)
        self.http_status_code = http_status_code
        self.code = code
        self.success = success
        self.data = data
        self.error_message = error_message


class SessionListResult(ApiResponse):
    """One page of ``list()``: ids on this page, the total over all pages, the next token."""

    __slots__ = ("success", "error_message", "session_ids", "next_token", "max_results",
                 "total_count")  # fmt: skip

    def __init__(
        self, request_id: str = "", success: bool = False, error_message: str = "",
        session_ids: list[str] | None = None, next_token: str = "", max_results: int = 10,
        total_count: int = 0,
    ) -> None:  # fmt: skip
        super().__init__(request_id)
        self.success = success
        self.error_message = error_message
        self.session_ids = session_ids if session_ids is not None else []
        self.next_token = next_token
        self.max_results = max_results
        self.total_count = total_count


class SessionStatusResult(ApiResponse):
    """Result of ``Session.get_status()``: ``RUNNING``, ``DELETING`` or ``FINISH``."""

    __slots__ = ("http_status_code", "code", "success", "status", "error_message")

    def __init__(
        self, request_id: str = "", http_status_code: int = 0, code: str = "",
        success: bool = False, status: str = "", error_message: str = "",
    ) -> None:  # fmt: skip
        super().__init__(request_id)
        self.http_status_code = http_status_code
        self.code = code
        self.success = success
        self.status = status
        self.error_message = error_message


class McpTool(Record):
    """One MCP tool an image offers."""

    __slots__ = ("name", "description", "input_schema", "server", "tool")

    def __init__(
        self, name: str = "", description: str = "", input_schema: dict[str, Any] | None = None,
        server: str = "", tool: str = "",
    ) -> None:  # fmt: skip
        self.name = name
        self.description = description
        self.input_schema = input_schema if input_schema is not None else {}
        self.server = server
        self.tool = tool


class McpToolResult(ApiResponse):
    """Result of ``call_mcp_tool()``: the tool's text answer in ``data``."""

    __slots__ = ("success", "data", "error_message")

    def __init__(
        self, request_id: str = "", success: bool = False, data: str | None = None,
        error_message: str = "",
    ) -> None:  # fmt: skip
        super().__init__(request_id)
        self.success = success
        self.data = data
        self.error_message = error_message


class McpToolsResult(ApiResponse):
    """Result of ``list_mcp_tools()``."""

    __slots__ = ("success", "tools", "error_message")

    def __init__(
        self, request_id: str = "", success: bool = False, tools: list[McpTool] | None = None,
        error_message: str = "",
    ) -> None:  # fmt: skip
        super().__init__(request_id)
        self.success = success
        self.tools = tools if tools is not None else []
        self.error_message = error_message


class ExecutionResult(Record):
    """One rich output of a code cell (the last expression's value, a display call)."""

    __slots__ = ("text", "html", "markdown", "png", "jpeg", "svg", "json", "latex", "chart",
                 "is_main_result")  # fmt: skip

    def __init__(
        self, text: str | None = None, html: str | None = None, markdown: str | None = None,
        png: str | None = None, jpeg: str | None = None, svg: str | None = None, json: Any = None,
        latex: str | None = None, chart: Any = None, is_main_result: bool = False,
    ) -> None:  # fmt: skip
        self.text = text
        self.html = html
        self.markdown = markdown
        self.png = png
        self.jpeg = jpeg
        self.svg = svg
        self.json = json
        self.latex = latex
        self.chart = chart
        self.is_main_result = is_main_result


class ExecutionLogs(Record):
    """What a code cell wrote to stdout and stderr, in chunks."""

    __slots__ = ("stdout", "stderr")

    def __init__(self, stdout: list[str] | None = None, stderr: list[str] | None = None) -> None:
        self.stdout = stdout if stdout is not None else []
        self.stderr = stderr if stderr is not None else []


class ExecutionError(Record):
    """The exception a code cell raised."""

    __slots__ = ("name", "value", "traceback")

    def __init__(self, name: str = "", value: str = "", traceback: str = "") -> None:
        self.name = name
        self.value = value
        self.traceback = traceback


class EnhancedCodeExecutionResult(ApiResponse):
    """Result of ``session.code.run()``.

    ``success`` is false when the code raised (see ``error``) or the call failed.
    ``result`` is the main text output, falling back to stdout.
    """

    __slots__ = ("execution_count", "execution_time", "logs", "results", "error",
                 "error_message", "success")  # fmt: skip

    def __init__(
        self, request_id: str = "", execution_count: int | None = None,
        execution_time: float = 0.0, logs: ExecutionLogs | None = None,
        results: list[ExecutionResult] | None = None, error: ExecutionError | None = None,
        error_message: str = "", success: bool = False,
    ) -> None:  # fmt: skip
        super().__init__(request_id)
        self.execution_count = execution_count
        self.execution_time = execution_time
        self.logs = logs if logs is not None else ExecutionLogs()
        self.results = results if results is not None else []
        self.error = error
        self.error_message = error_message
        self.success = success

    @property
    def result(self) -> str:
        main = [r.text for r in self.results if r.is_main_result and r.text]
        if main:
            return main[0]
        if self.results and self.results[0].text:
            return self.results[0].text
        return "".join(self.logs.stdout)


class CommandResult(ApiResponse):
    """Result of ``session.command.execute_command()``; ``success`` means exit code 0."""

    __slots__ = ("success", "output", "error_message", "exit_code", "stdout", "stderr", "trace_id")

    def __init__(
        self, request_id: str = "", success: bool = False, output: str = "",
        error_message: str = "", exit_code: int | None = None, stdout: str = "",
        stderr: str = "", trace_id: str = "",
    ) -> None:  # fmt: skip
        super().__init__(request_id)
        self.success = success
        self.output = output
        self.error_message = error_message
        self.exit_code = exit_code
        self.stdout = stdout
        self.stderr = stderr
        self.trace_id = trace_id
