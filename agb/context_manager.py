"""``session.context``: a session's context-sync tasks, read (``info``) and started (``sync``).

Also home of the polling shared by everything that waits on sync tasks: ``AGB.create`` waiting
for the initial download of its ``context_syncs``, ``session.delete(sync_context=True)``, and
file transfer. The official SDK polls every 1.5 s (sync) or 2 s (create); here the second poll
comes 50 ms after the first and the interval doubles up to that value, so a fast service answers
in tens of milliseconds while a slow one is not polled more often than the official SDK polls it.

``sync`` is a coroutine on both session classes, as in the official SDK, so code written for it
(``asyncio.run(session.context.sync())``, ``await session.context.sync()``) runs unchanged.

Example:
    >>> result = asyncio.run(session.context.sync(context_id=ctx.id, path="/home/my-data"))
    >>> result.success
    True
    >>> [(s.task_type, s.status) for s in session.context.info().context_status_data]
    [('download', 'Success'), ('upload', 'Success')]
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from typing import Any

from ._plan import Call, Plan, Reply, Sleep, Steps, operation, refusal
from ._translate import checked
from .context import _empty, _unset, growing
from .context_results import ContextInfoResult, ContextStatusData, ContextSyncResult

logger = logging.getLogger("agb")
FINAL = ("Success", "Failed")
SYNC_MODES = ("upload", "download")
_MARGIN_MS = 30_000
CREATE_POLLS, CREATE_INTERVAL_S = 150, 2.0
_UNFINISHED = "context sync failed or did not finish (see session.context.info())"
SYNC_DEFAULTS = (150, 1500)  # polls, and their longest interval in ms: the official defaults


def delete_budget(sync_context: bool) -> float:
    """The least time a delete gets: with ``sync_context``, room for the sync's polling."""
    return SYNC_DEFAULTS[0] * SYNC_DEFAULTS[1] + _MARGIN_MS if sync_context else 0.0


def info_call(
    session_id: str, context_id: str | None = None, path: str | None = None,
    task_type: str | None = None,
) -> Call:  # fmt: skip
    kwargs = {"session_id": session_id, "context_id": _unset(context_id), "path": _unset(path),
              "task_type": _unset(task_type)}  # fmt: skip
    return Call("get_context_info", kwargs, True, session_id)


def info_steps(call: Call) -> Steps[ContextInfoResult]:
    """Read a session's tasks; ``contextStatus`` is JSON whose ``data`` entries hold JSON too."""
    reply: Reply = yield call
    if not reply.ok:
        return ContextInfoResult(reply.request_id, error_message=reply.error)
    raw = getattr(reply.parsed.data, "context_status", None)
    try:
        tasks = _tasks(raw)
    except ValueError as exc:  # a WrongTypeError too: it names the field
        why = f"Session.context.info failed: unreadable contextStatus: {exc}"
        return ContextInfoResult(reply.request_id, error_message=why)
    return ContextInfoResult(reply.request_id, True, tasks)


def _tasks(raw: Any) -> list[ContextStatusData]:
    """The tasks in ``contextStatus``: a JSON list of ``{"type", "data"}`` entries whose
    ``data``, when ``type`` is ``"data"``, is itself a JSON list of tasks."""
    field = "data.contextStatus"
    entries = _json_list(checked(raw, str, field, ""), field)
    tasks: list[ContextStatusData] = []
    for i, entry in enumerate(entries):
        where = f"{field}[{i}]"
        checked(entry, dict, where, {})
        if entry.get("type") != "data":
            continue
        items = _json_list(checked(entry.get("data"), str, f"{where}.data", ""), f"{where}.data")
        tasks.extend(_task(item, f"{where}.data[{j}]") for j, item in enumerate(items))
    return tasks


def _json_list(raw: str, field: str) -> list[Any]:
    if not raw:
        return []
    try:
        found = json.loads(raw)
    except ValueError:
        raise ValueError(f"the answer's {field} is not JSON: {raw[:40]!r}") from None
    return checked(found, list, field, [])  # type: ignore[no-any-return]


def _task(item: Any, where: str) -> ContextStatusData:
    checked(item, dict, where, {})

    def read(key: str, kind: type, default: Any) -> Any:
        return checked(item.get(key), kind, f"{where}.{key}", default)

    return ContextStatusData(
        context_id=read("contextId", str, ""), path=read("path", str, ""),
        error_message=read("errorMessage", str, ""), status=read("status", str, ""),
        start_time=read("startTime", int, 0), finish_time=read("finishTime", int, 0),
        task_type=read("taskType", str, ""),
    )  # fmt: skip


