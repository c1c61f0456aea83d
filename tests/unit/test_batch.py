"""The ``Batch`` step: calls performed concurrently within a bound, replies in call order, each
call with its own retries; the same on the sync and the async transport."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import respx

from agb import AGB, AsyncAGB, Config
from agb._plan import Batch, Plan, Steps
from agb.mcp import tool_call
from agb.results import OperationResult

BASE = "http://agb.test"
KEY = "akm-unit-test-key-9876"


class Server:
    """Answers each tool call with its ``n`` argument, counting the calls in flight."""

    def __init__(self, fail_first: int = 0) -> None:
        self.lock = threading.Lock()
        self.in_flight = self.most = self.seen = 0
        self.fail_first = fail_first

    def enter(self) -> bool:
        with self.lock:
            self.in_flight += 1
            self.seen += 1
            self.most = max(self.most, self.in_flight)
            return self.seen <= self.fail_first

    def leave(self) -> None:
        with self.lock:
            self.in_flight -= 1

    def answer(self, request: httpx.Request, fail: bool) -> httpx.Response:
        if fail:
            return httpx.Response(503, text="busy")
        n = json.loads(json.loads(request.content)["args"])["n"]
        data = {"content": [{"type": "text", "text": str(n)}], "isError": False}
        return httpx.Response(
            200, json={"success": True, "code": "ok", "requestId": f"R{n}", "data": data}
        )

    def sync(self, request: httpx.Request) -> httpx.Response:
        fail = self.enter()
        time.sleep(0.05)
        self.leave()
        return self.answer(request, fail)

    async def async_(self, request: httpx.Request) -> httpx.Response:
        fail = self.enter()
        await asyncio.sleep(0.05)
        self.leave()
        return self.answer(request, fail)


def plan(count: int, limit: int) -> Plan[OperationResult]:
    def steps() -> Steps[OperationResult]:
        calls = [tool_call("s-1", "echo", {"n": n}) for n in range(count)]
        for call in calls:
            call.idempotent = True
        replies = yield Batch(calls, limit)
        texts = [r.parsed.data.content[0].text if r.ok else r.error for r in replies]
        return OperationResult(replies[-1].request_id, True, texts)

    return Plan("Test.batch", OperationResult, steps())


@pytest.fixture
def router() -> Iterator[respx.MockRouter]:
    with respx.mock(base_url=BASE, assert_all_called=False) as mocked:
        yield mocked


def test_sync_batch_is_concurrent_bounded_and_ordered(router: respx.MockRouter) -> None:
    server = Server()
    router.post("/mcp").mock(side_effect=server.sync)
    sdk = AGB(api_key=KEY, cfg=Config(endpoint=BASE))
    result = sdk._transport.run(plan(9, 3))
    assert result.data == [str(n) for n in range(9)] and result.request_id == "R8"
    assert 2 <= server.most <= 3


def test_async_batch_is_concurrent_bounded_and_ordered(router: respx.MockRouter) -> None:
    server = Server()
    router.post("/mcp").mock(side_effect=server.async_)

    async def go() -> Any:
        async with AsyncAGB(api_key=KEY, cfg=Config(endpoint=BASE)) as sdk:
            return await sdk._transport.run(plan(9, 3))

    result = asyncio.run(go())
    assert result.data == [str(n) for n in range(9)]
    assert 2 <= server.most <= 3


def test_each_call_of_a_batch_keeps_its_retries(
    router: respx.MockRouter, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("agb.transport._backoff", lambda attempt: 0.0)
    server = Server(fail_first=2)
    router.post("/mcp").mock(side_effect=server.sync)
    sdk = AGB(api_key=KEY, cfg=Config(endpoint=BASE))
    result = sdk._transport.run(plan(4, 4))
    assert result.data == ["0", "1", "2", "3"] and server.seen == 6


def test_limit_one_is_sequential(router: respx.MockRouter) -> None:
    server = Server()
    router.post("/mcp").mock(side_effect=server.sync)
    sdk = AGB(api_key=KEY, cfg=Config(endpoint=BASE))
    assert sdk._transport.run(plan(3, 1)).data == ["0", "1", "2"]
    assert server.most == 1
