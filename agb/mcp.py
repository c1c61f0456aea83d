"""MCP tool calls: the one request shape behind ``call_mcp_tool``, ``code.run`` and ``command``.

A tool call goes to ``POST /mcp`` with the arguments JSON-encoded. Its outcome has two layers:
the envelope (did the service accept the call) and ``isError`` (did the tool succeed).
"""

from __future__ import annotations

from typing import Any

from ._plan import Call, Reply, Steps
from ._translate import dumps, tool_answer


def tool_call(session_id: str, name: str, args: dict[str, Any], server: str | None = None) -> Call:
    """Build the request for one tool call (never retried once it may have reached the service).

    The caller has checked ``name`` and ``args`` (see ``agb.errors``).
    """
    from _agb_api.models import CallMcpToolBody
    from _agb_api.types import UNSET

    encoded = dumps(args, "tool args")
    body = CallMcpToolBody(
        session_id=session_id, name=name, args=encoded, server=server if server else UNSET
    )
    kwargs = {"body": body, "auto_gen_session": False}
    return Call("call_mcp_tool", kwargs, idempotent=False, session_id=session_id)


def run_tool(call: Call) -> Steps[tuple[Reply, bool, str]]:
    """Send a tool call; give back the reply, whether the tool succeeded, and its text answer."""
    reply: Reply = yield call
    if not reply.ok:
        return reply, False, ""
    ok, answer = tool_answer(reply)
    return reply, ok, answer


def tool_timeout_ms(
    read_timeout: float | None, connect_timeout: float | None, timeout_ms: float | None
) -> float | None:
    """A tool call's budget: ``timeout_ms``, else the official read + connect timeouts (ms)."""
    if timeout_ms is None and (read_timeout or connect_timeout):
        return (read_timeout or 0) + (connect_timeout or 0)
    return timeout_ms
