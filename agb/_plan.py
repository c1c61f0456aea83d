"""Operations written once, run by a sync or an async transport.

An operation is a method that validates its arguments at once and returns a ``Plan``: a generator
that yields ``Call`` (one request to the service), ``Sleep``, ``Transfer`` (raw bytes to or
from a presigned URL) and ``Batch`` (calls performed concurrently) steps and finally returns the
result object. The plan never does I/O itself; the transport bound to the object performs each
step and sends back a ``Reply`` (for a ``Call``), a list of them (for a ``Batch``), a ``Moved``
(for a ``Transfer``) or the seconds left before the call's deadline (for a ``Sleep``). The
``operation`` descriptor makes the same method return the result on a sync
object (``AGB``, ``Session``) and an awaitable of it on an async one (``AsyncAGB``,
``AsyncSession``), so nothing is written twice.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine, Generator
from typing import TYPE_CHECKING, Any, Concatenate, Generic, ParamSpec, Protocol, TypeVar, overload

from ._record import Record
from .errors import check_duration

logger = logging.getLogger("agb")

if TYPE_CHECKING:
    from typing_extensions import Self

    from .transport import AsyncTransport, SyncTransport

T = TypeVar("T")
P = ParamSpec("P")
NOT_FOUND = "InvalidMcpSession.NotFound"


class Call(Record):
    """One request: the generated endpoint module's name and the arguments of its ``_get_kwargs``.

    ``idempotent`` says whether the service may safely see the request twice; only idempotent
    calls are retried once the request may have reached the service. ``undo``, for a call that
    creates something, turns its successful answer into the call that removes it again: the async
    transport sends it when the caller cancelled the call but its answer still arrived.
    """

    __slots__ = ("endpoint", "kwargs", "idempotent", "session_id", "undo")

    def __init__(
        self, endpoint: str, kwargs: dict[str, Any], idempotent: bool, session_id: str = "",
        undo: Callable[[Any], Call | None] | None = None,
    ) -> None:  # fmt: skip
        self.endpoint = endpoint
        self.kwargs = kwargs
        self.idempotent = idempotent
        self.session_id = session_id
        self.undo = undo


class Sleep(Record):
    """Wait, within the call's deadline; the plan is sent back the seconds left after it."""

    __slots__ = ("seconds",)

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds


class Reply(Record):
    """The outcome of a ``Call``: the parsed model when ``ok``, else what went wrong."""

    __slots__ = ("ok", "parsed", "request_id", "status", "code", "error")

    def __init__(
        self, ok: bool, parsed: Any = None, request_id: str = "", status: int = 0, code: str = "",
        error: str = "",
    ) -> None:  # fmt: skip
        self.ok = ok
        self.parsed = parsed
        self.request_id = request_id
        self.status = status
        self.code = code
        self.error = error

    @property
    def not_found(self) -> bool:
        """True when the service says the session does not exist (or no longer does)."""
        return self.code == NOT_FOUND or (
            self.status == 400 and "not found" in (self.error + self.code).lower()
        )


class Transfer(Record):
    """A plain HTTP request to a presigned URL, streaming a local file up (``PUT``) or down
    (``GET``). It carries no AGB credentials; the transport bounds it by the call's deadline and
    sends back a ``Moved``. A download lands in ``local_path`` only when complete."""

    __slots__ = ("method", "url", "local_path", "content_type", "progress")

    def __init__(
        self, method: str, url: str, local_path: str, content_type: str | None = None,
        progress: Callable[[int], None] | None = None,
    ) -> None:  # fmt: skip
        self.method = method
        self.url = url
        self.local_path = local_path
        self.content_type = content_type
        self.progress = progress


class Moved(Record):
    """The outcome of a ``Transfer``: the HTTP status (0 if none arrived), the ``ETag`` of an
    upload, the bytes moved, and ``error`` when the transfer did not complete."""

    __slots__ = ("status", "etag", "size", "error")

    def __init__(self, status: int = 0, etag: str | None = None, size: int = 0, error: str = ""):
        self.status = status
        self.etag = etag
        self.size = size
        self.error = error


