"""Programming errors raise at once, before any request, with a message saying what to fix."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import respx

from agb import AGB, AsyncAGB, Config, CreateSessionParams, Session

BASE = "http://agb.test"
KEY = "akm-validation-key-0000"


@pytest.fixture
def sdk() -> Iterator[AGB]:
    with respx.mock(base_url=BASE) as router:  # any request would fail the test: no routes
        yield AGB(api_key=KEY, cfg=Config(endpoint=BASE))
        assert router.calls.call_count == 0


@pytest.fixture
def session(sdk: AGB) -> Session:
    return Session(sdk, "session-1", "agb-code-space-1")


@pytest.mark.parametrize(
    ("params", "error", "match"),
    [
        (CreateSessionParams(image_id=""), ValueError, "image_id must not be empty"),
        (CreateSessionParams(image_id="  "), ValueError, "image_id must not be empty"),
        (CreateSessionParams(), TypeError, "image_id must be a str"),
        (CreateSessionParams(image_id=42), TypeError, "image_id must be a str"),  # type: ignore[arg-type]
        (CreateSessionParams(image_id="i", labels={"": "x"}), ValueError, "must not be empty"),
        (CreateSessionParams(image_id="i", labels={"k": 1}), TypeError, "str to str"),  # type: ignore[dict-item]
        (CreateSessionParams(image_id="i", labels={"k": "v" * 300}), ValueError, "256"),
        (None, TypeError, "CreateSessionParams"),
    ],
)
def test_create_rejects_bad_params(
    sdk: AGB, params: Any, error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match):
        sdk.create(params)


def test_positional_image_id_gets_a_hint() -> None:
    with pytest.raises(TypeError, match="image_id='agb-code-space-1'"):
        CreateSessionParams("agb-code-space-1")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"page": 0}, ValueError, "page must be >= 1"),
        ({"page": -3}, ValueError, "page must be >= 1"),
        ({"page": "2"}, TypeError, "page must be an int"),
        ({"limit": 0}, ValueError, "limit must be >= 1"),
        ({"limit": 1000}, ValueError, "limit must be <= 100"),
        ({"limit": True}, TypeError, "limit must be an int"),
        ({"labels": ["a"]}, TypeError, "labels must be a dict"),
        ({"timeout_ms": 0}, ValueError, "timeout_ms must be > 0"),
        ({"timeout_ms": "5"}, TypeError, "timeout_ms must be a number"),
    ],
)
def test_list_rejects_bad_arguments(
    sdk: AGB, kwargs: dict[str, Any], error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match):
        sdk.list(**kwargs)


def test_session_calls_reject_bad_arguments(sdk: AGB, session: Session) -> None:
    with pytest.raises(TypeError, match="code must be a str"):
        session.code.run(b"print(1)", "python")  # type: ignore[arg-type]
    unsupported = session.code.run("x", "cobol")  # the service's languages: a failed result
    assert not unsupported.success and "Unsupported language: cobol" in unsupported.error_message
    with pytest.raises(ValueError, match="timeout_s"):
        session.code.run("x", "python", timeout_s=0)
    with pytest.raises(ValueError, match="labels must not be empty"):
        session.set_labels({})
    with pytest.raises(TypeError, match="labels must be a dict"):
        session.set_labels(None)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="tool args must be a dict"):
        session.call_mcp_tool("shell", "ls")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="JSON-serialisable"):
        session.call_mcp_tool("shell", {"x": object()})
    with pytest.raises(ValueError, match="command must not be empty"):
        session.command.execute_command("")
    with pytest.raises(TypeError, match="envs must be a dict"):
        session.command.execute_command("ls", envs={"A": 1})  # type: ignore[dict-item]
    with pytest.raises(ValueError, match="session_id must not be empty"):
        sdk.get("")
    with pytest.raises(TypeError, match="delete\\(\\) takes a Session"):
        sdk.delete("session-1")


def test_async_calls_raise_before_awaiting() -> None:
    sdk = AsyncAGB(api_key=KEY, cfg=Config(endpoint=BASE))
    with pytest.raises(ValueError, match="image_id must not be empty"):
        sdk.create(CreateSessionParams(image_id=""))  # raises at the call, not at await


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
