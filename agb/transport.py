"""The I/O edge: sends the requests plans ask for, with auth, deadlines, retries and logging.

Everything up to the socket is shared: ``_drive`` walks a plan, expands each ``Call`` into HTTP
attempts with retries and turns the outcome into a ``Reply``. Only ``SyncTransport._perform`` and
``AsyncTransport._perform`` touch the network or the clock; they hand ``Transfer`` steps (raw
bytes to or from a presigned URL) to ``agb._raw_http``.

Requests are built by the generated endpoint module's ``_get_kwargs`` and parsed by its
``_build_response``; sending sits between the two so that every request gets the call's remaining
time as its timeout and a status can be retried before its body is parsed.

Deadline: every call has an absolute deadline (its timeout from the start). Each attempt gets
the remaining time as its connect, pool, write and read timeouts, and the body is read in chunks,
checking the deadline and the ``max_response_bytes`` cap between chunks (and the announced
Content-Length before the first). Since a read timeout restarts at every byte, that is not enough
against a server that trickles: the async transport bounds the whole exchange with
``asyncio.wait_for``, and the sync transport's own connection pool bounds every socket read and
write by the time left (``agb._limits``). So a call ends within its timeout plus a few
milliseconds of bookkeeping, whatever the server does. (A caller-supplied ``httpx.Client`` keeps
its own network backend: there each read is bounded by the time left when the attempt began.)

Cancellation: a call that is not idempotent may already have done its work on the service when
the caller gives up (task cancelled, ``KeyboardInterrupt``). That is logged as a warning saying
what to check. For a call that created something (``Call.undo``), the async transport lets the
exchange finish in the background within its deadline and, if it succeeded, removes what was
created (best effort, logged). The sync transport cannot keep going after an interrupt: it only
warns.

Retry rules: up to ``max_retries`` more attempts, exponential backoff with full jitter, all
within the call's deadline. Retried are failures to connect (the request was never sent) and
429 (honouring ``Retry-After``) for every call; 502, 503, 504 and failures after the request was
sent only for idempotent calls. Create, call-tool and run-code are not idempotent.
"""

from __future__ import annotations

import importlib
import logging
import random
import time
from collections.abc import Generator
from typing import TYPE_CHECKING, Any, TypeVar

import httpx

from . import _limits
from ._plan import Batch, Call, Plan, Reply, Sleep, Transfer
from ._translate import WrongTypeError, bool_field, text_field
from .config import Settings, mask_secret
from .errors import ClientClosedError

if TYPE_CHECKING:
    import asyncio

T = TypeVar("T")
logger = logging.getLogger("agb")

_GATEWAY_STATUSES = frozenset({502, 503, 504})
_NEVER_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
_BACKOFF_BASE_S = 0.2
_BACKOFF_CAP_S = 5.0
_ENDPOINTS = "_agb_api.api.default."


class _Send:
    """One HTTP attempt: the request, its absolute deadline, and the call it belongs to."""

    __slots__ = ("kwargs", "deadline", "name", "call", "module")

    def __init__(
        self, kwargs: dict[str, Any], deadline: float, name: str, call: Call, module: Any
    ) -> None:
        self.kwargs = kwargs
        self.deadline = deadline
        self.name = name
        self.call = call
        self.module = module


class _Wait:
    __slots__ = ("seconds",)

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds


class _Many:
    """Exchanges (generators of ``_Send``/``_Wait`` returning a ``Reply``) to drive concurrently."""

    __slots__ = ("exchanges", "limit")

    def __init__(self, exchanges: list[Generator[Any, Any, Reply]], limit: int) -> None:
        self.exchanges = exchanges
        self.limit = limit


class _Move:
    __slots__ = ("transfer", "deadline")

    def __init__(self, transfer: Transfer, deadline: float) -> None:
        self.transfer = transfer
        self.deadline = deadline


_Primitive = _Send | _Wait | _Move | _Many


class BearerAuth(httpx.Auth):
    """Adds ``authorization: Bearer <key>``; its repr shows the key masked."""

    def __init__(self, api_key: str) -> None:
        self._header = f"Bearer {api_key}"
        self._masked = mask_secret(api_key)

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["authorization"] = self._header
        yield request

    def __repr__(self) -> str:
        return f"BearerAuth({self._masked!r})"


