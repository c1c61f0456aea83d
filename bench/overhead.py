"""Figure 2: per-call overhead of a sync call vs the same request with a bare httpx.Client."""

from __future__ import annotations

import httpx

from agb import AGB, Config, CreateSessionParams
from bench.common import IMAGE, KEY, Line, median_ms, timed

CALLS = 500
WARMUP = 50


def run(url: str) -> list[Line]:
    sdk = AGB(api_key=KEY, cfg=Config(endpoint=url))
    session = sdk.create(CreateSessionParams(image_id=IMAGE)).session
    bare = httpx.Client(base_url=url, headers={"authorization": f"Bearer {KEY}"})
    body = {"sessionId": session.session_id}
    cases = {
        "session.info()": (
            session.info,
            lambda: bare.post("/mcp/getMcpResource", json=body).raise_for_status(),
        ),
        "agb.get(id)": (
            lambda: sdk.get(session.session_id),
            lambda: bare.post("/mcp/getSession", json=body).raise_for_status(),
        ),
    }
    lines = []
    for name, (with_sdk, with_httpx) in cases.items():
        for _ in range(WARMUP):
            with_sdk()
            with_httpx()
        sdk_times, bare_times = [], []
        for _ in range(CALLS):  # interleaved, so drift hits both alike
            sdk_times.append(timed(with_sdk))
            bare_times.append(timed(with_httpx))
        a, f = median_ms(sdk_times), median_ms(bare_times)
        text = (
            f"sync {name} vs the same request on a bare httpx.Client "
            f"(median of {CALLS}: {a * 1000:.0f} vs {f * 1000:.0f} us; target <= 1.25)"
        )
        lines.append(Line(a / f, text))
    sdk.delete(session)
    sdk.close()
    bare.close()
    return lines
