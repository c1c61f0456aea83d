"""Figure 3: N concurrent create -> run code -> delete lifecycles with AsyncAGB, vs N = 1.

The mock starts a Jupyter kernel at each session's first cell, so its own cost grows with N.
The same lifecycles are also made with a bare httpx.AsyncClient (same requests, same polling),
and the SDK's scaling is divided by the bare client's: what remains is what the SDK adds as N grows.
Each figure is the best of two runs, taken in the order SDK, bare, bare, SDK.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable

import httpx

from agb import AsyncAGB, Config, CreateSessionParams
from bench.common import IMAGE, KEY, Line

SIZES = (1, 50, 200)
LIMITS = httpx.Limits(max_connections=300, max_keepalive_connections=300)
CODE_ARGS = json.dumps({"code": "print(1)", "language": "python", "timeout_s": 60})


async def sdk_lifecycle(agb: AsyncAGB) -> None:
    created = await agb.create(CreateSessionParams(image_id=IMAGE))
    assert created.success, created.error_message
    assert (await created.session.code.run("print(1)", "python")).success
    assert (await agb.delete(created.session)).success


async def bare_lifecycle(client: httpx.AsyncClient) -> None:
    created = await client.post("/mcp/createSession", params={"imageId": IMAGE}, json={})
    session = {"sessionId": created.json()["data"]["sessionId"]}
    body = {**session, "name": "run_code", "args": CODE_ARGS}
    (await client.post("/mcp", params={"autoGenSession": "false"}, json=body)).raise_for_status()
    (await client.post("/mcp/releaseSessionAsync", json=session)).raise_for_status()
    interval = 0.0  # the SDK's polling schedule: at once, then 50 ms doubling to 1 s
    while True:
        if interval:
            await asyncio.sleep(interval)
        info = await client.post("/mcp/getSessionInfo", json=session)
        if info.status_code == 400 or info.json()["data"]["status"] == "FINISH":
            return
        interval = min(interval * 2, 1.0) if interval else 0.05


async def wall_time(n: int, lifecycle: Callable[[], Awaitable[None]]) -> float:
    started = time.perf_counter()
    await asyncio.gather(*(lifecycle() for _ in range(n)))
    return time.perf_counter() - started


async def measure(url: str) -> dict[int, tuple[float, float]]:
    times = {}
    headers = {"authorization": f"Bearer {KEY}"}
    async with (
        httpx.AsyncClient(limits=LIMITS, timeout=120) as http,
        httpx.AsyncClient(base_url=url, headers=headers, limits=LIMITS, timeout=120) as bare,
    ):
        agb = AsyncAGB(api_key=KEY, cfg=Config(endpoint=url, timeout_ms=120_000), http_client=http)
        await wall_time(5, lambda: sdk_lifecycle(agb))  # warm both pools
        await wall_time(5, lambda: bare_lifecycle(bare))
        for n in SIZES:  # best of two, in alternating order, so neither side always goes second
            sdk_first = await wall_time(n, lambda: sdk_lifecycle(agb))
            bare_times = [await wall_time(n, lambda: bare_lifecycle(bare)) for _ in range(2)]
            sdk_last = await wall_time(n, lambda: sdk_lifecycle(agb))
            times[n] = (min(sdk_first, sdk_last), min(bare_times))
    return times


def run(url: str) -> list[Line]:
    times = asyncio.run(measure(url))
    sdk1, bare1 = times[1]
    lines = []
    for n in SIZES[1:]:
        sdk, bare = times[n]
        text = (
            f"AsyncAGB: {n} concurrent lifecycles vs 1, divided by bare httpx's own {n}-vs-1 "
            f"scaling (SDK {sdk:.2f} s vs {sdk1:.3f} s; bare {bare:.2f} s vs {bare1:.3f} s; "
            f"SDK/bare at N={n}: {sdk / bare:.2f}; target: 200 within 3x of 1)"
        )
        lines.append(Line((sdk / sdk1) / (bare / bare1), text))
    return lines
