"""Figure 4: delete latency, and what ``list(page=N)`` costs in requests."""

from __future__ import annotations

import httpx

from agb import AGB, Config, CreateSessionParams
from bench.common import IMAGE, KEY, Line, median_ms, timed

DELETES = 20
SESSIONS = 105


def delete_latency(url: str) -> Line:
    sdk = AGB(api_key=KEY, cfg=Config(endpoint=url))
    bare = httpx.Client(base_url=url, headers={"authorization": f"Bearer {KEY}"})

    def bare_delete(session_id: str) -> None:
        bare.post("/mcp/releaseSessionAsync", json={"sessionId": session_id})
        while True:  # the official SDK's loop: poll once a second until FINISH or gone
            info = bare.post("/mcp/getSessionInfo", json={"sessionId": session_id})
            if info.status_code == 400 or info.json()["data"]["status"] == "FINISH":
                return
            timed(lambda: __import__("time").sleep(1.0))

    ours, fixed = [], []
    for _ in range(DELETES):
        session = sdk.create(CreateSessionParams(image_id=IMAGE)).session
        ours.append(timed(lambda s=session: sdk.delete(s)))
        other = sdk.create(CreateSessionParams(image_id=IMAGE)).session
        fixed.append(timed(lambda s=other: bare_delete(s.session_id)))
    sdk.close()
    bare.close()
    a, f = median_ms(ours), median_ms(fixed)
    text = (
        f"agb.delete() vs release + a fixed 1 s status poll, as the official SDK does "
        f"(median of {DELETES}: {a:.0f} vs {f:.0f} ms; the mock answers DELETING once)"
    )
    return Line(a / f, text)


def page_requests(url: str) -> list[Line]:
    requests: list[httpx.Request] = []
    http = httpx.Client(event_hooks={"request": [requests.append]})
    seeder = AGB(api_key=KEY, cfg=Config(endpoint=url))
    for _ in range(SESSIONS):
        seeder.create(CreateSessionParams(image_id=IMAGE, labels={"bench": "pages"}))
    labels = {"bench": "pages"}

    def cost(page: int, sdk: AGB) -> int:
        before = len(requests)
        assert sdk.list(labels=labels, page=page, limit=10).success
        return len(requests) - before

    cold = [
        cost(n, AGB(api_key=KEY, cfg=Config(endpoint=url), http_client=http)) for n in range(1, 11)
    ]
    walker = AGB(api_key=KEY, cfg=Config(endpoint=url), http_client=http)
    in_order = sum(cost(n, walker) for n in range(1, 11))
    again = cost(10, walker)
    http.close()
    walked = f"list(page=1..10) in order: {in_order} requests for 10 pages"
    return [
        Line(in_order / 10, f"{walked} (a fresh client's first page=N costs {cold})"),
        Line(again / 1, f"list(page=10) again on the same client: {again} request (ideal 1)"),
    ]


def run(url: str) -> list[Line]:
    return [delete_latency(url), *page_requests(url)]
