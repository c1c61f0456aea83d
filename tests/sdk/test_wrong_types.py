"""Every field the SDK turns into a result is type-checked: a wrong type is a failed result that
names the field, never a success filled in from the request's own values.

One table row per (answer, field): a loopback server answers every route with a valid document
except the one the row spoils.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

import pytest

from agb import AGB, AsyncAGB, Config, CreateSessionParams
from tests.sdk.loopback import answering, envelope, serving, spoiled

KEY = "akm-loopback-test-key-0002"
CODE = {"result": [{"text/plain": "42", "isMainResult": True}], "stdout": ["hi\n"], "stderr": [],
        "executionError": None, "execution_count": 1, "execution_time": 0.1}  # fmt: skip
SHELL = {"stdout": "hi\n", "stderr": "", "exit_code": 0, "traceId": "t"}
TOOLS = [{"name": "shell", "description": "d", "inputSchema": {}, "server": "s", "tool": "t"}]


def tool_reply(answer: Any, **data: Any) -> dict[str, Any]:
    text = answer if isinstance(answer, str) else json.dumps(answer)
    return envelope({"content": [{"type": "text", "text": text}], "isError": False, **data})


VALID: dict[str, Any] = {
    "/mcp/createSession": envelope(
        {"sessionId": "session-1", "success": True, "resourceUrl": "https://r", "toolList": ""}
    ),
    "/mcp/getSession": envelope({"sessionId": "session-1", "status": "RUNNING"}),
    "/mcp/getMcpResource": envelope(
        {"sessionId": "session-1", "resourceUrl": "u", "desktopInfo": {"appId": "a"}}
    ),
    "/mcp/getSessionInfo": envelope({"status": "FINISH"}),
    "/sdk/GetLabel": envelope({"labels": json.dumps({"a": "1"})}),
    "/mcp/listTools": envelope(json.dumps(TOOLS)),
    "/mcp": tool_reply("plain"),
    "/sdk/ListSession": envelope(
        [{"sessionId": "session-1"}], nextToken="", maxResults=10, count=1
    ),
    "/mcp/releaseSessionAsync": envelope(None),
}
Op = Callable[[Any, Any], Any]
OPS: dict[str, Op] = {
    "get": lambda sdk, s: sdk.get("session-1"),
    "get_session": lambda sdk, s: sdk.get_session("session-1"),
    "create": lambda sdk, s: sdk.create(CreateSessionParams(image_id="agb-code-space-1")),
    "info": lambda sdk, s: s.info(),
    "get_status": lambda sdk, s: s.get_status(),
    "delete": lambda sdk, s: s.delete(),
    "get_labels": lambda sdk, s: s.get_labels(),
    "list_mcp_tools": lambda sdk, s: s.list_mcp_tools(),
    "call_mcp_tool": lambda sdk, s: s.call_mcp_tool("shell", {}),
    "code": lambda sdk, s: s.code.run("print('hi')", "python"),
    "command": lambda sdk, s: s.command.execute_command("echo hi"),
    "list": lambda sdk, s: sdk.list(),
}


def spoil(path: str, where: list[Any], value: Any) -> dict[str, Any]:
    """The valid answer of ``path`` with the field at ``where`` replaced by ``value``."""
    return spoiled(VALID, path, where, value)


def code(**fields: Any) -> dict[str, Any]:
    return {"/mcp": tool_reply({**CODE, **fields})}


def shell(**fields: Any) -> dict[str, Any]:
    return {"/mcp": tool_reply({**SHELL, **fields})}


CASES: list[tuple[str, dict[str, Any], str, str]] = [
    # (operation, spoiled routes, field named in the error)
    ("get", spoil("/mcp/getSession", ["data", "sessionId"], 12345), "data.sessionId"),
    ("get_session", spoil("/mcp/getSession", ["data", "sessionId"], 12345), "data.sessionId"),
    ("get_session", spoil("/mcp/getSession", ["data", "status"], 1), "data.status"),
    ("get", spoil("/mcp/getSession", ["data", "resourceUrl"], ["u"]), "data.resourceUrl"),
    ("get", spoil("/mcp/getSession", ["requestId"], 7), "requestId"),
    ("get", spoil("/mcp/getSession", ["success"], "true"), "success"),
    ("get", spoil("/mcp/getSession", ["message"], {"m": 1}), "message"),
    ("create", spoil("/mcp/createSession", ["data", "sessionId"], 12345), "data.sessionId"),
    ("create", spoil("/mcp/createSession", ["data", "success"], "yes"), "data.success"),
    ("create", spoil("/mcp/createSession", ["data", "toolList"], 7), "data.toolList"),
    (
        "create",
        spoil("/mcp/createSession", ["data", "toolList"], '[{"name": 1}]'),
        "data.toolList[0].name",
    ),
    ("info", spoil("/mcp/getMcpResource", ["data", "sessionId"], 1), "data.sessionId"),
    (
        "info",
        spoil("/mcp/getMcpResource", ["data", "desktopInfo", "appId"], 1),
        "data.desktopInfo.appId",
    ),
    ("get_status", spoil("/mcp/getSessionInfo", ["data", "status"], 1), "data.status"),
    ("delete", spoil("/mcp/getSessionInfo", ["data", "status"], 1), "data.status"),
    ("get_labels", spoil("/sdk/GetLabel", ["data", "labels"], 5), "data.labels"),
    ("get_labels", spoil("/sdk/GetLabel", ["data", "labels"], '{"a": 1}'), "data.labels['a']"),
    ("list_mcp_tools", spoil("/mcp/listTools", ["data"], 5), "data"),
    ("list_mcp_tools", spoil("/mcp/listTools", ["data"], '["shell"]'), "data[0]"),
    (
        "list_mcp_tools",
        spoil("/mcp/listTools", ["data"], '[{"inputSchema": []}]'),
        "data[0].inputSchema",
    ),
    ("call_mcp_tool", spoil("/mcp", ["data", "isError"], "no"), "data.isError"),
    ("call_mcp_tool", spoil("/mcp", ["data", "content", 0, "text"], 5), "data.content[0].text"),
    ("call_mcp_tool", spoil("/mcp", ["data", "content", 0, "type"], 5), "data.content[0].type"),
    ("code", code(execution_count="1"), "execution_count"),
    ("code", code(execution_time="fast"), "execution_time"),
    ("code", code(stdout=[1]), "stdout[0]"),
    ("code", code(stderr=5), "stderr"),
    ("code", code(executionError=5), "executionError"),
    ("code", code(result=5), "result"),
    ("code", code(result=[{"text/plain": 42}]), "result[0]['text/plain']"),
    ("code", code(result=[{"isMainResult": "yes"}]), "result[0].isMainResult"),
    ("command", shell(exit_code="0"), "exit_code"),
    ("command", shell(stdout=5), "stdout"),
    ("command", shell(stderr=["x"]), "stderr"),
    ("command", shell(traceId=1), "traceId"),
    ("list", spoil("/sdk/ListSession", ["data", 0, "sessionId"], 5), "data[0].sessionId"),
    ("list", spoil("/sdk/ListSession", ["nextToken"], 5), "nextToken"),
    ("list", spoil("/sdk/ListSession", ["maxResults"], "10"), "maxResults"),
    ("list", spoil("/sdk/ListSession", ["count"], True), "count"),
]


def run(op: str, routes: dict[str, Any]) -> Any:
    with (
        serving(answering({**VALID, **routes})) as server,
        AGB(api_key=KEY, cfg=Config(endpoint=server.url, max_retries=0)) as sdk,
    ):
        session = None
        if op != "create":
            created = sdk.create(CreateSessionParams(image_id="agb-code-space-1"))
            assert created.success, created.error_message
            session = created.session
        return OPS[op](sdk, session)


@pytest.mark.parametrize("op", sorted(OPS))
def test_every_operation_succeeds_on_the_valid_answers(op: str) -> None:
    result = run(op, {})
    assert result.success, result.error_message


@pytest.mark.parametrize(("op", "routes", "field"), CASES, ids=[f"{c[0]}:{c[2]}" for c in CASES])
def test_a_wrong_typed_field_fails_the_call_naming_it(
    op: str, routes: dict[str, Any], field: str
) -> None:
    result = run(op, routes)
    assert not result.success
    assert f"the answer's {field} is " in result.error_message, result.error_message


def test_get_session_never_reports_the_id_it_asked_for_instead_of_the_answer() -> None:
    result = run("get_session", spoil("/mcp/getSession", ["data", "sessionId"], 12345))
    assert not result.success and result.data is None
    assert "data.sessionId is int 12345, expected str" in result.error_message
    other = run("get_session", spoil("/mcp/getSession", ["data", "sessionId"], "session-9"))
    assert other.success and other.data.session_id == "session-9"


def test_the_async_client_checks_the_same_way() -> None:
    routes = {**VALID, **spoil("/mcp/getSession", ["data", "sessionId"], 12345)}

    async def main() -> Any:
        async with AsyncAGB(api_key=KEY, cfg=Config(endpoint=server.url)) as sdk:
            return await sdk.get("session-1")

    with serving(answering(routes)) as server:
        result = asyncio.run(main())
    assert not result.success and result.session is None
    assert "the answer's data.sessionId is int" in result.error_message


def test_a_created_session_that_cannot_be_handed_out_is_released() -> None:
    routes = {**VALID, **spoil("/mcp/createSession", ["data", "resourceUrl"], 5)}
    with (
        serving(answering(routes)) as server,
        AGB(api_key=KEY, cfg=Config(endpoint=server.url)) as sdk,
    ):
        result = sdk.create(CreateSessionParams(image_id="agb-code-space-1"))
        paths = server.paths()
    assert not result.success and result.session is None
    assert "data.resourceUrl is int 5" in result.error_message
    assert "the session it created (session-1) was released" in result.error_message
    assert paths == ["/mcp/createSession", "/mcp/releaseSessionAsync"]
