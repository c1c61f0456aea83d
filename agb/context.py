"""``agb.context``: the account's contexts, persistent storage that outlives sessions.

``ContextService`` (on ``AGB``) and ``AsyncContextService`` (on ``AsyncAGB``) share every
operation. A context is found or created by name, mounted into sessions with
``CreateSessionParams(context_syncs=[ContextSync(...)])``, and its files are listed, deleted or
moved through presigned URLs here. As in the official SDK, a missing id, name or path gives a
result with ``success=False`` and no request; only ``clear`` raises, ``ClearanceTimeoutError``
when the context is not cleared within ``timeout`` seconds.

Example:
    >>> context = agb.context.get("my-project", create=True).context
    >>> agb.context.list_files(context.id, "/home/my-data").entries
    []
"""

from __future__ import annotations

import builtins
import logging
import time
from typing import TYPE_CHECKING, Any

from . import _translate
from ._plan import Call, Plan, Reply, Sleep, Steps, operation, refusal
from .context_results import (
    ClearContextResult,
    Context,
    ContextFileEntry,
    ContextFileListResult,
    ContextListResult,
    ContextResult,
    FileUrlResult,
)
from .errors import ClearanceTimeoutError
from .results import OperationResult

if TYPE_CHECKING:
    from .transport import AsyncTransport, SyncTransport

logger = logging.getLogger("agb")
POLL_FIRST_S = 0.05
_CLEAR_MARGIN_MS = 30_000


class ContextListParams:
    """Paging of ``agb.context.list()``: page size (default 10) and the token of the page."""

    __slots__ = ("max_results", "next_token")

    def __init__(self, max_results: int | None = None, next_token: str | None = None) -> None:
        self.max_results = max_results
        self.next_token = next_token


def growing(interval: float, cap: float) -> float:
    """The next poll interval: doubling from ``POLL_FIRST_S`` up to ``cap`` seconds."""
    return min(cap, interval * 2) if interval else min(cap, POLL_FIRST_S)


def blank(value: object) -> bool:
    """True for what the official SDK treats as missing: None, non-strings, blank strings."""
    return not isinstance(value, str) or not value.strip()


def _empty() -> Any:
    from _agb_api.models import EmptyBody

    return EmptyBody()


def _unset(value: str | None) -> Any:
    from _agb_api.types import UNSET

    return value if value else UNSET


def _context(data: Any, where: str = "data", context_id: str = "", name: str = "") -> Context:
    """A ``Context`` from a ``data`` model; an absent (or empty) id or name is the one asked
    for, as in the official SDK, but one of the wrong type fails the call."""
    return Context(
        id=_translate.text_field(data, "id", where) or context_id,
        name=_translate.text_field(data, "name", where) or name,
        created_at=_translate.text_field(data, "create_time", where) or None,
        last_used_at=_translate.text_field(data, "last_used_time", where) or None,
    )


