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
    """What the service says about one session; ``tool_list`` is the raw JSON text."""

    __slots__ = ("app_instance_id", "resource_id", "session_id", "success", "resource_url",
                 "status", "link_url", "ws_url", "_token", "tool_list")  # fmt: skip

    def __init__(
        self, app_instance_id: str = "", resource_id: str = "", session_id: str = "",
        success: bool = False, resource_url: str = "", status: str = "", link_url: str = "",
        ws_url: str = "", token: str = "", tool_list: str = "",
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
        self.tool_list = tool_list

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
        session_ids: list[str] | None = None, next_token: str = "", max_results: int = 0,
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


class SessionMetrics(Record):
    """A session's resource usage, from ``Session.get_metrics()``.

    Rates are in kilobytes per second, traffic in kilobytes; the ``*_kbps`` and ``*_kb``
    arguments and properties are the official SDK's older names for the same values.
    """

    __slots__ = ("cpu_count", "cpu_used_pct", "disk_total", "disk_used", "mem_total", "mem_used",
                 "rx_rate_kbyte_per_s", "tx_rate_kbyte_per_s", "rx_used_kbyte", "tx_used_kbyte",
                 "timestamp")  # fmt: skip

    def __init__(
        self, cpu_count: int = 0, cpu_used_pct: float = 0.0, disk_total: int = 0,
        disk_used: int = 0, mem_total: int = 0, mem_used: int = 0,
        rx_rate_kbyte_per_s: float = 0.0, tx_rate_kbyte_per_s: float = 0.0,
        rx_used_kbyte: float = 0.0, tx_used_kbyte: float = 0.0, timestamp: str = "",
        rx_rate_kbps: float | None = None, tx_rate_kbps: float | None = None,
        rx_used_kb: float | None = None, tx_used_kb: float | None = None,
    ) -> None:  # fmt: skip
        self.cpu_count = cpu_count
        self.cpu_used_pct = cpu_used_pct
        self.disk_total = disk_total
        self.disk_used = disk_used
        self.mem_total = mem_total
        self.mem_used = mem_used
        self.rx_rate_kbyte_per_s = float(rx_rate_kbyte_per_s or rx_rate_kbps or 0.0)
        self.tx_rate_kbyte_per_s = float(tx_rate_kbyte_per_s or tx_rate_kbps or 0.0)
        self.rx_used_kbyte = float(rx_used_kbyte or rx_used_kb or 0.0)
        self.tx_used_kbyte = float(tx_used_kbyte or tx_used_kb or 0.0)
        self.timestamp = timestamp

    @property
    def rx_rate_kbps(self) -> float:
        return self.rx_rate_kbyte_per_s

    @property
    def tx_rate_kbps(self) -> float:
        return self.tx_rate_kbyte_per_s

    @property
    def rx_used_kb(self) -> float:
        return self.rx_used_kbyte

    @property
    def tx_used_kb(self) -> float:
        return self.tx_used_kbyte


class SessionMetricsResult(ApiResponse):
    """Result of ``Session.get_metrics()``: ``metrics``, and the tool's JSON answer in ``raw``."""

    __slots__ = ("success", "metrics", "error_message", "raw")

    def __init__(
        self, request_id: str = "", success: bool = False, metrics: SessionMetrics | None = None,
        error_message: str = "", raw: dict[str, Any] | None = None,
    ) -> None:  # fmt: skip
        super().__init__(request_id)
        self.success = success
        self.metrics = metrics
        self.error_message = error_message
        self.raw = raw if raw is not None else {}


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

    ``success`` is false when the code raised (see ``error``) or the call failed; as in the
    official SDK it defaults to true. ``result`` is the main text output, falling back to stdout.
    """

    __slots__ = ("execution_count", "execution_time", "logs", "results", "error",
                 "error_message", "success")  # fmt: skip

    def __init__(
        self, request_id: str = "", execution_count: int | None = None,
        execution_time: float = 0.0, logs: ExecutionLogs | None = None,
        results: list[ExecutionResult] | None = None, error: ExecutionError | None = None,
        error_message: str = "", success: bool = True,
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