class _Shared:
    """State and logic common to both transports; subclasses add only the I/O."""

    _client_type: type[httpx.Client] | type[httpx.AsyncClient]

    def __init__(
        self, settings: Settings, http_client: httpx.Client | httpx.AsyncClient | None = None
    ) -> None:
        if http_client is not None and not isinstance(http_client, self._client_type):
            name = f"httpx.{self._client_type.__name__}"
            raise TypeError(f"http_client must be an {name}, not {type(http_client).__name__}")
        self._owned = http_client is None
        self.http = http_client or _bound_by_deadline(self._client_type(timeout=settings.timeout_s))
        self.settings = settings
        self._auth = BearerAuth(settings.api_key)
        self._parser_client: Any = None

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.settings!r})"

    def _check_open(self, name: str) -> None:
        """Raise ``ClientClosedError`` (not httpx's bare ``RuntimeError``) on a closed client;
        checked when a call starts and again before each request it sends."""
        if self.http.is_closed:
            client = "AsyncAGB" if isinstance(self.http, httpx.AsyncClient) else "AGB"
            raise ClientClosedError(
                f"{name}: this {client} client is closed (its connection pool is shut); "
                f"make a new {client}() for further calls"
            )

    def _request(self, send: _Send) -> httpx.Request:
        self._check_open(send.name)
        kwargs = dict(send.kwargs)
        kwargs["url"] = self.settings.base_url + kwargs["url"]
        # The service's own clients send it on every request, GETs included.
        kwargs["headers"] = {"Content-Type": "application/json", **kwargs.get("headers", {})}
        remaining = max(send.deadline - time.monotonic(), 0.001)
        return self.http.build_request(**kwargs, timeout=httpx.Timeout(remaining))

    def _drive(self, plan: Plan[T]) -> Generator[_Primitive, Any, T]:
        if plan.timeout_ms is not None:
            budget = plan.timeout_ms / 1000
        else:
            budget = max(self.settings.timeout_s, plan.min_timeout_ms / 1000)
        deadline = time.monotonic() + budget
        steps = plan.steps
        value: Any = None
        last: Reply | None = None
        while True:
            try:
                step = steps.send(value)
            except StopIteration as stop:
                return stop.value  # type: ignore[no-any-return]
            except WrongTypeError as exc:
                logger.warning("%s: %s", plan.name, exc)
                return plan.failed(last.request_id if last else "", f"{plan.failure}: {exc}")
            except Exception as exc:  # a surprising answer must give a failed result, not a crash
                logger.error("%s: could not read the service's answer", plan.name, exc_info=True)
                request_id = last.request_id if last else ""
                return plan.failed(request_id, f"{plan.failure}: unexpected answer: {exc!r}")
            if isinstance(step, Sleep):
                delay = min(step.seconds, deadline - time.monotonic())
                if delay > 0:
                    yield _Wait(delay)
                value = deadline - time.monotonic()
            elif isinstance(step, Batch):
                exchanges = [self._exchange(plan, c, deadline, budget) for c in step.calls]
                value = yield _Many(exchanges, step.limit)
                last = value[-1] if value else last
            elif isinstance(step, Transfer):
                value = yield _Move(step, deadline)
                logger.debug("%s %s -> %r", plan.name, step.method, value)
            else:
                value = last = yield from self._exchange(plan, step, deadline, budget)

    def _exchange(
        self, plan: Plan[Any], call: Call, deadline: float, budget: float
    ) -> Generator[_Primitive, Any, Reply]:
        name, failure = plan.name, plan.failure
        module = importlib.import_module(_ENDPOINTS + call.endpoint)
        kwargs = module._get_kwargs(**call.kwargs)
        attempts = self.settings.max_retries + 1
        for attempt in range(1, attempts + 1):
            if deadline - time.monotonic() <= 0:
                return Reply(ok=False, error=_timed_out(failure, budget))
            started = time.monotonic()
            outcome = yield _Send(kwargs, deadline, name, call, module)
            if isinstance(outcome, httpx.Response):
                reply = self._reply(failure, module, outcome)
            else:
                reply = _transport_failure(failure, outcome, budget)
            logger.debug(
                "%s session=%s request_id=%s outcome=%s attempt=%d %.1f ms",
                name, call.session_id or "-", reply.request_id or "-", _describe(outcome),
                attempt, (time.monotonic() - started) * 1000,
            )  # fmt: skip
            wait = _retry_wait(call, outcome, attempt)
            if wait is None or attempt == attempts:
                return reply
            if time.monotonic() + wait >= deadline:
                reply.error += (
                    f" (no retry: waiting {wait:.2f} s would pass the {budget:g} s timeout)"
                )
                return reply
            logger.warning(
                "%s session=%s: retrying in %.2f s (attempt %d of %d) after: %s",
                name, call.session_id or "-", wait, attempt + 1, attempts, reply.error,
            )  # fmt: skip
            yield _Wait(wait)
        raise AssertionError("unreachable")  # pragma: no cover

    def _reply(self, failure: str, module: Any, response: httpx.Response) -> Reply:
        status = response.status_code
        parsed, documented = _parse(module, self._parser(), response)
        request_id = response.headers.get("x-request-id", "")
        if parsed is None:
            what = (
                "the body is not a valid JSON envelope" if status < 300 else _status_text(response)
            )
            return Reply(False, None, request_id, status, "", f"{failure}: {what} (HTTP {status})")
        try:
            request_id = text_field(parsed, "request_id", "", request_id)
            code = text_field(parsed, "code", "")
            message = text_field(parsed, "message", "")
            success = bool_field(parsed, "success", "")
        except WrongTypeError as exc:
            error = f"{failure}: {exc} (HTTP {status})"
            return Reply(False, None, request_id, status, "", error)
        if 200 <= status < 300 and success is True:
            if documented:
                return Reply(True, parsed, request_id, status, code)
            detail = "the answer's data does not have the documented shape"
        else:
            if code and message:
                detail = f"[{code}] {message}"
            else:
                detail = message or code or _status_text(response)
        return Reply(
            False, parsed, request_id, status, code, f"{failure}: {detail} (HTTP {status})"
        )

    def _parser(self) -> Any:
        if self._parser_client is None:
            from _agb_api.client import Client

            self._parser_client = Client(base_url=self.settings.base_url)
        return self._parser_client


