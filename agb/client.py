"""The entry points: ``AGB`` (sync) and ``AsyncAGB`` (async) create, find, list and delete sessions.

Both share every operation and differ only in their transport, their session class and their
context-manager protocol. One HTTP connection pool per client, reused by every call; pass your
own ``httpx.Client`` / ``httpx.AsyncClient`` as ``http_client`` for proxies, limits or a custom
transport (the SDK then leaves closing it to you).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING, Any

import httpx

from . import _translate
from ._plan import Call, Plan, Reply, Steps, operation, refused
from .config import Config, mask_secret, resolve
from .context_sync import persistence_items
from .errors import check_labels, check_positive_int, check_session_id, check_str, first
from .pagination import Cursor, PageTokens, list_plan
from .results import (
    DeleteResult,
    GetSessionData,
    GetSessionResult,
    SessionListResult,
    SessionResult,
)
from .session import AsyncSession, Session, _SessionOps
from .session_params import CreateSessionParams, mounted_syncs
from .transport import AsyncTransport, SyncTransport

if TYPE_CHECKING:
    from typing_extensions import Self

    from .context import AsyncContextService, ContextService


class _ClientOps:
    _transport_type: type[Any]
    _session_type: type[Any]
    _context_type: str  # the context service's class in agb.context, loaded on first use

    def __init__(
        self,
        api_key: str | None = None,
        cfg: Config | None = None,
        *,
        http_client: httpx.Client | httpx.AsyncClient | None = None,
    ) -> None:
        self.settings = resolve(api_key or None, cfg)
        self._transport = self._transport_type(self.settings, http_client)
        self._pages = PageTokens()

    def __getattr__(self, name: str) -> Any:
        # ``context`` is built on first use: most programs never touch the context service.
        if name == "context":
            from . import context

            self.context = getattr(context, self._context_type)(self)
            return self.context
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    @property
    def api_key(self) -> str:
        """The API key in use (never logged; the repr shows it masked)."""
        return self.settings.api_key

    @property
    def endpoint(self) -> str:
        """The service address in use (``sdk-api.agb.cloud``; ``http://`` ones as given)."""
        return self.settings.base_url.removeprefix("https://")

    @property
    def timeout_ms(self) -> float:
        """The default per-call timeout, in milliseconds."""
        ms = self.settings.timeout_s * 1000
        return int(ms) if ms.is_integer() else ms

    @property
    def config(self) -> Config:
        """The resolved settings, as a ``Config``."""
        return Config(self.endpoint, self.timeout_ms, self.settings.max_retries)

    @property
    def client(self) -> Any:
        """The HTTP client every call goes through (``httpx.Client`` or ``httpx.AsyncClient``)."""
        return self._transport.http

    def __repr__(self) -> str:
        key = mask_secret(self.settings.api_key)
        return f"{type(self).__name__}(endpoint={self.settings.base_url!r}, api_key={key!r})"

    @operation
    def create(
        self, params: CreateSessionParams | None = None, *, timeout_ms: float | None = None
    ) -> Plan[SessionResult]:
        """Create a session from ``params.image_id`` with ``params.labels``.

        Example:
            >>> result = agb.create(CreateSessionParams(image_id="agb-code-space-1"))
            >>> result.success, result.session.session_id
            (True, 'session-...')
        """
        from _agb_api.models import CreateSessionBody, PersistenceDataItem
        from _agb_api.types import UNSET

        failure = "Failed to create session"
        if params is None:
            return refused("AGB.create", SessionResult, "params is required and cannot be None")
        if not isinstance(params, CreateSessionParams):
            return refused(
                "AGB.create", SessionResult,
                f"{failure}: create() takes CreateSessionParams(image_id=...), "
                f"not {type(params).__name__}",
            )  # fmt: skip
        image_id = params.image_id
        if not image_id or (isinstance(image_id, str) and not image_id.strip()):
            message = "image_id is required and cannot be empty or None"
            return refused("AGB.create", SessionResult, message)
        timeout = params.idle_release_timeout
        problem = first(
            check_str("image_id", image_id),
            check_labels(params.labels, allow_empty=True),
            check_str("policy_id", params.policy_id) if params.policy_id else "",
            "" if timeout is None else check_positive_int("idle_release_timeout", timeout),
        )
        if problem:
            return refused("AGB.create", SessionResult, f"{failure}: {problem}")
        try:
            mounts = persistence_items(mounted_syncs(params))
        except (TypeError, ValueError) as exc:  # the official SDK answers these too
            return refused("AGB.create", SessionResult, f"{failure}: {exc}")
        body = CreateSessionBody(
            labels=_translate.dumps(params.labels, "labels") if params.labels else UNSET,
            mcp_policy_id=params.policy_id or UNSET,
            timeout=timeout if timeout is not None else UNSET,
            persistence_data_list=[PersistenceDataItem.from_dict(m) for m in mounts] or UNSET,
        )
        call = Call(
            "create_session", {"body": body, "image_id": image_id}, False, undo=_release_created
        )
        steps = self._create_steps(call, image_id, bool(mounts))
        # With mounts, create also waits for their download, up to the official SDK's 300 s.
        least = 0.0
        if mounts:  # the context code loads only when a create mounts contexts
            from .context_manager import CREATE_INTERVAL_S, CREATE_POLLS

            least = CREATE_POLLS * CREATE_INTERVAL_S * 1000
        return Plan("AGB.create", SessionResult, steps, timeout_ms, least, failure)

    def _create_steps(
        self, call: Call, image_id: str, mounted: bool = False
    ) -> Steps[SessionResult]:
        reply: Reply = yield call
        if not reply.ok:
            return SessionResult(reply.request_id, False, reply.error)
        data = reply.parsed.data
        session_id = _translate.text_field(data, "session_id")
        try:
            if _translate.bool_field(data, "success") is False:  # the service's words, as official
                why = _translate.text_field(data, "err_msg") or "Unknown error"
                return SessionResult(reply.request_id, False, why)
            if not session_id:
                message = "Failed to create session: Session ID not found in response"
                return SessionResult(reply.request_id, False, message)
            session = self._new_session(session_id, data, image_id)
            session.tool_list = _translate.tools(getattr(data, "tool_list", None), "data.toolList")
        except ValueError as exc:  # a session exists that cannot be handed out: release it
            message = f"Failed to create session: {exc}"
            undo = _release_created(reply.parsed)
            if undo is not None:
                released: Reply = yield undo
                outcome = "released" if released.ok else f"NOT released ({released.error})"
                message += f"; the session it created ({session_id}) was {outcome}"
            return SessionResult(reply.request_id, False, message)
        if mounted:
            from .context_manager import initial_download_steps

            yield from initial_download_steps(session_id)
        return SessionResult(reply.request_id, True, "", session)

    def _new_session(self, session_id: str, data: Any, image_id: str = "") -> Any:
        session = self._session_type(self, session_id, image_id)
        for name, value in _translate.session_fields(data).items():
            setattr(session, name, value)
        return session

    @operation
    def get_session(
        self, session_id: str, *, timeout_ms: float | None = None
    ) -> Plan[GetSessionResult]:
        """Read what the service knows of a session: ids, URLs and ``status``."""
        failure = f"Failed to get session {session_id}"
        problem = check_session_id(session_id)
        if problem:
            return refused("AGB.get_session", GetSessionResult, f"{failure}: {problem}")
        steps = _get_session_steps(_get_call(session_id))
        return Plan("AGB.get_session", GetSessionResult, steps, timeout_ms, failure=failure)

    @operation
    def get(self, session_id: str, *, timeout_ms: float | None = None) -> Plan[SessionResult]:
        """Attach to an existing session by id.

        Example:
            >>> session = agb.get("session-0123").session
        """
        problem = check_session_id(session_id)
        if problem:
            return refused("AGB.get", SessionResult, problem)
        failure = f"Failed to get session {session_id}"
        steps = self._get_steps(_get_call(session_id))
        return Plan("AGB.get", SessionResult, steps, timeout_ms, failure=failure)

    def _get_steps(self, call: Call) -> Steps[SessionResult]:
        found = yield from _get_session_steps(call)
        if not found.success or found.data is None:
            return SessionResult(found.request_id, False, found.error_message)
        session = self._new_session(found.data.session_id, found.data)
        return SessionResult(found.request_id, True, "", session)

    @operation
    def delete(
        self, session: Any, sync_context: bool = False, *, timeout_ms: float | None = None
    ) -> Plan[DeleteResult]:
        """Release ``session`` and wait until the service confirms it is gone.

        Example:
            >>> agb.delete(session).success
            True
        """
        if not isinstance(session, self._session_type):
            raise TypeError(
                f"delete() takes a {self._session_type.__name__}, not {type(session).__name__}"
            )
        plan: Plan[DeleteResult] = session._delete_plan("AGB.delete", timeout_ms, sync_context)
        return plan

    @operation
    def list(
        self,
        labels: dict[str, str] | None = None,
        page: int | None = None,
        limit: int | None = None,
        *,
        timeout_ms: float | None = None,
    ) -> Plan[SessionListResult]:
        """One page of the running sessions carrying every label in ``labels``.

        ``page`` counts from 1; ``limit`` is the page size (default 10, at most 100). Tokens of
        pages already walked are remembered, so a later page costs one request.

        Example:
            >>> result = agb.list(labels={"project": "demo"}, page=2, limit=10)
            >>> result.total_count, result.session_ids
        """
        return list_plan(self._pages, labels, page, limit, timeout_ms)


def _get_call(session_id: str) -> Call:
    from _agb_api.models import SessionIdBody

    return Call("get_session", {"body": SessionIdBody(session_id=session_id)}, True, session_id)


def _release_created(parsed: Any) -> Call | None:
    """The call that releases the session a createSession answer reports, if it has an id."""
    from _agb_api.models import SessionIdBody

    session_id = getattr(getattr(parsed, "data", None), "session_id", None)
    if not isinstance(session_id, str) or not session_id:
        return None
    body = SessionIdBody(session_id=session_id)
    return Call("release_session_async", {"body": body}, True, session_id)


def _get_session_steps(call: Call) -> Steps[GetSessionResult]:
    reply: Reply = yield call
    if not reply.ok:
        return GetSessionResult(
            reply.request_id, reply.status, reply.code, False, None, reply.error
        )
    data = reply.parsed.data
    found = GetSessionData(
        # absent: the session asked for; a different or wrong-typed id is never replaced by it
        session_id=_translate.text_field(data, "session_id", default=call.session_id),
        success=True,
        status=_translate.text_field(data, "status"),
        tool_list=_translate.text_field(data, "tool_list"),
        **_translate.session_fields(data),
    )
    return GetSessionResult(reply.request_id, reply.status, reply.code, True, found)


class AGB(_ClientOps):
    """The sync client: ``AGB()`` reads ``AGB_API_KEY`` and friends; ``with AGB()`` closes it.

    Example:
        >>> from agb import AGB
        >>> from agb.session_params import CreateSessionParams
        >>> agb = AGB()
        >>> with agb.create(CreateSessionParams(image_id="agb-code-space-1")).session as session:
        ...     print(session.code.run("print('hi')", "python").logs.stdout)
        ['hi\\n']
    """

    _transport_type = SyncTransport
    _session_type = Session
    _context_type = "ContextService"
    context: ContextService
    _transport: SyncTransport

    def list_all(
        self, labels: dict[str, str] | None = None, page_size: int | None = None
    ) -> Iterator[str]:
        """Iterate over the ids of every running session carrying ``labels``, page by page.

        Raises ``agb.errors.ListSessionsError`` if a page fails, ``ValueError`` for a bad filter.
        """
        cursor = Cursor(labels, page_size)
        while cursor.more:
            yield from cursor.take(self._transport.run(cursor.plan()))

    def close(self) -> None:
        """Close the connection pool (unless it was passed in as ``http_client``).

        Calls made afterwards, on this client or its sessions, raise
        ``agb.errors.ClientClosedError`` at once. (The official SDK has no ``close``: each of its
        calls opens a connection of its own, so code written for it never meets this.)
        """
        self._transport.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class AsyncAGB(_ClientOps):
    """The async client: the same calls as ``AGB``, awaited; ``async with AsyncAGB() as agb:``.

    Example:
        >>> async with AsyncAGB() as agb:
        ...     result = await agb.create(CreateSessionParams(image_id="agb-code-space-1"))
        ...     async with result.session as session:
        ...         await session.code.run("print('hi')", "python")
    """

    _transport_type = AsyncTransport
    _session_type = AsyncSession
    _context_type = "AsyncContextService"
    context: AsyncContextService
    _transport: AsyncTransport

    async def list_all(
        self, labels: dict[str, str] | None = None, page_size: int | None = None
    ) -> AsyncIterator[str]:
        """Iterate over the ids of every running session carrying ``labels``, page by page."""
        cursor = Cursor(labels, page_size)
        while cursor.more:
            for session_id in cursor.take(await self._transport.run(cursor.plan())):
                yield session_id

    async def aclose(self) -> None:
        """Close the connection pool (unless it was passed in as ``http_client``), after the
        clean-up of any cancelled create still under way; later calls raise
        ``agb.errors.ClientClosedError``."""
        await self._transport.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()


__all__ = ["AGB", "AsyncAGB", "Session", "AsyncSession", "_SessionOps"]