def wait_steps(
    session_id: str, context_id: str | None, path: str | None, polls: int, cap_s: float,
    only_sync_tasks: bool,
) -> Steps[str]:  # fmt: skip
    """Poll the session's tasks until all are ``Success``/``Failed`` (or there are none): ""
    when none failed, else why not. ``only_sync_tasks`` ignores tasks whose type is not
    upload/download. An unreadable answer (which the transport already retried) ends the wait:
    it is not a session without tasks."""
    interval = 0.0
    for attempt in range(polls):
        if attempt:
            interval = growing(interval, cap_s)
            remaining = yield Sleep(interval)
            if remaining <= 0:
                logger.warning("session %s: context sync not finished in time", session_id)
                return _UNFINISHED
        info = yield from info_steps(info_call(session_id, context_id, path))
        if not info.success:
            logger.warning("session %s: %s", session_id, info.error_message)
            return str(info.error_message)
        tasks = [t for t in info.context_status_data
                 if not only_sync_tasks or t.task_type in SYNC_MODES]  # fmt: skip
        if all(t.status in FINAL for t in tasks):
            failed = [t for t in tasks if t.status == "Failed"]
            for task in failed:
                logger.warning("context %s at %s: sync failed: %s", task.context_id, task.path,
                               task.error_message)  # fmt: skip
            return _UNFINISHED if failed else ""
    logger.warning("session %s: context sync not finished after %d polls", session_id, polls)
    return _UNFINISHED


def sync_call(session_id: str, context_id: str | None, path: str | None, mode: str | None) -> Call:
    kwargs = {"body": _empty(), "session_id": session_id, "context_id": _unset(context_id),
              "path": _unset(path), "mode": _unset(mode)}  # fmt: skip
    return Call("sync_context", kwargs, True, session_id)


def sync_steps(
    session_id: str, context_id: str | None, path: str | None, mode: str | None,
    max_retries: int, retry_interval: float, wait: bool = True,
) -> Steps[ContextSyncResult]:  # fmt: skip
    """Start a sync and (with ``wait``) poll until its tasks are final."""
    reply: Reply = yield sync_call(session_id, context_id, path, mode)
    if not reply.ok:
        return ContextSyncResult(reply.request_id, False, reply.error)
    if not wait:
        return ContextSyncResult(reply.request_id, True)
    why = yield from wait_steps(session_id, context_id, path, max_retries,
                                retry_interval / 1000, only_sync_tasks=True)  # fmt: skip
    return ContextSyncResult(reply.request_id, not why, why)


def sync_problem(context_id: object, path: object, mode: object) -> str:
    has_id = isinstance(context_id, str) and bool(context_id.strip())
    has_path = isinstance(path, str) and bool(path.strip())
    if has_id != has_path:
        return ("context_id and path must be provided together or both omitted: pass both to "
                "sync one context, neither to sync all of them")  # fmt: skip
    if mode is not None and mode not in SYNC_MODES:
        return f"mode must be 'upload' or 'download', got {mode!r}"
    return ""


class _ContextManagerOps:
    __slots__ = ("_session_id", "_transport")

    def __init__(self, session_id: str, transport: Any) -> None:
        self._session_id = session_id
        self._transport = transport

    @operation
    def info(
        self, context_id: str | None = None, path: str | None = None,
        task_type: str | None = None, *, timeout_ms: float | None = None,
    ) -> Plan[ContextInfoResult]:  # fmt: skip
        """The session's context-sync tasks, optionally only those of a context, path or type.

        Example:
            >>> session.context.info(task_type="download").context_status_data[0].status
            'Success'
        """
        call = info_call(self._session_id, context_id, path, task_type)
        return Plan("Session.context.info", ContextInfoResult, info_steps(call), timeout_ms)

    def _sync_plan(
        self, context_id: str | None, path: str | None, mode: str | None, max_retries: int,
        retry_interval: float, wait: bool,
    ) -> Plan[ContextSyncResult]:  # fmt: skip
        why = sync_problem(context_id, path, mode)
        if why:
            return refusal("Session.context.sync", ContextSyncResult(error_message=why))
        steps = sync_steps(self._session_id, context_id or None, path or None, mode,
                           max_retries, retry_interval, wait)  # fmt: skip
        budget = max_retries * retry_interval + _MARGIN_MS
        return Plan("Session.context.sync", ContextSyncResult, steps, None, budget)

    def _poll_plan(
        self, context_id: str | None, path: str | None, max_retries: int, retry_interval: float
    ) -> Plan[ContextSyncResult]:
        steps = _polled(self._session_id, context_id or None, path or None, max_retries,
                        retry_interval)  # fmt: skip
        budget = max_retries * retry_interval + _MARGIN_MS
        return Plan("Session.context.sync", ContextSyncResult, steps, None, budget)


