"""A session (cloud sandbox) and the calls made on it: info, labels, MCP tools, keep-alive, delete.

``Session`` and ``AsyncSession`` share every operation; they differ only in the transport they
run on and in their context-manager protocol. Leaving a ``with`` block deletes the session, also
when the block raised.
"""

from __future__ import annotations

import logging
from importlib import import_module
from typing import TYPE_CHECKING, Any

from . import _translate
from ._plan import Call, Plan, Reply, Sleep, Steps, operation, refused
from .code import AsyncCode, Code
from .command import AsyncCommand, Command
from .errors import check_json, check_labels, check_str, check_tool_timeouts, first
from .mcp import run_tool, tool_call, tool_timeout_ms
from .results import (
    DeleteResult,
    McpToolResult,
    McpToolsResult,
    OperationResult,
    SessionMetricsResult,
    SessionStatusResult,
)

if TYPE_CHECKING:
    from .client import AGB, AsyncAGB
    from .context_manager import AsyncContextManager, ContextManager
    from .file_system import AsyncFileSystem, FileSystem
    from .transport import AsyncTransport, SyncTransport
    from .ws_client import WsClient

logger = logging.getLogger("agb")
_POLL_FIRST_S = 0.05
_POLL_MAX_S = 1.0


class _SessionOps:
    __slots__ = (
        "_transport",
        "agb",
        "app_instance_id",
        "code",
        "command",
        "context",
        "file",
        "image_id",
        "link_url",
        "resource_id",
        "resource_url",
        "session_id",
        "token",
        "tool_list",
        "ws_url",
    )
    _code_type: type[Any]
    _command_type: type[Any]
    # "module.Class" names: file and context code loads on first use of session.file/.context
    _context_type: str
    _file_type: str

    def __init__(self, agb: Any, session_id: str, image_id: str = "") -> None:
        self.agb = agb
        self.session_id = session_id
        self.image_id = image_id
        self.resource_url = self.app_instance_id = self.resource_id = ""
        self.link_url = self.ws_url = self.token = ""
        self.tool_list: list[Any] = []
        self._transport = agb._transport

    def __getattr__(self, name: str) -> Any:
        # ``code``, ``command``, ``context`` and ``file`` are built on first use: most sessions
        # never need them all, and an unset slot lands here. Anything else is a genuine missing
        # attribute.
        if name in ("context", "file"):
            module, _, cls = getattr(self, f"_{name}_type").rpartition(".")
            part = getattr(import_module(f"agb.{module}"), cls)(self.session_id, self._transport)
            setattr(self, name, part)
            return part
        if name == "code":
            self.code = self._code_type(self.session_id, self._transport, self)
            return self.code
        if name == "command":
            self.command = self._command_type(self.session_id, self._transport)
            return self.command
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def __repr__(self) -> str:
        return f"{type(self).__name__}(session_id={self.session_id!r}, image_id={self.image_id!r})"

    def get_session_id(self) -> str:
        """The session's id."""
        return self.session_id

    def get_api_key(self) -> str:
        """The API key of the client this session belongs to."""
        return str(self.agb.api_key)

    def get_client(self) -> Any:
        """The HTTP client (``httpx.Client`` or ``httpx.AsyncClient``) the session's calls use."""
        return self.agb.client

    def get_token(self) -> str:
        """The session's access token, as created or read (``""`` when the service gave none)."""
        return str(self.token)

    def get_link_url(self) -> str:
        """The session's direct link URL (``""`` when the service gave none)."""
        return str(self.link_url)

    def _id_call(self, endpoint: str, *, idempotent: bool = True) -> Call:
        from _agb_api.models import SessionIdBody

        body = SessionIdBody(session_id=self.session_id)
        return Call(endpoint, {"body": body}, idempotent, self.session_id)

    @operation
    def info(self, *, timeout_ms: float | None = None) -> Plan[OperationResult]:
        """Read the session's resource: ``data`` has ``session_id``, ``resource_url`` and, for
        desktop images, ``app_id``, ``auth_code``, ``connection_properties``, ``resource_id``,
        ``resource_type`` and ``ticket``.

        Example:
            >>> session.info().data["resource_url"]
        """
        failure = f"Failed to get session info for session {self.session_id}"
        return Plan(
            "Session.info", OperationResult, self._info_steps(), timeout_ms, failure=failure
        )

    def _info_steps(self) -> Steps[OperationResult]:
        reply: Reply = yield self._id_call("get_mcp_resource")
        if not reply.ok:
            return OperationResult(reply.request_id, error_message=reply.error)
        data = reply.parsed.data
        info: dict[str, Any] = {
            "session_id": _translate.text_field(data, "session_id", default=self.session_id),
            "resource_url": _translate.text_field(data, "resource_url"),
        }
        desktop = getattr(data, "desktop_info", None)
        if hasattr(desktop, "app_id"):
            for name in ("app_id", "auth_code", "connection_properties", "resource_id",
                         "resource_type", "ticket"):  # fmt: skip
                info[name] = _translate.text_field(desktop, name, "data.desktopInfo")
        return OperationResult(reply.request_id, True, info)

    @operation
    def get_status(self, *, timeout_ms: float | None = None) -> Plan[SessionStatusResult]:
        """Read the lifecycle status only: ``RUNNING``, ``DELETING`` or ``FINISH``."""
        failure = f"Failed to get session status {self.session_id}"
        steps = self._status_steps()
        return Plan("Session.get_status", SessionStatusResult, steps, timeout_ms, failure=failure)

    def _status_steps(self) -> Steps[SessionStatusResult]:
        reply: Reply = yield self._id_call("get_session_info")
        status = _translate.text_field(reply.parsed.data, "status") if reply.ok else ""
        return SessionStatusResult(
            reply.request_id, reply.status, reply.code, reply.ok, status, reply.error
        )

    @operation
    def set_labels(
        self, labels: dict[str, str], *, timeout_ms: float | None = None
    ) -> Plan[OperationResult]:
        """Replace the session's labels with ``labels`` (a non-empty ``dict[str, str]``).

        Bad labels (``None``, ``{}``, an empty key or value) answer a failed result, unsent.

        Example:
            >>> session.set_labels({"project": "demo", "environment": "production"}).success
            True
        """
        from _agb_api.models import EmptyBody

        problem = first(check_labels(labels, allow_empty=False), check_json(labels, "labels"))
        if problem:
            return refused("Session.set_labels", OperationResult, problem)
        encoded = _translate.dumps(labels, "labels")
        kwargs = {"body": EmptyBody(), "session_id": self.session_id, "labels": encoded}
        call = Call("set_label", kwargs, True, self.session_id)
        failure = f"Failed to set labels for session {self.session_id}"
        return Plan(
            "Session.set_labels", OperationResult, _plain(call), timeout_ms, failure=failure
        )

    @operation
    def get_labels(self, *, timeout_ms: float | None = None) -> Plan[OperationResult]:
        """Read the session's labels; ``data`` is the ``dict[str, str]``."""
        call = Call("get_label", {"session_id": self.session_id}, True, self.session_id)
        failure = f"Failed to get labels for session {self.session_id}"
        steps = _labels_steps(call, failure)
        return Plan("Session.get_labels", OperationResult, steps, timeout_ms, failure=failure)

    @operation
    def keep_alive(self, *, timeout_ms: float | None = None) -> Plan[OperationResult]:
        """Reset the session's idle timer so it is not released for inactivity."""
        from _agb_api.models import EmptyBody

        kwargs = {"body": EmptyBody(), "session_id": self.session_id}
        call = Call("refresh_session_idle_time", kwargs, True, self.session_id)
        failure = "Failed to refresh session idle time"
        return Plan(
            "Session.keep_alive", OperationResult, _plain(call), timeout_ms, failure=failure
        )

    @operation
    def list_mcp_tools(
        self, image_id: str | None = None, *, timeout_ms: float | None = None
    ) -> Plan[McpToolsResult]:
        """List the MCP tools of ``image_id``, by default the session's image.

        Raises ``ValueError`` when neither is known (a session from ``get()``), as the
        official SDK does.

        Example:
            >>> [tool.name for tool in session.list_mcp_tools().tools]
            ['run_code', 'shell', ...]
        """
        from _agb_api.models import EmptyBody

        image = image_id or self.image_id
        if not image:
            raise ValueError(
                "image_id is required. Provide it as a parameter or set it on the session."
            )
        failure = "Failed to list MCP tools"
        problem = check_str("image_id", image)
        if problem:
            return refused("Session.list_mcp_tools", McpToolsResult, f"{failure}: {problem}")
        call = Call(
            "list_mcp_tools", {"body": EmptyBody(), "image_id": image}, True, self.session_id
        )
        steps = _tools_steps(call)
        return Plan("Session.list_mcp_tools", McpToolsResult, steps, timeout_ms, failure=failure)

    @operation
    def call_mcp_tool(
        self,
        tool_name: str,
        args: dict[str, Any] | None = None,
        read_timeout: float | None = None,
        connect_timeout: float | None = None,
        *,
        server: str | None = None,
        timeout_ms: float | None = None,
    ) -> Plan[McpToolResult]:
        """Call the MCP tool ``tool_name`` with ``args``; ``data`` is the tool's text answer.

        ``read_timeout`` and ``connect_timeout`` (milliseconds) are accepted for compatibility
        with the official SDK and add up to the call's timeout unless ``timeout_ms`` is given.

        Example:
            >>> session.call_mcp_tool("shell", {"command": "ls", "timeout_ms": 1000}).success
            True
        """
        failure = f"Failed to call MCP tool {tool_name}"
        args = {} if args is None else args
        problem = first(
            check_str("tool_name", tool_name),
            "" if isinstance(args, dict) else f"args must be a dict, not {type(args).__name__}",
            check_json(args, "tool args"),
            check_tool_timeouts(read_timeout, connect_timeout),
        )
        if problem:
            return refused("Session.call_mcp_tool", McpToolResult, f"{failure}: {problem}")
        timeout_ms = tool_timeout_ms(read_timeout, connect_timeout, timeout_ms)
        call = tool_call(self.session_id, tool_name, args, server)
        steps = _tool_steps(call, failure)
        return Plan("Session.call_mcp_tool", McpToolResult, steps, timeout_ms, failure=failure)

    @operation
    def get_metrics(
        self,
        read_timeout: float | None = None,
        connect_timeout: float | None = None,
        *,
        timeout_ms: float | None = None,
    ) -> Plan[SessionMetricsResult]:
        """Read the session's CPU, memory, disk and network usage (the ``get_metrics`` tool).

        Example:
            >>> session.get_metrics().metrics.mem_used
        """
        failure = "Failed to get metrics"
        problem = check_tool_timeouts(read_timeout, connect_timeout)
        if problem:
            return refused("Session.get_metrics", SessionMetricsResult, f"{failure}: {problem}")
        timeout_ms = tool_timeout_ms(read_timeout, connect_timeout, timeout_ms)
        steps = _metrics_steps(tool_call(self.session_id, "get_metrics", {}), failure)
        return Plan("Session.get_metrics", SessionMetricsResult, steps, timeout_ms, 0.0, failure)

    @operation
    def delete(
        self, sync_context: bool = False, *, timeout_ms: float | None = None
    ) -> Plan[DeleteResult]:
        """Release the session and wait until the service confirms it is gone.

        Polls the session's status with a short, growing interval, within the call's timeout.
        With ``sync_context=True`` it first uploads every mounted context (as
        ``session.context.sync()``) and waits for that; a failed sync is logged and the session
        is released all the same.

        Example:
            >>> session.delete().success
            True
        """
        return self._delete_plan("Session.delete", timeout_ms, sync_context)

    def _delete_plan(
        self, name: str, timeout_ms: float | None, sync_context: bool
    ) -> Plan[DeleteResult]:
        failure = f"Failed to delete session {self.session_id}"
        steps = self._delete_steps(failure, sync_context)
        budget = 0.0
        if sync_context:  # the context code loads only when a delete syncs
            from .context_manager import delete_budget

            budget = delete_budget(True)
        return Plan(name, DeleteResult, steps, timeout_ms, budget, failure)

    def _delete_steps(self, failure: str, sync_context: bool = False) -> Steps[DeleteResult]:
        if sync_context:
            from .context_manager import SYNC_DEFAULTS, sync_steps

            synced = yield from sync_steps(self.session_id, None, None, None, *SYNC_DEFAULTS)
            if not synced.success:
                logger.warning("%s: context sync before delete failed: %s; deleting anyway",
                               self.session_id, synced.error_message)  # fmt: skip
        release: Reply = yield self._id_call("release_session_async")
        if not release.ok:
            return DeleteResult(release.request_id, False, release.error)
        interval, last = 0.0, "no status read yet"
        while True:
            if interval:
                remaining: float = yield Sleep(interval)
                if remaining <= 0:
                    message = f"{failure}: released, but not confirmed gone in time ({last})"
                    return DeleteResult(release.request_id, False, message)
            poll: Reply = yield self._id_call("get_session_info")
            status = _translate.text_field(poll.parsed.data, "status") if poll.ok else None
            if poll.not_found or status == "FINISH":
                return DeleteResult(release.request_id, True)
            last = f"last status {status}" if status else f"last poll: {poll.error}"
            interval = min(interval * 2, _POLL_MAX_S) if interval else _POLL_FIRST_S

    def _log_failed_delete(self, result: DeleteResult) -> None:
        if not result.success:
            logger.warning("leaving the context of %s: %s", self.session_id, result.error_message)


