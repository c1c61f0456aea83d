"""How long and how large an answer may be: the call's deadline and ``max_response_bytes``.

``Body`` reads a streamed response in chunks, refusing it as soon as its announced or received
size passes the cap and stopping once the deadline has passed; memory stays bounded by the cap.
A read timeout restarts at every byte, so a server trickling one byte at a time could hold a read
open far past the deadline: ``DeadlineBackend`` gives every socket read, write and connect of a
sync ``httpx.Client`` at most the time left before the deadline of the exchange running in that
thread (``DEADLINE``), which makes the deadline hard. (The async transport bounds the whole
exchange with ``asyncio.wait_for`` instead.)
"""

from __future__ import annotations

import contextvars
import time
from collections.abc import Iterable
from typing import Any

import httpcore
import httpx

# The deadline of the exchange running in this thread (or task), read by DeadlineStream.
DEADLINE: contextvars.ContextVar[float | None] = contextvars.ContextVar(
    "agb_deadline", default=None
)


class ResponseTooLargeError(Exception):
    """The answer is bigger than ``max_response_bytes``; it was not read."""

    def __init__(self, cap: int, size: int | None) -> None:
        announced = f"announces {size} bytes" if size is not None else "goes on"
        super().__init__(
            f"the answer {announced}, over the {cap}-byte cap (Config(max_response_bytes=...) "
            "or AGB_MAX_RESPONSE_BYTES)"
        )


class DeadlinePassedError(Exception):
    """The call's deadline passed while its answer was still arriving."""


class Body:
    """Reads a streamed body within the call's deadline and the size cap; memory stays bounded."""

    __slots__ = ("response", "deadline", "cap", "parts", "size")

    def __init__(self, response: httpx.Response, deadline: float, cap: int) -> None:
        self.response = response
        self.deadline = deadline
        self.cap = cap
        self.parts: list[bytes] = []
        self.size = 0

    def read(self, chunks: Iterable[bytes]) -> httpx.Response | Exception:
        error = self._announced()
        if error is not None:
            return error
        for chunk in chunks:
            error = self._add(chunk)
            if error is not None:
                return error
        return self._complete()

    async def aread(self, chunks: Any) -> httpx.Response | Exception:
        error = self._announced()
        if error is not None:
            return error
        async for chunk in chunks:
            error = self._add(chunk)
            if error is not None:
                return error
        return self._complete()

    def _announced(self) -> Exception | None:
        length = self.response.headers.get("content-length", "")
        if length.isdigit() and int(length) > self.cap:
            return ResponseTooLargeError(self.cap, int(length))
        return None

    def _add(self, chunk: bytes) -> Exception | None:
        self.size += len(chunk)
        if self.size > self.cap:
            return ResponseTooLargeError(self.cap, None)
        if time.monotonic() > self.deadline:
            return DeadlinePassedError()
        self.parts.append(chunk)
        return None

    def _complete(self) -> httpx.Response:
        """The answer as a plain, fully read response (the body is already decoded)."""
        skip = {"content-encoding", "content-length", "transfer-encoding"}
        headers = [(k, v) for k, v in self.response.headers.multi_items() if k.lower() not in skip]
        return httpx.Response(
            self.response.status_code,
            headers=headers,
            content=b"".join(self.parts),
            request=self.response.request,
            extensions=self.response.extensions,
        )


def bounded_timeout(timeout: float | None, expired: type[Exception]) -> float | None:
    """The smaller of ``timeout`` and the time left before this exchange's deadline."""
    deadline = DEADLINE.get()
    if deadline is None:
        return timeout
    left = deadline - time.monotonic()
    if left <= 0:
        raise expired("the call's deadline has passed")
    return left if timeout is None else min(timeout, left)


class DeadlineStream(httpcore.NetworkStream):
    """A socket whose every read and write ends by the current exchange's deadline."""

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, bounded_timeout(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, bounded_timeout(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        bounded = bounded_timeout(timeout, httpcore.ConnectTimeout)
        return DeadlineStream(self._inner.start_tls(ssl_context, server_hostname, bounded))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class DeadlineBackend(httpcore.NetworkBackend):
    """Opens ``DeadlineStream`` sockets; the sync pool's hard bound on a call's time."""

    def __init__(self, inner: httpcore.NetworkBackend) -> None:
        self._inner = inner

    def connect_tcp(
        self, host: str, port: int, timeout: float | None = None,
        local_address: str | None = None, socket_options: Any = None,
    ) -> httpcore.NetworkStream:  # fmt: skip
        bounded = bounded_timeout(timeout, httpcore.ConnectTimeout)
        return DeadlineStream(
            self._inner.connect_tcp(host, port, bounded, local_address, socket_options)
        )

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Any = None
    ) -> httpcore.NetworkStream:
        bounded = bounded_timeout(timeout, httpcore.ConnectTimeout)
        return DeadlineStream(self._inner.connect_unix_socket(path, bounded, socket_options))

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


def bound_by_deadline(client: Any) -> Any:
    """Give a client the SDK owns the deadline-bounded network backend (sync pools only; the
    async transport bounds the whole exchange instead). httpx has no public switch for this:
    the pools' backend attribute is set, and a httpx without it keeps its per-read timeouts."""
    if isinstance(client, httpx.Client):
        for transport in (client._transport, *client._mounts.values()):
            pool = getattr(transport, "_pool", None)
            backend = getattr(pool, "_network_backend", None)
            if isinstance(backend, httpcore.NetworkBackend):
                pool._network_backend = DeadlineBackend(backend)  # type: ignore[union-attr]
    return client