class SyncTransport(_Shared):
    """Runs plans on an ``httpx.Client`` (the caller's, or one owned and closed by this)."""

    _client_type = httpx.Client
    http: httpx.Client

    def run(self, plan: Plan[T]) -> T:
        self._check_open(plan.name)
        steps = self._drive(plan)
        done, item = _advance(steps, None)
        while not done:
            done, item = _advance(steps, self._perform(item))
        return item  # type: ignore[no-any-return]

    def _perform(self, step: _Primitive) -> Any:
        if isinstance(step, _Wait):
            return time.sleep(step.seconds)
        if isinstance(step, _Many):
            return self._perform_many(step)
        token = _limits.DEADLINE.set(step.deadline)
        try:
            if isinstance(step, _Move):  # a file transfer: its code loads with the first one
                from ._raw_http import move

                return move(self.http, step.transfer, step.deadline)
            response = self.http.send(self._request(step), auth=self._auth, stream=True)
            try:
                body = _limits.Body(response, step.deadline, self.settings.max_response_bytes)
                return body.read(response.iter_bytes())
            finally:
                response.close()
        except (httpx.TransportError, httpx.DecodingError) as exc:
            return exc
        except BaseException:  # KeyboardInterrupt: the request may have done its work already
            if isinstance(step, _Send) and not step.call.idempotent:
                logger.warning(_interrupted(step, "interrupted"))
            raise
        finally:
            _limits.DEADLINE.reset(token)

    def _perform_many(self, many: _Many) -> list[Reply]:
        # A few threads sharing the client's connection pool; httpx.Client is thread-safe.
        from concurrent.futures import ThreadPoolExecutor

        def finish(exchange: Generator[_Primitive, Any, Reply]) -> Reply:
            done, item = _advance(exchange, None)
            while not done:
                done, item = _advance(exchange, self._perform(item))
            return item  # type: ignore[no-any-return]

        if many.limit == 1 or len(many.exchanges) <= 1:
            return [finish(exchange) for exchange in many.exchanges]
        workers = min(many.limit, len(many.exchanges))
        with ThreadPoolExecutor(workers, thread_name_prefix="agb-batch") as pool:
            return list(pool.map(finish, many.exchanges))

    def close(self) -> None:
        if self._owned:
            self.http.close()


