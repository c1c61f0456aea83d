"""The I/O edge: sends the requests plans ask for, with auth, deadlines, retries and logging.

Everything up to the socket is shared: ``_drive`` walks a plan, expands each ``Call`` into HTTP
attempts with retries and turns the outcome into a ``Reply``. Only ``SyncTransport._perform`` and
``AsyncTransport._perform`` touch the network or the clock; they hand ``Transfer`` steps (raw
bytes to or from a presigned URL) to ``agb._raw_http``.

Requests are built by the generated endpoint module's ``_get_kwargs`` and parsed by its
``_build_response``; sending sits between the two so that every request gets the call's remaining
time as its timeout and a status can be retried before its body is parsed.

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
from typing import Any, TypeVar

import httpx

from . import _raw_http
from ._plan import Call, Plan, Reply, Sleep, Transfer
from .config import Settings, mask_secret

T = TypeVar("T")
logger = logging.getLogger("agb")

_GATEWAY_STATUSES = frozenset({502, 503, 504})
_NEVER_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
_BACKOFF_BASE_S = 0.2
_BACKOFF_CAP_S = 5.0
_ENDPOINTS = "_agb_api.api.default."


class _Send:
    __slots__ = ("kwargs", "timeout_s")

    def __init__(self, kwargs: dict[str, Any], timeout_s: float) -> None:
        self.kwargs = kwargs
        self.timeout_s = timeout_s


class _Wait:
    __slots__ = ("seconds",)

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds


class _Move:
    __slots__ = ("transfer", "deadline")

    def __init__(self, transfer: Transfer, deadline: float) -> None:
        self.transfer = transfer
        self.deadline = deadline


_Primitive = _Send | _Wait | _Move


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
        self.http = http_client or self._client_type(timeout=settings.timeout_s)
        self.settings = settings
        self._auth = BearerAuth(settings.api_key)
        self._parser_client: Any = None

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.settings!r})"

    def _request(self, send: _Send) -> tuple[dict[str, Any], httpx.Timeout]:
        kwargs = dict(send.kwargs)
        kwargs["url"] = self.settings.base_url + kwargs["url"]
        # The service's own clients send it on every request, GETs included.
        kwargs["headers"] = {"Content-Type": "application/json", **kwargs.get("headers", {})}
        return kwargs, httpx.Timeout(send.timeout_s)

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
            except Exception as exc:  # a surprising answer must give a failed result, not a crash
                logger.error("%s: could not read the service's answer", plan.name, exc_info=True)
                request_id = last.request_id if last else ""
                return plan.failed(request_id, f"{plan.failure}: unexpected answer: {exc!r}")
            if isinstance(step, Sleep):
                delay = min(step.seconds, deadline - time.monotonic())
                if delay > 0:
                    yield _Wait(delay)
                value = deadline - time.monotonic()
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
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return Reply(ok=False, error=f"{failure}: timed out after {budget:g} s")
            started = time.monotonic()
            outcome = yield _Send(kwargs, remaining)
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
        request_id = parsed.request_id if isinstance(parsed.request_id, str) else request_id
        code = parsed.code if isinstance(parsed.code, str) else ""
        if 200 <= status < 300 and parsed.success is True:
            if documented:
                return Reply(True, parsed, request_id, status, code)
            detail = "the answer's data does not have the documented shape"
        else:
            message = parsed.message if isinstance(parsed.message, str) else ""
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
        steps = self._drive(plan)
        done, item = _advance(steps, None)
        while not done:
            done, item = _advance(steps, self._perform(item))
        return item  # type: ignore[no-any-return]

    def _perform(self, step: _Primitive) -> Any:
        if isinstance(step, _Wait):
            return time.sleep(step.seconds)
        if isinstance(step, _Move):
            return _raw_http.move(self.http, step.transfer, step.deadline)
        kwargs, timeout = self._request(step)
        try:
            return self.http.send(
                self.http.build_request(**kwargs, timeout=timeout), auth=self._auth
            )
        except httpx.TransportError as exc:
            return exc

    def close(self) -> None:
        if self._owned:
            self.http.close()


class AsyncTransport(_Shared):
    """Runs plans on an ``httpx.AsyncClient`` (the caller's, or one owned and closed by this)."""

    _client_type = httpx.AsyncClient
    http: httpx.AsyncClient

    async def run(self, plan: Plan[T]) -> T:
        steps = self._drive(plan)
        done, item = _advance(steps, None)
        while not done:
            done, item = _advance(steps, await self._perform(item))
        return item  # type: ignore[no-any-return]

    async def _perform(self, step: _Primitive) -> Any:
        if isinstance(step, _Wait):
            import asyncio  # only async users pay for importing asyncio

            return await asyncio.sleep(step.seconds)
        if isinstance(step, _Move):
            return await _raw_http.move_async(self.http, step.transfer, step.deadline)
        kwargs, timeout = self._request(step)
        try:
            request = self.http.build_request(**kwargs, timeout=timeout)
            return await self.http.send(request, auth=self._auth)
        except httpx.TransportError as exc:
            return exc

    async def aclose(self) -> None:
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


def _transport_failure(failure: str, exc: Exception, budget: float) -> Reply:
    if isinstance(exc, httpx.TimeoutException):
        what = f"timed out after {budget:g} s ({type(exc).__name__})"
    elif isinstance(exc, _NEVER_SENT):
        what = f"could not connect: {exc or type(exc).__name__}"
    else:
        what = f"connection lost before a response arrived: {exc or type(exc).__name__}"
    return Reply(ok=False, error=f"{failure}: {what}")
