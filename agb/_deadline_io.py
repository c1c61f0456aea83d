"""The sync pool's hard bound on a call's time: sockets whose every connect, read and write ends
by the current exchange's deadline (``_limits.DEADLINE``).

Kept apart from ``_limits`` because it needs ``httpcore`` at import, which ``httpx`` itself only
loads when a client is built; ``import agb`` stays as light as ``import httpx``.
"""

from __future__ import annotations

from typing import Any

import httpcore
import httpx

from ._limits import bounded_timeout


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