class AsyncTransport(_Shared):
    """Runs plans on an ``httpx.AsyncClient`` (the caller's, or one owned and closed by this)."""

    _client_type = httpx.AsyncClient
    http: httpx.AsyncClient

    def __init__(self, settings: Settings, http_client: httpx.AsyncClient | None = None) -> None:
        super().__init__(settings, http_client)
        self._cleanups: set[asyncio.Task[None]] = set()

    async def run(self, plan: Plan[T]) -> T:
        self._check_open(plan.name)
        steps = self._drive(plan)
        done, item = _advance(steps, None)
        while not done:
            done, item = _advance(steps, await self._perform(item))
        return item  # type: ignore[no-any-return]

    async def _perform(self, step: _Primitive) -> Any:
        import asyncio  # only async users pay for importing asyncio

        if isinstance(step, _Wait):
            return await asyncio.sleep(step.seconds)
        if isinstance(step, _Many):
            return await self._perform_many(step)
        if isinstance(step, _Move):
            from ._raw_http import move_async

            return await move_async(self.http, step.transfer, step.deadline)
        exchange = asyncio.ensure_future(self._bounded(step))
        if step.call.idempotent:
            return await exchange  # cancelling the caller cancels the exchange with it
        try:
            return await asyncio.shield(exchange)
        except asyncio.CancelledError:
            if step.call.undo is None:
                exchange.cancel()
                logger.warning(_interrupted(step, "cancelled"))
            else:
                logger.warning(_interrupted(step, "cancelled", undo=True))
                cleanup = asyncio.ensure_future(self._undo(step, exchange))
                self._cleanups.add(cleanup)
                cleanup.add_done_callback(self._cleanups.discard)
            raise

    async def _bounded(self, step: _Send) -> Any:
        import asyncio

        try:
            return await asyncio.wait_for(self._exchange_io(step), step.deadline - time.monotonic())
        except asyncio.TimeoutError:
            return _limits.DeadlinePassedError()

    async def _exchange_io(self, step: _Send) -> Any:
        try:
            response = await self.http.send(self._request(step), auth=self._auth, stream=True)
            try:
                body = _limits.Body(response, step.deadline, self.settings.max_response_bytes)
                return await body.aread(response.aiter_bytes())
            finally:
                await response.aclose()
        except (httpx.TransportError, httpx.DecodingError) as exc:
            return exc

    async def _undo(self, step: _Send, exchange: asyncio.Future[Any]) -> None:
        """Remove what a cancelled call created, if its answer says it created something."""
        from .results import OperationResult
        from .session import _plain

        outcome = await exchange
        reply, undo = None, None
        if isinstance(outcome, httpx.Response):
            reply = self._reply(f"{step.name} failed", step.module, outcome)
            if reply.ok and step.call.undo is not None:
                undo = step.call.undo(reply.parsed)
        if undo is None:
            why = reply.error if reply is not None else _describe(outcome)
            logger.warning(
                "%s (cancelled): its answer created nothing to remove (%s)", step.name,
                why or "it succeeded without an id",
            )  # fmt: skip
            return
        name = f"{step.name} (cancelled): removing {undo.session_id or 'what it created'}"
        result = await self.run(Plan(name, OperationResult, _plain(undo)))
        if result.success:
            logger.warning("%s: done", name)
        else:
            logger.warning("%s: %s; remove it yourself", name, result.error_message)

    async def _perform_many(self, many: _Many) -> list[Reply]:
        import asyncio

        gate = asyncio.Semaphore(many.limit)

        async def finish(exchange: Generator[_Primitive, Any, Reply]) -> Reply:
            async with gate:
                done, item = _advance(exchange, None)
                while not done:
                    done, item = _advance(exchange, await self._perform(item))
                return item  # type: ignore[no-any-return]

        return list(await asyncio.gather(*(finish(e) for e in many.exchanges)))

    async def aclose(self) -> None:
        """Wait for cleanups of cancelled calls (each within its deadline), then close."""
        import asyncio

        if self._cleanups:
            await asyncio.gather(*self._cleanups, return_exceptions=True)
        if self._owned:
            await self.http.aclose()


