"""Shell commands in a session: ``session.command.execute_command(command, timeout_ms=...)``.

Goes through the ``shell`` MCP tool; success means exit code 0, and ``output`` is stdout
followed by stderr.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import _translate
from ._plan import Plan, Steps, operation, refused
from .errors import check_duration, check_envs, check_json, check_str, first
from .mcp import run_tool, tool_call
from .results import CommandResult

if TYPE_CHECKING:
    from .transport import AsyncTransport, SyncTransport

DEFAULT_COMMAND_TIMEOUT_MS = 60_000
_MARGIN_MS = 30_000


class _CommandOps:
    __slots__ = ("_session_id", "_transport")

    def __init__(self, session_id: str, transport: Any) -> None:
        self._session_id = session_id
        self._transport = transport

    @operation
    def execute_command(
        self,
        command: str,
        timeout_ms: float = DEFAULT_COMMAND_TIMEOUT_MS,
        cwd: str | None = None,
        envs: dict[str, str] | None = None,
    ) -> Plan[CommandResult]:
        """Run a shell ``command``; ``timeout_ms`` bounds the command (the request waits longer).

        ``envs`` must map strings to strings: anything else raises ``ValueError`` at once, as in
        the official SDK. Other bad arguments answer a failed result, unsent.

        Example:
            >>> result = session.command.execute_command("echo hi", timeout_ms=5000)
            >>> result.exit_code, result.stdout
            (0, 'hi\\n')
        """
        if envs is not None:
            check_envs(envs)
        failure = "Failed to execute command"
        problem = first(
            check_str("command", command),
            check_duration("timeout_ms", timeout_ms),
            "" if cwd is None else check_str("cwd", cwd),
            check_json([command, cwd, envs], "command"),
        )
        if problem:
            return refused("Command.execute_command", CommandResult, f"{failure}: {problem}")
        args: dict[str, Any] = {"command": command, "timeout_ms": int(timeout_ms)}
        if cwd is not None:
            args["cwd"] = cwd
        if envs is not None:
            args["envs"] = envs
        steps = _execute_steps(tool_call(self._session_id, "shell", args), failure)
        return Plan(
            "Command.execute_command", CommandResult, steps, None, timeout_ms + _MARGIN_MS, failure
        )

    execute = execute_command  # the official SDK's name for the same call


def _execute_steps(call: Any, failure: str) -> Steps[CommandResult]:
    reply, ok, answer = yield from run_tool(call)
    if not reply.ok:
        return CommandResult(reply.request_id, error_message=reply.error)
    return _translate.command_result(reply.request_id, ok, answer, failure)


class Command(_CommandOps):
    """Shell commands in a ``Session``."""

    __slots__ = ()
    _transport: SyncTransport


class AsyncCommand(_CommandOps):
    """Shell commands in an ``AsyncSession``; calls are awaited."""

    __slots__ = ()
    _transport: AsyncTransport
