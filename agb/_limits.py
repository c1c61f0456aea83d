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