def _parse(module: Any, client: Any, response: httpx.Response) -> tuple[Any, bool]:
    """The operation's model and True; or, when only the envelope is readable (a failure with
    ``data: null``, say), the generic ``Envelope`` and False; or (None, False)."""
    try:
        parsed = module._build_response(client=client, response=response).parsed
        if hasattr(parsed, "success"):
            return parsed, True
    except (ValueError, TypeError, KeyError, AttributeError):
        pass
    from _agb_api.models.envelope import Envelope

    try:
        body = response.json()
        return (Envelope.from_dict(body), False) if isinstance(body, dict) else (None, False)
    except (ValueError, TypeError, KeyError, AttributeError):
        return None, False


def _advance(steps: Generator[_Primitive, Any, Any], value: Any) -> tuple[bool, Any]:
    try:
        return False, steps.send(value)
    except StopIteration as stop:
        return True, stop.value


def _retry_wait(call: Call, outcome: object, attempt: int) -> float | None:
    """Seconds to wait before retrying after ``outcome``, or None when it must not be retried."""
    if isinstance(outcome, httpx.Response):
        status = outcome.status_code
        if status == 429 or (status in _GATEWAY_STATUSES and call.idempotent):
            after = _retry_after(outcome)
            return _backoff(attempt) if after is None else after
        return None
    if isinstance(outcome, (_limits.ResponseTooLargeError, _limits.DeadlinePassedError)):
        return None
    if isinstance(outcome, _NEVER_SENT) or call.idempotent:
        return _backoff(attempt)
    return None


def _describe(outcome: object) -> str:
    if isinstance(outcome, httpx.Response):
        return str(outcome.status_code)
    return type(outcome).__name__


def _backoff(attempt: int) -> float:
    return random.uniform(0, min(_BACKOFF_CAP_S, _BACKOFF_BASE_S * 2 ** (attempt - 1)))


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after", "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    from email.utils import parsedate_to_datetime  # rare: only for an HTTP-date Retry-After

    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


def _status_text(response: httpx.Response) -> str:
    snippet = " ".join(response.text.split())[:120]
    phrase = response.reason_phrase or "error"
    return f"{phrase}: {snippet}" if snippet and not snippet.startswith("<") else phrase


def _timed_out(failure: str, budget: float, detail: str = "") -> str:
    """The one wording of a call that ran out of time, after the plan's ``failure`` words."""
    return f"{failure}: timed out after {budget:g} s" + (f" ({detail})" if detail else "")


def _interrupted(step: _Send, how: str, *, undo: bool = False) -> str:
    """The warning for a non-idempotent call given up on after its request may have been sent."""
    what = f"{step.name} was {how} while its request may already have reached the service"
    if undo:
        return (
            f"{what}; if its answer still arrives (within the call's timeout), what it created "
            "is removed in the background and logged"
        )
    if step.call.undo is not None:
        return (
            f"{what}, so it may have created a session: check AGB.list() and delete any "
            "session you did not get back"
        )
    return f"{what}, so it may have run there: check the session's state before repeating it"


def _transport_failure(failure: str, exc: Exception, budget: float) -> Reply:
    if isinstance(exc, _limits.ResponseTooLargeError):
        return Reply(ok=False, error=f"{failure}: {exc}")
    if isinstance(exc, (httpx.TimeoutException, _limits.DeadlinePassedError)):
        return Reply(ok=False, error=_timed_out(failure, budget, type(exc).__name__))
    if isinstance(exc, _NEVER_SENT):
        what = f"could not connect: {exc or type(exc).__name__}"
    elif isinstance(exc, httpx.DecodingError):
        what = f"the answer's body could not be decoded: {exc}"
    else:
        what = f"connection lost before a response arrived: {exc or type(exc).__name__}"
    return Reply(ok=False, error=f"{failure}: {what}")


def _bound_by_deadline(client: httpx.Client | httpx.AsyncClient) -> Any:
    from ._deadline_io import bound_by_deadline  # needs httpcore, loaded with the first client

    return bound_by_deadline(client)