def _plain(call: Call) -> Steps[OperationResult]:
    reply: Reply = yield call
    return OperationResult(reply.request_id, reply.ok, None, reply.error)


def _labels_steps(call: Call, failure: str) -> Steps[OperationResult]:
    reply: Reply = yield call
    if not reply.ok:
        return OperationResult(reply.request_id, error_message=reply.error)
    try:
        labels = _translate.labels(getattr(reply.parsed.data, "labels", None))
    except ValueError as exc:
        return OperationResult(reply.request_id, error_message=f"{failure}: {exc}")
    return OperationResult(reply.request_id, True, labels)


def _tools_steps(call: Call) -> Steps[McpToolsResult]:
    reply: Reply = yield call
    if not reply.ok:
        return McpToolsResult(reply.request_id, error_message=reply.error)
    try:
        tools = _translate.tools(reply.parsed.data)
    except ValueError as exc:
        message = f"Failed to parse tools list: {exc}"
        return McpToolsResult(reply.request_id, error_message=message)
    return McpToolsResult(reply.request_id, True, tools)


def _metrics_steps(call: Call, failure: str) -> Steps[SessionMetricsResult]:
    reply, ok, answer = yield from run_tool(call)
    if not reply.ok:
        return SessionMetricsResult(reply.request_id, error_message=reply.error)
    if not ok:
        message = f"{failure}: the tool reported an error: {answer}"
        return SessionMetricsResult(reply.request_id, error_message=message)
    try:
        found, raw = _translate.metrics(answer)
    except ValueError as exc:
        message = f"Failed to parse get_metrics response: {exc}"
        return SessionMetricsResult(reply.request_id, error_message=message)
    return SessionMetricsResult(reply.request_id, True, found, "", raw)