class _ContextOps:
    __slots__ = ("agb", "_transport")

    def __init__(self, agb: Any) -> None:
        self.agb = agb
        self._transport = agb._transport

    @operation
    def list(
        self, params: ContextListParams | None = None, *, timeout_ms: float | None = None
    ) -> Plan[ContextListResult]:
        """One page of the account's contexts (``params.max_results`` per page, default 10).

        Example:
            >>> page = agb.context.list(ContextListParams(max_results=20))
            >>> [c.name for c in page.contexts], page.next_token
        """
        params = params if params is not None else ContextListParams()
        max_results = params.max_results if params.max_results is not None else 10
        kwargs = {"max_results": max_results, "next_token": _unset(params.next_token)}
        call = Call("list_contexts", kwargs, idempotent=True)
        return Plan("ContextService.list", ContextListResult, _list_steps(call, max_results),
                    timeout_ms)  # fmt: skip

    @operation
    def get(
        self, name: str | None = None, create: bool = False, login_region_id: str | None = None,
        context_id: str | None = None, *, timeout_ms: float | None = None,
    ) -> Plan[ContextResult]:  # fmt: skip
        """Find a context by ``name`` or ``context_id``; with ``create=True``, by name, creating
        it when it does not exist yet.

        Example:
            >>> agb.context.get("my-project", create=True).context_id
            'ctx-...'
        """
        name = None if blank(name) else str(name).strip()
        context_id = None if blank(context_id) else str(context_id).strip()
        if not name and not context_id:
            why = "Either context_id or name must be provided (cannot both be empty)"
            return refusal("ContextService.get", ContextResult(error_message=why))
        if create and context_id:
            why = "context_id cannot be provided when create=True (only name is allowed)"
            return refusal("ContextService.get", ContextResult(error_message=why))
        kwargs = {"id": _unset(context_id), "name": _unset(name), "allow_create": bool(create),
                  "login_region_id": _unset(login_region_id)}  # fmt: skip
        call = Call("get_context", kwargs, idempotent=True)
        steps = _get_steps(call, context_id or "", name or "")
        return Plan("ContextService.get", ContextResult, steps, timeout_ms)

    def create(self, name: str, *, timeout_ms: float | None = None) -> Any:
        """Create a context named ``name`` (or return the existing one of that name).

        Example:
            >>> agb.context.create("my-project").context.name
            'my-project'
        """
        if blank(name):
            why = "name cannot be empty or None"
            return self._transport.run(
                refusal("ContextService.create", ContextResult(error_message=why))
            )
        return self.get(name.strip(), create=True, timeout_ms=timeout_ms)

    @operation
    def update(self, context: Context, *, timeout_ms: float | None = None) -> Plan[OperationResult]:
        """Rename ``context`` on the service to ``context.name``; ``data`` is ``{"context_id"}``."""
        why = _context_problem(context, need_name=True)
        if why:
            return refusal("ContextService.update", OperationResult(error_message=why))
        context_id, name = context.id.strip(), context.name.strip()
        call = Call("modify_context", {"body": _empty(), "id": context_id, "name": name}, True)
        steps = _done_steps(call, {"context_id": context_id})
        return Plan("ContextService.update", OperationResult, steps, timeout_ms)

    @operation
    def delete(self, context: Context, *, timeout_ms: float | None = None) -> Plan[OperationResult]:
        """Delete ``context`` and every file in it; ``data`` is ``{"context_id"}``."""
        why = _context_problem(context, need_name=False)
        if why:
            return refusal("ContextService.delete", OperationResult(error_message=why))
        context_id = context.id.strip()
        call = Call("delete_context", {"body": _empty(), "id": context_id}, True)
        steps = _done_steps(call, {"context_id": context_id})
        return Plan("ContextService.delete", OperationResult, steps, timeout_ms)

    @operation
    def get_file_upload_url(
        self, context_id: str, file_path: str, *, timeout_ms: float | None = None
    ) -> Plan[FileUrlResult]:
        """A presigned URL to ``PUT`` the bytes of ``file_path`` (an absolute session path)."""
        return self._url_plan("get_context_file_upload_url", context_id, file_path, timeout_ms)

    @operation
    def get_file_download_url(
        self, context_id: str, file_path: str, *, timeout_ms: float | None = None
    ) -> Plan[FileUrlResult]:
        """A presigned URL to ``GET`` the bytes of the context file ``file_path``.

        Example:
            >>> url = agb.context.get_file_download_url(ctx.id, "/tmp/report.csv").url
            >>> httpx.get(url).content
        """
        return self._url_plan("get_context_file_download_url", context_id, file_path, timeout_ms)

    def _url_plan(
        self, endpoint: str, context_id: str, file_path: str, timeout_ms: float | None
    ) -> Plan[FileUrlResult]:
        name = "ContextService." + endpoint.replace("context_file_", "file_")
        why = _file_problem(context_id, file_path)
        if why:
            return refusal(name, FileUrlResult(error_message=why))
        kwargs = {
            "body": _empty(),
            "context_id": context_id.strip(),
            "file_path": file_path.strip(),
        }
        return Plan(name, FileUrlResult, url_steps(Call(endpoint, kwargs, True)), timeout_ms)

    @operation
    def delete_file(
        self, context_id: str, file_path: str, *, timeout_ms: float | None = None
    ) -> Plan[OperationResult]:
        """Delete one file of a context; ``data`` is True on success."""
        why = _file_problem(context_id, file_path)
        if why:
            return refusal("ContextService.delete_file", OperationResult(error_message=why))
        kwargs = {
            "body": _empty(),
            "context_id": context_id.strip(),
            "file_path": file_path.strip(),
        }
        call = Call("delete_context_file", kwargs, True)
        return Plan(
            "ContextService.delete_file", OperationResult, _done_steps(call, True), timeout_ms
        )

    @operation
    def list_files(
        self, context_id: str, parent_folder_path: str | None = None, page_number: int = 1,
        page_size: int = 50, *, timeout_ms: float | None = None,
    ) -> Plan[ContextFileListResult]:  # fmt: skip
        """One page (1-based) of the files of a context, under ``parent_folder_path`` if given.

        Example:
            >>> [e.file_path for e in agb.context.list_files(ctx.id, "/tmp").entries]
            ['/tmp/report.csv']
        """
        name = "ContextService.list_files"
        if blank(context_id):
            why = "context_id cannot be empty or None"
            return refusal(name, ContextFileListResult(error_message=why))
        folder = parent_folder_path.strip() if isinstance(parent_folder_path, str) else ""
        kwargs = {"body": _empty(), "context_id": context_id.strip(),
                  "parent_folder_path": _unset(folder), "page_number": page_number,
                  "page_size": page_size}  # fmt: skip
        call = Call("describe_context_files", kwargs, True)
        return Plan(name, ContextFileListResult, _files_steps(call), timeout_ms)

    @operation
    def clear_async(
        self, context_id: str, *, timeout_ms: float | None = None
    ) -> Plan[ClearContextResult]:
        """Start removing every file of a context; ``status`` is ``"clearing"``."""
        call = Call("clear_context", {"body": _empty(), "id": context_id}, True)
        return Plan("ContextService.clear_async", ClearContextResult,
                    _clear_start(call, context_id), timeout_ms)  # fmt: skip

    @operation
    def get_clear_status(
        self, context_id: str, *, timeout_ms: float | None = None
    ) -> Plan[ClearContextResult]:
        """Where clearing stands: ``status`` is the context's state (``available`` when done)."""
        return Plan("ContextService.get_clear_status", ClearContextResult,
                    _clear_status(context_id), timeout_ms)  # fmt: skip

    @operation
    def _clear(
        self, context_id: str, timeout: float, poll_interval: float
    ) -> Plan[ClearContextResult]:
        call = Call("clear_context", {"body": _empty(), "id": context_id}, True)
        steps = _clear_steps(call, context_id, float(timeout), float(poll_interval))
        return Plan("ContextService.clear", ClearContextResult, steps,
                    timeout * 1000 + _CLEAR_MARGIN_MS)  # fmt: skip


