"""Giving up on a call honestly (cancelled create, interrupted sync call) and using a closed client.

A cancelled ``AsyncAGB.create`` whose request may have reached the service warns; if its answer
still arrives, the session it created is released in the background and that is logged. A closed
client raises ``ClientClosedError`` (a ``RuntimeError``) at once, never httpx's own error.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import httpx
import pytest

from agb import AGB, AsyncAGB, Config, CreateSessionParams
from agb.errors import ClientClosedError
from tests.sdk.loopback import answering, envelope, serving
from tests.sdk.test_wrong_types import VALID

KEY = "akm-loopback-test-key-0003"
PARAMS = CreateSessionParams(image_id="agb-code-space-1")


async def cancel_while_in_flight(url: str, call: Any, after_s: float = 0.4) -> None:
    async with AsyncAGB(api_key=KEY, cfg=Config(endpoint=url, timeout_ms=5000)) as sdk:
        task = asyncio.ensure_future(call(sdk))
        await asyncio.sleep(after_s)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
    # leaving the block waited for the background clean-up, within the call's deadline


def test_a_cancelled_create_releases_the_session_it_did_not_hand_out(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING, logger="agb")
    with serving(answering(VALID, delays={"/mcp/createSession": 1.0})) as server:
        asyncio.run(cancel_while_in_flight(server.url, lambda sdk: sdk.create(PARAMS)))
        paths = server.paths()
    assert paths == ["/mcp/createSession", "/mcp/releaseSessionAsync"]
    messages = [r.getMessage() for r in caplog.records]
    assert any("AGB.create was cancelled" in m and "removed in the background" in m
               for m in messages), messages  # fmt: skip
    assert any("removing session-1: done" in m for m in messages), messages


def test_a_cancelled_create_that_created_nothing_releases_nothing(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING, logger="agb")
    refused = {**VALID, "/mcp/createSession": envelope({"success": False, "errMsg": "no quota"})}
    with serving(answering(refused, delays={"/mcp/createSession": 1.0})) as server:
        asyncio.run(cancel_while_in_flight(server.url, lambda sdk: sdk.create(PARAMS)))
        paths = server.paths()
    assert paths == ["/mcp/createSession"]
    assert any("created nothing to remove" in r.getMessage() for r in caplog.records)


def test_a_cancelled_tool_call_warns_that_it_may_have_run(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING, logger="agb")

    async def run_code(sdk: AsyncAGB) -> Any:
        session = (await sdk.create(PARAMS)).session
        return await session.code.run("import time; time.sleep(5)", "python")

    with serving(answering(VALID, delays={"/mcp": 2.0})) as server:
        asyncio.run(cancel_while_in_flight(server.url, run_code, after_s=0.8))
    assert any("Code.run was cancelled" in r.getMessage() and "may have run there" in r.getMessage()
               for r in caplog.records)  # fmt: skip


def test_an_interrupted_sync_create_warns_what_to_check(caplog: pytest.LogCaptureFixture) -> None:
    def interrupt(request: httpx.Request) -> httpx.Response:
        raise KeyboardInterrupt

    http = httpx.Client(transport=httpx.MockTransport(interrupt))
    sdk = AGB(api_key=KEY, cfg=Config(endpoint="http://agb.test"), http_client=http)
    with pytest.raises(KeyboardInterrupt):
        sdk.create(PARAMS)
    warning = " ".join(r.getMessage() for r in caplog.records if r.levelno == logging.WARNING)
    assert "AGB.create was interrupted" in warning and "check AGB.list()" in warning


def test_a_closed_client_raises_a_clear_error() -> None:
    with serving(answering(VALID)) as server:
        sdk = AGB(api_key=KEY, cfg=Config(endpoint=server.url))
        session = sdk.create(PARAMS).session
        sdk.close()
        with pytest.raises(ClientClosedError, match=r"AGB.get: this AGB client is closed"):
            sdk.get("session-1")
        with pytest.raises(ClientClosedError, match=r"Session.info: this AGB client is closed"):
            session.info()
        own = httpx.Client()
        mine = AGB(api_key=KEY, cfg=Config(endpoint=server.url), http_client=own)
        own.close()  # closed by its owner, not by the SDK
        with pytest.raises(RuntimeError, match="make a new AGB"):
            mine.list()


def test_a_closed_async_client_raises_a_clear_error() -> None:
    async def main(url: str) -> None:
        async with AsyncAGB(api_key=KEY, cfg=Config(endpoint=url)) as sdk:
            session = (await sdk.create(PARAMS)).session
        with pytest.raises(ClientClosedError, match=r"AGB.create: this AsyncAGB client is closed"):
            await sdk.create(PARAMS)
        with pytest.raises(ClientClosedError, match="make a new AsyncAGB"):
            await session.delete()

    with serving(answering(VALID)) as server:
        asyncio.run(main(server.url))


def test_closing_while_calls_are_in_flight_gives_the_clear_error() -> None:
    async def main(url: str) -> Any:
        sdk = AsyncAGB(api_key=KEY, cfg=Config(endpoint=url))
        session = (await sdk.create(PARAMS)).session
        deleting = asyncio.ensure_future(session.delete())  # release, then polls
        await asyncio.sleep(0.3)
        await sdk.aclose()
        return await asyncio.gather(deleting, return_exceptions=True)

    still = {**VALID, "/mcp/getSessionInfo": envelope({"status": "RUNNING"})}
    with serving(answering(still, delays={"/mcp/releaseSessionAsync": 0.5})) as server:
        (outcome,) = asyncio.run(main(server.url))
    assert isinstance(outcome, ClientClosedError), repr(outcome)
    assert "Session.delete: this AsyncAGB client is closed" in str(outcome)
