"""Bad arguments answer a failed result, as the official SDK does, and send nothing.

``success`` is false, ``error_message`` opens with the official SDK's words (then ours may say
more) and ``request_id`` is empty. Only where the official SDK raises do we raise.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
import respx

from agb import AGB, AsyncAGB, Config, CreateSessionParams, Session

BASE = "http://agb.test"
KEY = "akm-validation-key-0000"
CREATE = "Failed to create session: "
TOOL = "Failed to call MCP tool shell: "
COMMAND = "Failed to execute command: "


@pytest.fixture
def sdk() -> Iterator[AGB]:
    with respx.mock(base_url=BASE) as router:  # any request would fail the test: no routes
        yield AGB(api_key=KEY, cfg=Config(endpoint=BASE))
        assert router.calls.call_count == 0


@pytest.fixture
def session(sdk: AGB) -> Session:
    return Session(sdk, "session-1", "agb-code-space-1")


def assert_refused(result: Any, leading: str, *more: str) -> None:
    assert result.success is False, result
    assert result.request_id == ""
    assert result.error_message.startswith(leading), result.error_message
    for words in more:
        assert words in result.error_message, result.error_message


@pytest.mark.parametrize(
    ("params", "leading", "more"),
    [
        (None, "params is required and cannot be None", ""),
        (CreateSessionParams(), "image_id is required and cannot be empty or None", ""),
        (CreateSessionParams(image_id=""), "image_id is required and cannot be empty or None", ""),
        (CreateSessionParams(image_id="  "), "image_id is required and cannot be empty", ""),
        (CreateSessionParams(image_id=42), CREATE, "image_id must be a str"),  # type: ignore[arg-type]
        ("agb-code-space-1", CREATE, "CreateSessionParams(image_id=...)"),
        (CreateSessionParams(image_id="i", labels={"": "x"}), CREATE, "Label keys cannot be empty"),
        (
            CreateSessionParams(image_id="i", labels={"k": ""}),
            CREATE,
            "Label values cannot be empty",
        ),
        (CreateSessionParams(image_id="i", labels={"k": 1}), CREATE, "str to str"),  # type: ignore[dict-item]
        (CreateSessionParams(image_id="i", labels={"k": "v" * 300}), CREATE, "256"),
        (CreateSessionParams(image_id="i", idle_release_timeout=0), CREATE, ">= 1"),
        (CreateSessionParams(image_id="i", context_syncs="ctx"), CREATE, "context_syncs"),  # type: ignore[arg-type]
    ],
)
def test_create_answers_bad_params(sdk: AGB, params: Any, leading: str, more: str) -> None:
    assert_refused(sdk.create(params), leading, more)


def test_create_without_params(sdk: AGB) -> None:
    assert_refused(sdk.create(), "params is required and cannot be None")


def test_positional_image_id_gets_a_hint() -> None:
    with pytest.raises(TypeError, match="image_id='agb-code-space-1'"):
        CreateSessionParams("agb-code-space-1")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kwargs", "leading", "more"),
    [
        ({"page": 0}, "Cannot reach page 0: Page number must be >= 1", ""),
        ({"page": -3}, "Cannot reach page -3: Page number must be >= 1", ""),
        ({"page": "2"}, "Failed to list sessions: ", "page must be an int"),
        ({"limit": 0}, "Failed to list sessions: ", "limit must be >= 1"),
        ({"limit": 1000}, "Failed to list sessions: ", "limit must be <= 100"),
        ({"limit": True}, "Failed to list sessions: ", "limit must be an int"),
        ({"labels": ["a"]}, "Failed to list sessions: ", "Labels cannot be an array"),
    ],
)
def test_list_answers_bad_arguments(
    sdk: AGB, kwargs: dict[str, Any], leading: str, more: str
) -> None:
    assert_refused(sdk.list(**kwargs), leading, more)


@pytest.mark.parametrize("session_id", ["", "   ", None])
def test_get_without_a_session_id(sdk: AGB, session_id: Any) -> None:
    assert_refused(sdk.get(session_id), "session_id is required")
    assert sdk.get(session_id).session is None


def test_get_session_without_a_session_id(sdk: AGB) -> None:
    assert_refused(sdk.get_session(""), "Failed to get session : ", "session_id is required")
    assert_refused(sdk.get(42), "session_id must be a str")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("labels", "leading"),
    [
        (None, "Labels cannot be null, undefined, or invalid type."),
        ("a=b", "Labels cannot be null, undefined, or invalid type."),
        (["a"], "Labels cannot be an array. Please provide a valid labels object."),
        ({}, "Labels cannot be empty. Please provide at least one label."),
        ({"": "x"}, "Label keys cannot be empty Please provide valid keys."),
        ({"  ": "x"}, "Label keys cannot be empty Please provide valid keys."),
        ({"k": ""}, "Label values cannot be empty Please provide valid values."),
        ({"k": None}, "Label values cannot be empty Please provide valid values."),
        ({"k": 3}, "Labels must map str to str"),
        ({"k": "\ud800"}, "labels contains a lone surrogate"),
    ],
)
def test_set_labels_answers_bad_labels(session: Session, labels: Any, leading: str) -> None:
    assert_refused(session.set_labels(labels), leading)


@pytest.mark.parametrize(
    ("call", "leading", "more"),
    [
        (lambda s: s.code.run(b"print(1)", "python"), "Failed to run code: ", "code must be a str"),
        (lambda s: s.code.run("x", "python", timeout_s=0), "Failed to run code: ", "timeout_s"),
        (lambda s: s.call_mcp_tool("shell", "ls"), TOOL, "args must be a dict"),
        (lambda s: s.call_mcp_tool("shell", {"x": object()}), TOOL, "JSON"),
        (
            lambda s: s.call_mcp_tool("", {}),
            "Failed to call MCP tool : ",
            "tool_name must not be empty",
        ),
        (lambda s: s.call_mcp_tool("shell", {}, read_timeout="5"), TOOL, "read_timeout"),
        (lambda s: s.command.execute_command(""), COMMAND, "command must not be empty"),
        (lambda s: s.command.execute_command("ls", timeout_ms=0), COMMAND, "timeout_ms"),
        (lambda s: s.command.execute("ls", cwd=3), COMMAND, "cwd must be a str"),
        (
            lambda s: s.list_mcp_tools(image_id=7),
            "Failed to list MCP tools: ",
            "image_id must be a str",
        ),
    ],
)
def test_session_calls_answer_bad_arguments(
    session: Session, call: Callable[[Session], Any], leading: str, more: str
) -> None:
    assert_refused(call(session), leading, more)


@pytest.mark.parametrize("timeout_ms", [0, -5, "5", True])
def test_a_bad_per_call_timeout_answers_a_failed_result(
    sdk: AGB, session: Session, timeout_ms: Any
) -> None:
    assert_refused(sdk.list(timeout_ms=timeout_ms), "Failed to list sessions: ", "timeout_ms")
    assert_refused(session.get_labels(timeout_ms=timeout_ms), "Failed to get labels for session")
    ran = session.code.run("x", "python", timeout_ms=timeout_ms)
    assert_refused(ran, "Failed to run code: ", "timeout_ms")


def test_streamed_run_with_bad_arguments_answers_the_same_failed_result(session: Session) -> None:
    seen: list[Any] = []
    ruby = session.code.run("x", "ruby", stream_beta=True, on_error=seen.append)
    assert_refused(ruby, "Unsupported language: ruby. Supported languages are java, javascript")
    assert_refused(session.code.run(3, "py", stream_beta=True), "Failed to run code: ")  # type: ignore[arg-type]
    assert seen == []
    (event,) = list(session.code.stream("x", "ruby"))  # the stream ends at once, unsent
    assert event.kind == "end" and event.final is not None and not event.final.success
    assert "Unsupported language: ruby" in event.final.error_message


@pytest.mark.parametrize("envs", [{"A": 1}, {1: "a"}, {"A": None}, ["A=1"]])
def test_command_envs_that_are_not_strings_raise_value_error(session: Session, envs: Any) -> None:
    # the one argument check the official SDK raises for instead of answering a result
    with pytest.raises(ValueError, match=r"^Invalid environment variables: "):
        session.command.execute_command("ls", envs=envs)


def test_list_mcp_tools_without_any_image_id_raises(sdk: AGB) -> None:
    # as the official SDK: a session from get() does not know its image
    with pytest.raises(ValueError, match=r"^image_id is required\. Provide it as a parameter"):
        Session(sdk, "session-1").list_mcp_tools()


def test_delete_of_something_else_raises(sdk: AGB) -> None:
    with pytest.raises(TypeError, match="delete\\(\\) takes a Session"):
        sdk.delete("session-1")


def test_refusals_are_logged_as_warnings(sdk: AGB, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="agb"):
        sdk.get("")
    assert [r.getMessage() for r in caplog.records] == ["AGB.get: session_id is required"]


def test_async_calls_answer_the_same_failed_results() -> None:
    async def main() -> list[Any]:
        with respx.mock(base_url=BASE) as router:
            sdk = AsyncAGB(api_key=KEY, cfg=Config(endpoint=BASE))
            session = (await sdk.get("")).session
            results = [
                await sdk.create(CreateSessionParams(image_id="")),
                await sdk.get("   "),
                await sdk.list(page=0),
            ]
            assert session is None and router.calls.call_count == 0
            return results

    created, got, listed = asyncio.run(main())
    assert_refused(created, "image_id is required")
    assert_refused(got, "session_id is required")
    assert_refused(listed, "Cannot reach page 0")


@pytest.mark.parametrize("session_id", ["../../etc/passwd", "a?b=c&d", "s#frag", "id with spaces"])
def test_odd_session_ids_travel_safely_encoded(session_id: str) -> None:
    with respx.mock(base_url=BASE) as router:
        route = router.get("/sdk/GetLabel").mock(
            return_value=httpx.Response(
                200, json={"success": True, "requestId": "R", "data": {"labels": "{}"}}
            )
        )
        sdk = AGB(api_key=KEY, cfg=Config(endpoint=BASE))
        assert Session(sdk, session_id).get_labels().success
        request = route.calls.last.request
        assert request.url.path == "/sdk/GetLabel"
        assert request.url.params["sessionId"] == session_id
