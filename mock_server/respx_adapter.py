"""In-process mounting through respx: every request to ``base_url`` made by an httpx.Client or
httpx.AsyncClient is answered by the service, with no socket. Transport faults become the httpx
exceptions a real network would raise; slow and huge bodies are streamed. respx is imported
only when this is used."""

from __future__ import annotations

import asyncio
import contextvars
import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

import httpx

from mock_server.service import MockService
from mock_server.wire import MockReply, MockRequest

if TYPE_CHECKING:
    import respx

_IN_ASYNC = contextvars.ContextVar("agb_mock_in_async", default=False)


@cache
def _router_class() -> type[respx.MockRouter]:
    import respx

    class _Router(respx.MockRouter):
        """Marks async dispatch so the side effect can answer with a coroutine."""

        async def async_handler(self, request: httpx.Request) -> httpx.Response:
            token = _IN_ASYNC.set(True)
            try:
                return await super().async_handler(request)
            finally:
                _IN_ASYNC.reset(token)

    return _Router


def to_mock_request(request: httpx.Request, base_path: str, base_url: str = "") -> MockRequest:
    path = request.url.path
    if base_path and path.startswith(base_path):
        path = path[len(base_path) :] or "/"
    query = parse_qs(request.url.query.decode(), keep_blank_values=True)
    target = len(request.url.raw_path)
    headers = dict(request.headers)
    return MockRequest(request.method, path, query, headers, request.content, target, base_url)


class _FileStream(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A reply body read from a file in blocks (presigned downloads), for both client kinds."""

    def __init__(self, path: Path) -> None:
        self._handle = path.open("rb")  # opened now: the blob may be replaced meanwhile

    def __iter__(self) -> Iterator[bytes]:
        with self._handle:
            yield from iter(lambda: self._handle.read(1 << 20), b"")

    async def __aiter__(self) -> AsyncIterator[bytes]:
        with self._handle:
            for block in iter(lambda: self._handle.read(1 << 20), b""):
                yield block


class _Pieces(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A slow or huge body, produced while the client reads it (sync or async)."""

    def __init__(self, reply: MockReply) -> None:
        self.reply = reply

    def __iter__(self) -> Iterator[bytes]:
        pause = threading.Event()  # not time.sleep, which tests of the client may stub out
        for delay, piece in self.reply.pieces():
            if delay:
                pause.wait(delay)
            yield piece

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for delay, piece in self.reply.pieces():
            if delay:
                await asyncio.sleep(delay)
            yield piece


def to_httpx_response(reply: MockReply, request: httpx.Request) -> httpx.Response:
    if reply.action == "connect_error":
        raise httpx.ConnectError("Connection refused (injected fault)", request=request)
    if reply.action == "drop":
        raise httpx.RemoteProtocolError(
            "Server disconnected without sending a response.", request=request
        )
    if reply.body_file is not None:
        stream = _FileStream(reply.body_file)
        headers = {**reply.headers, "content-length": str(reply.body_file.stat().st_size)}
        return httpx.Response(reply.status, headers=headers, stream=stream)
    if reply.streamed:
        headers = {**reply.headers, "content-length": str(reply.content_length)}
        return httpx.Response(reply.status, headers=headers, stream=_Pieces(reply))
    return httpx.Response(reply.status, headers=reply.headers, content=reply.body)


@contextmanager
def mount_respx(
    service: MockService, base_url: str = "http://agb.mock", *, assert_all_mocked: bool = True
) -> Iterator[respx.MockRouter]:
    """Route ``base_url`` to ``service`` for the duration of the ``with`` block."""
    base_path = urlsplit(base_url).path.rstrip("/")
    root_url = base_url.rstrip("/")

    def answer(request: httpx.Request) -> Any:
        if _IN_ASYNC.get():
            return _answer_async(request)
        request.read()
        return to_httpx_response(
            service.handle(to_mock_request(request, base_path, root_url)), request
        )

    async def _answer_async(request: httpx.Request) -> httpx.Response:
        await request.aread()
        mock_request = to_mock_request(request, base_path, root_url)
        reply = await asyncio.to_thread(service.handle, mock_request)
        return to_httpx_response(reply, request)

    router = _router_class()(
        base_url=base_url, assert_all_called=False, assert_all_mocked=assert_all_mocked
    )
    router.route().mock(side_effect=answer)
    with router:
        yield router
