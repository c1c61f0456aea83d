"""The I/O of ``Transfer`` steps: a local file streamed to or from a presigned URL.

These requests go to another host (object storage, or the mock's own URLs) and carry no AGB
credentials: the URL is the authorisation. Memory stays bounded by one chunk whatever the file
size. Every read and write gets the time left before the call's deadline as its timeout, and the
transfer stops once the deadline has passed. A download is written to a ``.part`` file next to
``local_path`` and renamed only when complete, so a failed download never leaves a truncated
file at ``local_path``. Failures come back as a ``Moved`` with ``error`` set, never as
exceptions.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import AsyncIterator, Iterator
from typing import IO, Any

import httpx

from ._plan import Moved, Transfer

CHUNK = 256 * 1024


class _ExpiredError(Exception):
    pass


def _timeout(deadline: float) -> httpx.Timeout:
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise _ExpiredError
    return httpx.Timeout(remaining)


def _report(transfer: Transfer, done: int) -> None:
    if transfer.progress is not None:
        # a failing progress callback must not fail the transfer
        with contextlib.suppress(Exception):
            transfer.progress(done)


def _failure(transfer: Transfer, exc: BaseException, done: int) -> Moved:
    _discard(transfer)
    if isinstance(exc, _ExpiredError):
        what = "timed out (the call's deadline passed)"
    elif isinstance(exc, httpx.TimeoutException):
        what = f"timed out ({type(exc).__name__})"
    elif isinstance(exc, httpx.ConnectError):
        what = f"network connection error: {exc}"
    elif isinstance(exc, OSError):
        what = f"local file error: {exc}"
    else:
        what = f"{type(exc).__name__}: {exc}"
    return Moved(error=f"{transfer.method} failed after {done} bytes: {what}", size=done)


def _chunks(handle: IO[bytes], transfer: Transfer, deadline: float) -> Iterator[bytes]:
    done = 0
    while chunk := handle.read(CHUNK):
        if time.monotonic() >= deadline:
            raise _ExpiredError
        done += len(chunk)
        yield chunk
        _report(transfer, done)


async def _achunks(handle: IO[bytes], transfer: Transfer, deadline: float) -> AsyncIterator[bytes]:
    for chunk in _chunks(handle, transfer, deadline):
        yield chunk


def _part(path: str) -> str:
    return f"{path}.part"


def _request(client: httpx.Client | httpx.AsyncClient, transfer: Transfer, deadline: float,
             content: Any = None) -> httpx.Request:  # fmt: skip
    headers = {}
    if transfer.method == "PUT":
        headers["Content-Length"] = str(os.path.getsize(transfer.local_path))
        if transfer.content_type:
            headers["Content-Type"] = transfer.content_type
    return client.build_request(
        transfer.method, transfer.url, content=content, headers=headers,
        timeout=_timeout(deadline),
    )  # fmt: skip


def _uploaded(response: httpx.Response, transfer: Transfer) -> Moved:
    size = os.path.getsize(transfer.local_path)
    return Moved(response.status_code, response.headers.get("etag"), size)


def move(client: httpx.Client, transfer: Transfer, deadline: float) -> Moved:
    """Perform ``transfer`` on a sync client."""
    done = 0
    try:
        if transfer.method == "PUT":
            with open(transfer.local_path, "rb") as handle:
                request = _request(client, transfer, deadline, _chunks(handle, transfer, deadline))
                response = client.send(request, auth=None, follow_redirects=True)
            return _uploaded(response, transfer)
        request = _request(client, transfer, deadline)
        response = client.send(request, auth=None, follow_redirects=True, stream=True)
        try:
            if response.status_code != 200:
                return Moved(response.status_code)
            with _open_part(transfer) as out:
                for chunk in response.iter_bytes(CHUNK):
                    done = _write(out, chunk, done, transfer, deadline)
        finally:
            response.close()
        return _landed(transfer, done)
    except (httpx.HTTPError, OSError, _ExpiredError) as exc:
        return _failure(transfer, exc, done)


async def move_async(client: httpx.AsyncClient, transfer: Transfer, deadline: float) -> Moved:
    """Perform ``transfer`` on an async client (local file reads and writes are one chunk each)."""
    done = 0
    try:
        if transfer.method == "PUT":
            with open(transfer.local_path, "rb") as handle:
                request = _request(client, transfer, deadline, _achunks(handle, transfer, deadline))
                response = await client.send(request, auth=None, follow_redirects=True)
            return _uploaded(response, transfer)
        request = _request(client, transfer, deadline)
        response = await client.send(request, auth=None, follow_redirects=True, stream=True)
        try:
            if response.status_code != 200:
                return Moved(response.status_code)
            with _open_part(transfer) as out:
                async for chunk in response.aiter_bytes(CHUNK):
                    done = _write(out, chunk, done, transfer, deadline)
        finally:
            await response.aclose()
        return _landed(transfer, done)
    except (httpx.HTTPError, OSError, _ExpiredError) as exc:
        return _failure(transfer, exc, done)


def _open_part(transfer: Transfer) -> IO[bytes]:
    folder = os.path.dirname(transfer.local_path)
    if folder:
        os.makedirs(folder, exist_ok=True)
    return open(_part(transfer.local_path), "wb")


def _write(out: IO[bytes], chunk: bytes, done: int, transfer: Transfer, deadline: float) -> int:
    if time.monotonic() >= deadline:
        raise _ExpiredError
    out.write(chunk)
    done += len(chunk)
    _report(transfer, done)
    return done


def _landed(transfer: Transfer, done: int) -> Moved:
    os.replace(_part(transfer.local_path), transfer.local_path)
    return Moved(200, None, done)


def _discard(transfer: Transfer) -> None:
    if transfer.method == "GET":
        with contextlib.suppress(OSError):
            os.remove(_part(transfer.local_path))


__all__ = ["CHUNK", "move", "move_async"]
