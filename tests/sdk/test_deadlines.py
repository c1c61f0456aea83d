"""A call's timeout is a deadline and its answer has a size cap, whatever the server does.

Each case runs against a hostile loopback server (``tests/sdk/loopback.py``), sync and async.
The time bounds are generous on purpose (they prove the limit, not the speed): before the
deadline existed these calls ran for the whole trickle (20 s and more) or read gigabytes.
"""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import httpx
import pytest

from agb import AGB, AsyncAGB, Config, CreateSessionParams
from tests.sdk.loopback import Conn, LoopbackServer, answering, envelope, head, serving

KEY = "akm-loopback-test-key-0001"
TIMEOUT_MS = 1500
BOUND_S = TIMEOUT_MS / 1000 + 1.5  # the deadline plus a generous allowance for a busy machine
MiB = 1024 * 1024


def slow_headers(conn: Conn, path: str, body: bytes) -> None:
    conn.send(b"HTTP/1.1 200 OK\r\n")
    conn.trickle(b"X-Slow: " + b"a" * 40 + b"\r\nContent-Length: 2\r\n\r\n{}")


def stalled(conn: Conn, path: str, body: bytes) -> None:
    conn.wait_for_hangup()


def trickled_body(conn: Conn, path: str, body: bytes) -> None:
    payload = json.dumps(envelope({"sessionId": "session-1"})).encode()
    conn.send(head(200, len(payload)))
    conn.trickle(payload)


def stalled_mid_body(conn: Conn, path: str, body: bytes) -> None:
    conn.send(head(200, 100) + b'{"success": true, ')
    conn.wait_for_hangup()


def endless(announce: bool) -> Any:
    """Stream spaces fast, announcing 2e9 bytes or chunked with no length; stop at 256 MiB."""

    def behave(conn: Conn, path: str, body: bytes) -> None:
        block = b" " * 65536
        if announce:
            conn.send(head(200, 2_000_000_000))
            while conn.server.sent < 256 * MiB:
                conn.send(block)
        else:
            conn.send(head(200, None, "Transfer-Encoding: chunked\r\n"))
            frame = b"%x\r\n" % len(block) + block + b"\r\n"
            while conn.server.sent < 256 * MiB:
                conn.send(frame)

    return behave


def call(mode: str, op: str, server: LoopbackServer, **cfg: Any) -> tuple[Any, float]:
    """Run ``op`` (get or create) on a fresh sync or async client; the result and its seconds."""
    config = Config(endpoint=server.url, **{"timeout_ms": TIMEOUT_MS, **cfg})

    def sync() -> Any:
        with AGB(api_key=KEY, cfg=config) as sdk:
            if op == "create":
                return sdk.create(CreateSessionParams(image_id="agb-code-space-1"))
            return sdk.get("session-1")

    async def run_async() -> Any:
        async with AsyncAGB(api_key=KEY, cfg=config) as sdk:
            if op == "create":
                return await sdk.create(CreateSessionParams(image_id="agb-code-space-1"))
            return await sdk.get("session-1")

    started = time.monotonic()
    result = sync() if mode == "sync" else asyncio.run(run_async())
    return result, time.monotonic() - started


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize(
    ("behaviour", "op"),
    [
        (slow_headers, "get"),
        (stalled, "get"),
        (trickled_body, "get"),
        (trickled_body, "create"),
        (stalled_mid_body, "get"),
    ],
    ids=["slow-headers", "stalled", "trickled-body", "trickled-body-create", "stalled-mid-body"],
)
def test_a_call_ends_by_its_deadline(mode: str, behaviour: Any, op: str) -> None:
    with serving(behaviour) as server:
        result, elapsed = call(mode, op, server)
    assert not result.success
    assert "timed out after 1.5 s" in result.error_message, result.error_message
    assert elapsed < BOUND_S, f"{mode} {op} took {elapsed:.1f} s"


