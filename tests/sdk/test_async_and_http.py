"""AsyncAGB and the loopback HTTP mock: concurrency, real timeouts, faults over a socket."""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest

from agb import AGB, AsyncAGB, AsyncSession, Config, CreateSessionParams
from tests.support import API_KEY, Backend

CODE_IMAGE = "agb-code-space-1"


def test_sub_second_timeout_is_a_real_deadline(http_backend: Backend) -> None:
    http_backend.set_faults({"kind": "latency", "value": 2, "operation": "getMcpResource"})
    sdk = AGB(api_key=API_KEY, cfg=Config(endpoint=http_backend.url, timeout_ms=500))
    session = sdk.create(CreateSessionParams(image_id=CODE_IMAGE)).session
    started = time.monotonic()
    result = session.info()
    elapsed = time.monotonic() - started
    assert not result.success and "timed out after 0.5 s" in result.error_message
    assert 0.4 < elapsed < 1.5
    started = time.monotonic()
    assert not session.info(timeout_ms=150).success
    assert time.monotonic() - started < 1.0


def test_429_with_retry_after_over_http(http_backend: Backend) -> None:
    http_backend.set_faults(
        {"kind": "rate_limit", "value": 1, "operation": "createSession", "times": 1}
    )
    sdk = AGB(api_key=API_KEY, cfg=Config(endpoint=http_backend.url))
    started = time.monotonic()
    result = sdk.create(CreateSessionParams(image_id=CODE_IMAGE))
    assert result.success and time.monotonic() - started >= 1.0
    assert len(http_backend.running_sessions()) == 1


def test_lost_create_response_is_not_retried_over_http(http_backend: Backend) -> None:
    http_backend.set_faults({"kind": "lost_response", "operation": "createSession", "times": 1})
    sdk = AGB(api_key=API_KEY, cfg=Config(endpoint=http_backend.url))
    result = sdk.create(CreateSessionParams(image_id=CODE_IMAGE))
    assert not result.success and "connection lost" in result.error_message
    assert len(http_backend.running_sessions()) == 1, "the service made exactly one session"


async def lifecycle(agb: AsyncAGB, n: int) -> str:
    created = await agb.create(CreateSessionParams(image_id=CODE_IMAGE, labels={"n": str(n)}))
    assert created.success, created.error_message
    async with created.session as session:
        assert isinstance(session, AsyncSession)
        if n % 10 == 0:  # a kernel each costs a CPU-second to start: five, not fifty
            run = await session.code.run(f"print({n} * 2)", "python")
            assert run.success and run.logs.stdout == [f"{n * 2}\n"], run
        else:
            shell = await session.command.execute_command(f"echo $(({n} * 2))")
            assert shell.success and shell.output == f"{n * 2}\n", shell
        return session.session_id


def test_50_concurrent_async_lifecycles_leave_nothing_behind(http_backend: Backend) -> None:
    async def main() -> list[str]:
        async with AsyncAGB(api_key=API_KEY, cfg=Config(endpoint=http_backend.url)) as agb:
            return await asyncio.gather(*(lifecycle(agb, n) for n in range(50)))

    ids = asyncio.run(main())
    assert len(set(ids)) == 50
    assert http_backend.running_sessions() == set()


def test_async_session_deleted_when_the_body_raises(http_backend: Backend) -> None:
    async def main() -> None:
        async with AsyncAGB(api_key=API_KEY, cfg=Config(endpoint=http_backend.url)) as agb:
            result = await agb.create(CreateSessionParams(image_id=CODE_IMAGE))
            async with result.session:
                raise KeyError("boom")

    with pytest.raises(KeyError):
        asyncio.run(main())
    assert http_backend.running_sessions() == set()


def test_async_listing_and_labels(respx_backend: Backend) -> None:
    for _ in range(12):
        respx_backend.seed_session({"k": "v"})

    async def main() -> None:
        agb = AsyncAGB(api_key=API_KEY, cfg=Config(endpoint=respx_backend.url))
        ids = [sid async for sid in agb.list_all(labels={"k": "v"}, page_size=5)]
        assert len(ids) == len(set(ids)) == 12
        page = await agb.list(labels={"k": "v"}, page=3, limit=5)
        assert page.success and len(page.session_ids) == 2 and page.total_count == 12
        session = (await agb.get(ids[0])).session
        assert (await session.set_labels({"k": "w"})).success
        assert (await session.get_labels()).data == {"k": "w"}
        assert [t.name for t in (await session.list_mcp_tools(CODE_IMAGE)).tools][:2] == [
            "run_code",
            "shell",
        ]
        assert (await agb.delete(session)).success
        await agb.aclose()

    asyncio.run(main())


def test_async_client_accepts_its_own_http_client(respx_backend: Backend) -> None:
    async def main() -> None:
        async with httpx.AsyncClient() as http:
            agb = AsyncAGB(
                api_key=API_KEY, cfg=Config(endpoint=respx_backend.url), http_client=http
            )
            assert (await agb.create(CreateSessionParams(image_id=CODE_IMAGE))).success
            await agb.aclose()
            assert not http.is_closed

    asyncio.run(main())