def _context_problem(context: object, need_name: bool) -> str:
    if context is None:
        return "context cannot be None"
    if blank(getattr(context, "id", None)):
        return "context.id cannot be empty or None"
    if need_name and blank(getattr(context, "name", None)):
        return "context.name cannot be empty or None"
    return ""


def _file_kwargs(context_id: str, file_path: str) -> dict[str, Any]:
    return {"body": _empty(), "context_id": context_id.strip(), "file_path": file_path.strip()}


def _file_problem(context_id: object, file_path: object) -> str:
    if blank(context_id):
        return "context_id cannot be empty or None"
    if blank(file_path):
        return "file_path cannot be empty or None"
    return ""


def _list_steps(call: Call, max_results: int) -> Steps[ContextListResult]:
    reply: Reply = yield call
    if not reply.ok:
        return ContextListResult(reply.request_id, error_message=reply.error)
    parsed = reply.parsed
    items = parsed.data if isinstance(parsed.data, builtins.list) else []
    contexts = [_context(item, f"data[{i}]") for i, item in enumerate(items)]
    return ContextListResult(
        reply.request_id, True, contexts,
        _translate.text_field(parsed, "next_token", "") or None,
        _translate.checked(getattr(parsed, "max_results", None), int, "maxResults", max_results),
        _translate.checked(getattr(parsed, "total_count", None), int, "totalCount", None),
    )  # fmt: skip


def _get_steps(call: Call, context_id: str, name: str) -> Steps[ContextResult]:
    reply: Reply = yield call
    if not reply.ok:
        return ContextResult(reply.request_id, error_message=reply.error)
    context = _context(reply.parsed.data, "data", context_id, name)
    return ContextResult(reply.request_id, True, context.id, context)


def _done_steps(call: Call, data: Any) -> Steps[OperationResult]:
    reply: Reply = yield call
    if not reply.ok:
        return OperationResult(reply.request_id, error_message=reply.error)
    return OperationResult(reply.request_id, True, data)


def url_steps(call: Call) -> Steps[FileUrlResult]:
    """Ask for a presigned URL; a success without a URL is a failure."""
    reply: Reply = yield call
    if not reply.ok:
        return FileUrlResult(reply.request_id, error_message=reply.error)
    data = reply.parsed.data
    url = _translate.text_field(data, "url")
    if not url:
        why = f"{call.endpoint} failed: the answer has no url"
        return FileUrlResult(reply.request_id, error_message=why)
    expire = _translate.int_field(data, "expire_time")
    return FileUrlResult(reply.request_id, True, url, expire or None, "")