def test_retries_and_backoff_stay_within_the_deadline() -> None:
    attempts = []

    def flaky(conn: Conn, path: str, body: bytes) -> None:
        attempts.append(path)
        conn.send(head(503, 0, "Retry-After: 0\r\n") if len(attempts) < 3 else b"")
        if len(attempts) >= 3:
            conn.wait_for_hangup()

    with serving(flaky) as server:
        result, elapsed = call("sync", "get", server, max_retries=10)
    assert not result.success and elapsed < BOUND_S
    assert len(attempts) == 3, "retried twice, then the third attempt ran into the deadline"


def test_a_callers_own_sync_client_still_ends_a_trickled_body_near_the_deadline() -> None:
    # Without the SDK's own pool only the per-chunk check applies: deadline + one trickle step.
    with serving(trickled_body) as server, httpx.Client() as http:
        sdk = AGB(api_key=KEY, cfg=Config(endpoint=server.url, timeout_ms=TIMEOUT_MS),
                  http_client=http)  # fmt: skip
        started = time.monotonic()
        result = sdk.get("session-1")
        elapsed = time.monotonic() - started
    assert not result.success and "timed out" in result.error_message
    assert elapsed < BOUND_S


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize("announce", [True, False], ids=["content-length-2e9", "chunked"])
def test_an_answer_over_the_cap_fails_at_once_with_memory_bounded(
    mode: str, announce: bool
) -> None:
    with serving(endless(announce)) as server:
        result, elapsed = call(mode, "get", server, max_response_bytes=MiB, timeout_ms=20_000)
        server.stopping.set()
    assert not result.success
    assert "over the 1048576-byte cap" in result.error_message, result.error_message
    assert "max_response_bytes" in result.error_message
    assert elapsed < 10, "the call stopped reading instead of waiting for its 20 s timeout"
    # Reading stopped at the cap: the server got rid of little more than socket buffers hold.
    assert server.sent < 64 * MiB, f"the client took {server.sent / MiB:.0f} MiB"
    if announce:
        assert server.sent < 8 * MiB, "the announced length alone must refuse the answer"


def test_the_cap_is_configurable_and_the_default_takes_a_large_legitimate_answer() -> None:
    big = "x" * (3 * MiB)  # far more than the biggest real answer (a base64 file chunk)
    routes = {"/mcp/getSession": envelope({"sessionId": "session-1", "resourceUrl": big})}
    with serving(answering(routes)) as server:
        result, _ = call("sync", "get", server)
        assert result.success and result.session.resource_url == big
        capped, _ = call("sync", "get", server, max_response_bytes=2 * MiB)
    assert not capped.success and "2097152-byte cap" in capped.error_message


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_an_undecodable_body_is_a_failed_result(mode: str) -> None:
    def garbled(conn: Conn, path: str, body: bytes) -> None:
        conn.send(head(200, 12, "Content-Encoding: gzip\r\n") + b"not gzip at all"[:12])

    with serving(garbled) as server:
        result, _ = call(mode, "create", server)
    assert not result.success
    assert "the answer's body could not be decoded" in result.error_message, result.error_message


def test_the_default_cap_takes_the_biggest_file_chunk_answer(
    agb_client: Any, agb_mock: Any
) -> None:
    # A full read chunk of text that JSON must escape (control characters, quotes, backslashes)
    # makes the largest answer the SDK asks for: several times the chunk. It passes the default
    # cap, and a cap below its size refuses it, so the answer really is that big.
    from mock_server import session_fs

    session = agb_client.create(CreateSessionParams(image_id="agb-code-space-1")).session
    (stored,) = [s for s, _ in agb_mock.store.everything() if s.session_id == session.session_id]
    text = '\x01"\\' * (2 * MiB // 3)
    host = session_fs.to_host(stored.sandbox.scratch, "/tmp/escaped.txt")
    host.write_text(text, encoding="utf-8")
    read = session.file.read("/tmp/escaped.txt")
    assert read.success and read.content == text, read.error_message
    with AGB(cfg=Config(max_response_bytes=2 * MiB)) as capped:
        refused = capped.get(session.session_id).session.file.read("/tmp/escaped.txt")
    assert not refused.success and "2097152-byte cap" in refused.error_message