def _tool_steps(call: Call, failure: str) -> Steps[McpToolResult]:
    reply, ok, answer = yield from run_tool(call)
    if not reply.ok:
        return McpToolResult(reply.request_id, error_message=reply.error)
    error = "" if ok else f"{failure}: the tool reported an error: {answer}"
    return McpToolResult(reply.request_id, ok, answer, error)


class Session(_SessionOps):
    """A session of ``AGB``. ``with agb.create(params).session as session:`` deletes it on exit."""

    __slots__ = ()
    _code_type = Code
    _command_type = Command
    _context_type = "context_manager.ContextManager"
    _file_type = "file_system.FileSystem"
    agb: AGB
    code: Code
    command: Command
    context: ContextManager
    file: FileSystem
    _transport: SyncTransport

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._log_failed_delete(self.delete())

    def _get_ws_client(self) -> WsClient:
        """The official SDK's low-level streaming client (``agb.ws_client``), for drop-in
        compatibility; prefer ``session.code.stream(...)``."""
        from .ws_client import WsClient

        return WsClient(self._transport.http, self.ws_url, self.token)


class AsyncSession(_SessionOps):
    """A session of ``AsyncAGB``; every call is awaited, ``async with`` deletes it on exit."""

    __slots__ = ()
    _code_type = AsyncCode
    _command_type = AsyncCommand
    _context_type = "context_manager.AsyncContextManager"
    _file_type = "file_system.AsyncFileSystem"
    agb: AsyncAGB
    code: AsyncCode
    command: AsyncCommand
    context: AsyncContextManager
    file: AsyncFileSystem
    _transport: AsyncTransport

    async def __aenter__(self) -> AsyncSession:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        self._log_failed_delete(await self.delete())