def _files_steps(call: Call) -> Steps[ContextFileListResult]:
    reply: Reply = yield call
    if not reply.ok:
        return ContextFileListResult(reply.request_id, error_message=reply.error)
    parsed = reply.parsed
    items = parsed.data if isinstance(parsed.data, builtins.list) else []
    entries = [_file_entry(item, f"data[{i}]") for i, item in enumerate(items)]
    count = _translate.checked(getattr(parsed, "count", None), int, "count", None)
    return ContextFileListResult(reply.request_id, True, entries, count)


def _file_entry(item: Any, where: str) -> ContextFileEntry:
    def text(attr: str) -> str:
        return _translate.text_field(item, attr, where)

    size = _translate.checked(getattr(item, "size", None), int, f"{where}.size", None)
    return ContextFileEntry(
        file_id=text("file_id"), file_name=text("file_name"), file_path=text("file_path"),
        file_type=text("file_type") or None, gmt_create=text("gmt_create") or None,
        gmt_modified=text("gmt_modified") or None, size=size, status=text("status") or None,
    )  # fmt: skip


def _clear_start(call: Call, context_id: str) -> Steps[ClearContextResult]:
    reply: Reply = yield call
    if not reply.ok:
        return ClearContextResult(reply.request_id, False, reply.error)
    return ClearContextResult(reply.request_id, True, "", "clearing", context_id)


def _clear_status(context_id: str) -> Steps[ClearContextResult]:
    call = Call("get_context", {"id": context_id, "allow_create": False}, True)
    reply: Reply = yield call
    if not reply.ok:
        return ClearContextResult(reply.request_id, False, reply.error)
    data = reply.parsed.data
    found = _translate.text_field(data, "id") or context_id
    state = _translate.text_field(data, "state") or "clearing"
    return ClearContextResult(reply.request_id, True, "", state, found)


class _ClearTimedOut(ClearContextResult):
    __slots__ = ()


def _clear_steps(
    call: Call, context_id: str, timeout: float, poll_interval: float
) -> Steps[ClearContextResult]:
    started = yield from _clear_start(call, context_id)
    if not started.success:
        return started
    # The official SDK sleeps ``poll_interval`` before every poll; the first polls here come
    # sooner, so a clear that finishes fast is seen fast.
    give_up = time.monotonic() + timeout
    interval = 0.0
    status = started.status
    while True:
        interval = growing(interval, poll_interval)
        if time.monotonic() + interval > give_up:
            why = f"Context clearing timed out after {timeout:g} seconds (last status {status})"
            return _ClearTimedOut(started.request_id, False, why, status, context_id)
        yield Sleep(interval)
        polled = yield from _clear_status(context_id)
        if not polled.success:
            return polled
        status = polled.status
        if status == "available":
            return ClearContextResult(started.request_id, True, "", status, polled.context_id)
        if status not in ("clearing", "pre-available"):
            logger.warning("context %s: unexpected state %r while clearing", context_id, status)


def _raise_if_timed_out(result: ClearContextResult) -> ClearContextResult:
    if isinstance(result, _ClearTimedOut):
        raise ClearanceTimeoutError(result.error_message)
    return result


class ContextService(_ContextOps):
    """The context service of ``AGB``: ``agb.context``."""

    __slots__ = ()
    _transport: SyncTransport

    def clear(
        self, context_id: str, timeout: int = 60, poll_interval: float = 2.0
    ) -> ClearContextResult:
        """Clear a context and wait until it is ``available`` again.

        Raises ``ClearanceTimeoutError`` after ``timeout`` seconds.

        Example:
            >>> agb.context.clear(ctx.id, timeout=60).status
            'available'
        """
        return _raise_if_timed_out(self._clear(context_id, timeout, poll_interval))


class AsyncContextService(_ContextOps):
    """The context service of ``AsyncAGB``: the same calls as ``ContextService``, awaited."""

    __slots__ = ()
    _transport: AsyncTransport

    async def clear(
        self, context_id: str, timeout: int = 60, poll_interval: float = 2.0
    ) -> ClearContextResult:
        """Clear a context and wait until it is ``available`` again (see ``ContextService``)."""
        return _raise_if_timed_out(await self._clear(context_id, timeout, poll_interval))


__all__ = [
    "ClearContextResult",
    "ClearanceTimeoutError",
    "Context",
    "ContextFileEntry",
    "ContextFileListResult",
    "ContextListParams",
    "ContextListResult",
    "ContextResult",
    "ContextService",
    "AsyncContextService",
    "FileUrlResult",
]