def _polled(
    session_id: str, context_id: str | None, path: str | None, max_retries: int,
    retry_interval: float,
) -> Steps[ContextSyncResult]:  # fmt: skip
    why = yield from wait_steps(session_id, context_id, path, max_retries,
                                retry_interval / 1000, only_sync_tasks=True)  # fmt: skip
    return ContextSyncResult("", not why, why)


def _notify(callback: Callable[[bool], None], success: bool) -> None:
    try:
        callback(success)
    except Exception:
        logger.exception("the context sync callback raised")


class ContextManager(_ContextManagerOps):
    """``session.context`` of a ``Session``. ``sync`` is a coroutine, as in the official SDK."""

    __slots__ = ()

    async def sync(
        self, context_id: str | None = None, path: str | None = None, mode: str | None = None,
        callback: Callable[[bool], None] | None = None, max_retries: int = 150,
        retry_interval: int = 1500,
    ) -> ContextSyncResult:  # fmt: skip
        """Synchronise the session's contexts (one with ``context_id`` and ``path``, else all):
        ``mode="upload"`` session -> context, ``"download"`` context -> session.

        Without ``callback`` it returns when every task is final (``success`` false if one
        ``Failed``); with one it returns once the sync is started and calls ``callback(bool)``
        from a thread. Polls at most ``max_retries`` times, ``retry_interval`` ms apart at most.

        Example:
            >>> asyncio.run(session.context.sync()).success
            True
        """
        import asyncio

        run = self._transport.run
        plan = self._sync_plan(context_id, path, mode, max_retries, retry_interval, not callback)
        result: ContextSyncResult = await asyncio.to_thread(run, plan)
        if callback is not None and result.success:
            poll = self._poll_plan(context_id, path, max_retries, retry_interval)
            threading.Thread(target=lambda: _notify(callback, run(poll).success),
                             name="agb-context-sync", daemon=True).start()  # fmt: skip
        return result


class AsyncContextManager(_ContextManagerOps):
    """``session.context`` of an ``AsyncSession``: the same calls, awaited."""

    __slots__ = ("_pending",)

    def __init__(self, session_id: str, transport: Any) -> None:
        super().__init__(session_id, transport)
        self._pending: set[Any] = set()

    async def sync(
        self, context_id: str | None = None, path: str | None = None, mode: str | None = None,
        callback: Callable[[bool], None] | None = None, max_retries: int = 150,
        retry_interval: int = 1500,
    ) -> ContextSyncResult:  # fmt: skip
        """Synchronise the session's contexts; see ``ContextManager.sync``. With ``callback``
        the polling runs as a task on the running event loop."""
        import asyncio

        plan = self._sync_plan(context_id, path, mode, max_retries, retry_interval, not callback)
        result: ContextSyncResult = await self._transport.run(plan)
        if callback is not None and result.success:
            poll = self._poll_plan(context_id, path, max_retries, retry_interval)

            async def poll_then_notify() -> None:
                _notify(callback, (await self._transport.run(poll)).success)

            task = asyncio.ensure_future(poll_then_notify())
            self._pending.add(task)
            task.add_done_callback(self._pending.discard)
        return result


def initial_download_steps(session_id: str) -> Steps[None]:
    """What ``create`` does after creating a session with ``context_syncs``: wait until every
    task is final, as the official SDK does; failures are only logged."""
    yield from wait_steps(session_id, None, None, CREATE_POLLS, CREATE_INTERVAL_S,
                          only_sync_tasks=False)  # fmt: skip


__all__ = [
    "AsyncContextManager",
    "ContextInfoResult",
    "ContextManager",
    "ContextStatusData",
    "ContextSyncResult",
]