class Batch(Record):
    """Several independent calls the transport performs concurrently, at most ``limit`` at a
    time; the plan is sent back their ``Reply`` list, in the order of ``calls``. Each call keeps
    its own retries, within the deadline of the plan."""

    __slots__ = ("calls", "limit")

    def __init__(self, calls: list[Call], limit: int) -> None:
        self.calls = calls
        self.limit = max(1, limit)


Steps = Generator["Call | Sleep | Transfer | Batch", Any, T]


class Plan(Record, Generic[T]):
    """A named sequence of steps with its time budget.

    ``timeout_ms`` is the caller's per-call override; without it the client's default applies,
    raised to ``min_timeout_ms`` for calls that wait on purpose (code with its own timeout).
    ``failure`` opens every failure message, in the official SDK's words ("Failed to get
    session s-1"); the transport adds what went wrong after a colon.
    """

    __slots__ = ("name", "result_type", "steps", "timeout_ms", "min_timeout_ms", "failure")

    def __init__(
        self, name: str, result_type: type[T], steps: Steps[T], timeout_ms: object = None,
        min_timeout_ms: float = 0.0, failure: str = "",
    ) -> None:  # fmt: skip
        self.name = name
        self.result_type = result_type
        self.failure = failure or f"{name} failed"
        self.min_timeout_ms = min_timeout_ms
        problem = "" if timeout_ms is None else check_duration("timeout_ms", timeout_ms)
        if problem:  # a bad override is answered like any bad argument: a failed result
            logger.warning("%s: %s", name, problem)
            steps = answered(self.failed("", f"{self.failure}: {problem}"))
        self.steps = steps
        self.timeout_ms = None if problem or timeout_ms is None else float(timeout_ms)  # type: ignore[arg-type]

    def failed(self, request_id: str, error: str) -> T:
        """The result this plan returns when it cannot complete."""
        return self.result_type(request_id, success=False, error_message=error)  # type: ignore[call-arg]


def refused(name: str, result_type: type[T], message: str) -> Plan[T]:
    """A plan that sends nothing and answers a failed result: the arguments were wrong.

    Logged at WARNING, since it is a programming error the caller may not check for.
    """
    logger.warning("%s: %s", name, message)
    return refusal(name, result_type(success=False, error_message=message))  # type: ignore[call-arg]


def refusal(name: str, result: T) -> Plan[T]:
    """A plan that sends nothing and answers ``result`` (built by the caller)."""
    return Plan(name, type(result), answered(result))


def answered(result: T) -> Steps[T]:
    """Steps that send nothing and return ``result`` at once."""
    return result
    yield  # makes this a generator


class SyncBound(Protocol):
    """An object whose operations run on a sync transport."""

    @property
    def _transport(self) -> SyncTransport: ...


class AsyncBound(Protocol):
    """An object whose operations run on an async transport."""

    @property
    def _transport(self) -> AsyncTransport: ...


class operation(Generic[P, T]):  # noqa: N801 - used as a decorator, like property
    """Bind a plan-building method to the transport of the object it is read from."""

    def __init__(self, build: Callable[Concatenate[Any, P], Plan[T]]) -> None:
        self._build = build
        self.__doc__ = build.__doc__
        self.__name__ = build.__name__
        self.__wrapped__ = build

    @overload
    def __get__(self, obj: None, owner: type) -> Self: ...
    @overload
    def __get__(self, obj: SyncBound, owner: type) -> Callable[P, T]: ...
    @overload
    def __get__(self, obj: AsyncBound, owner: type) -> Callable[P, Coroutine[Any, Any, T]]: ...
    def __get__(self, obj: Any, owner: type) -> Any:
        if obj is None:
            return self
        build, run = self._build, obj._transport.run

        def bound(*args: Any, **kwargs: Any) -> Any:
            return run(build(obj, *args, **kwargs))

        bound.__doc__, bound.__name__ = build.__doc__, build.__name__
        return bound
