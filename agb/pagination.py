"""Paging through sessions: ``list(page=N)`` and the ``list_all()`` iterators.

The service pages with opaque tokens only, so page N is reached by walking the tokens of the
pages before it. ``PageTokens`` remembers every token already walked for a filter (labels and
page size), so asking for a later page costs one request instead of N.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator
from typing import Any

from . import _translate
from ._plan import Call, Plan, Reply, Steps, refused
from .errors import ListSessionsError, check_labels, check_positive_int, first
from .results import SessionListResult

DEFAULT_LIMIT = 10
MAX_LIMIT = 100
_FAILURE = "Failed to list sessions"
_FilterKey = tuple[str, int]


class PageTokens:
    """The token of each page already reached, per filter; the oldest filters are forgotten."""

    def __init__(self, max_filters: int = 64) -> None:
        self._pages: OrderedDict[_FilterKey, dict[int, str]] = OrderedDict()
        self._max_filters = max_filters

    def nearest(self, key: _FilterKey, page: int) -> tuple[int, str]:
        """The highest known page <= ``page`` and its token (page 1 needs none)."""
        known = self._pages.get(key, {})
        best = max((p for p in known if p <= page), default=1)
        return best, known.get(best, "")

    def remember(self, key: _FilterKey, page: int, token: str) -> None:
        self._pages.setdefault(key, {})[page] = token
        self._pages.move_to_end(key)
        while len(self._pages) > self._max_filters:
            self._pages.popitem(last=False)

    def forget(self, key: _FilterKey) -> None:
        self._pages.pop(key, None)


def filter_problem(labels: object, limit: object) -> str:
    """What is wrong with a filter (labels and page size), ``""`` if nothing."""
    problem = first(
        "" if labels is None else check_labels(labels, allow_empty=True),
        "" if limit is None else check_positive_int("limit", limit),
    )
    if not problem and isinstance(limit, int) and limit > MAX_LIMIT:
        return f"limit must be <= {MAX_LIMIT}, got {limit}"
    return problem


def filter_key(labels: Any, limit: Any) -> _FilterKey:
    """A valid filter's key: the labels' canonical JSON and the page size."""
    limit = DEFAULT_LIMIT if limit is None else limit
    return _translate.dumps(labels or {}, "labels", sort_keys=True), limit


def list_plan(tokens: PageTokens, labels: object, page: object, limit: object,
              timeout_ms: float | None) -> Plan[SessionListResult]:  # fmt: skip
    """The plan of ``list(labels, page, limit)``; bad arguments answer a failed result."""
    if isinstance(page, int) and not isinstance(page, bool) and page < 1:
        return refused(
            "AGB.list", SessionListResult, _unreachable(page, "Page number must be >= 1")
        )
    problem = first(
        filter_problem(labels, limit), "" if page is None else check_positive_int("page", page)
    )
    if problem:
        return refused("AGB.list", SessionListResult, f"{_FAILURE}: {problem}")
    key, page = filter_key(labels, limit), 1 if page is None else page
    steps = _list_steps(tokens, key, page)  # type: ignore[arg-type]
    return Plan("AGB.list", SessionListResult, steps, timeout_ms, failure=_FAILURE)


def _unreachable(page: object, why: str) -> str:
    return f"Cannot reach page {page}: {why}"


def _list_steps(tokens: PageTokens, key: _FilterKey, page: int) -> Steps[SessionListResult]:
    start, token = tokens.nearest(key, page)
    result, failed = yield from _walk(tokens, key, page, start, token)
    if failed is not None and failed.status == 400 and start > 1:
        tokens.forget(key)  # a remembered token may have expired: walk again from page 1
        result, failed = yield from _walk(tokens, key, page, 1, "")
    return result


def _walk(
    tokens: PageTokens, key: _FilterKey, page: int, start: int, token: str
) -> Steps[tuple[SessionListResult, Reply | None]]:
    """Read page ``page`` from page ``start`` (whose token is ``token``), remembering tokens."""
    for current in range(start, page):
        reply: Reply = yield _page_call(key, token)
        if not reply.ok:
            message = reply.error.replace(_FAILURE, f"Cannot reach page {page}", 1)
            return _failure(reply, key, message), reply
        token = _translate.text_field(reply.parsed, "next_token", "")
        if not token:
            message = _unreachable(page, f"No more pages available (there are {current})")
            return _failure(reply, key, message), None
        tokens.remember(key, current + 1, token)
    reply = yield _page_call(key, token)
    if not reply.ok:
        return _failure(reply, key, reply.error), reply
    result = page_result(reply, key)
    if result.next_token:
        tokens.remember(key, page + 1, result.next_token)
    return result, None


def page_result(reply: Reply, key: _FilterKey) -> SessionListResult:
    parsed = reply.parsed
    summaries = _translate.checked(parsed.data, list, "data", [])
    ids = [_translate.text_field(s, "session_id", f"data[{i}]") for i, s in enumerate(summaries)]
    return SessionListResult(
        request_id=reply.request_id,
        success=True,
        session_ids=[session_id for session_id in ids if session_id],
        next_token=_translate.text_field(parsed, "next_token", ""),
        max_results=_translate.int_field(parsed, "max_results", "", key[1]),
        total_count=_translate.int_field(parsed, "count", ""),
    )


def _page_call(key: _FilterKey, token: str) -> Call:
    kwargs: dict[str, Any] = {"labels": key[0], "max_results": key[1]}
    if token:
        kwargs["next_token"] = token
    return Call("list_sessions", kwargs, idempotent=True)


def _failure(reply: Reply, key: _FilterKey, message: str) -> SessionListResult:
    return SessionListResult(reply.request_id, False, message, max_results=key[1])


class Cursor:
    """Walks every page of a filter once for ``list_all``; the I/O is the caller's."""

    def __init__(self, labels: object, page_size: object) -> None:
        problem = filter_problem(labels, page_size)
        if problem:
            raise ValueError(problem)
        self.key = filter_key(labels, page_size)
        self.token = ""
        self.more = True
        self._seen: set[str] = set()

    def plan(self) -> Plan[SessionListResult]:
        return Plan("AGB.list_all", SessionListResult, self._steps(), failure=_FAILURE)

    def _steps(self) -> Steps[SessionListResult]:
        reply: Reply = yield _page_call(self.key, self.token)
        return page_result(reply, self.key) if reply.ok else _failure(reply, self.key, reply.error)

    def take(self, result: SessionListResult) -> Iterator[str]:
        """The new ids of a page; raise ``ListSessionsError`` if it failed."""
        if not result.success:
            self.more = False
            raise ListSessionsError(result)
        self.token = result.next_token
        self.more = bool(result.next_token)
        fresh = [sid for sid in result.session_ids if sid not in self._seen]
        self._seen.update(fresh)
        return iter(fresh)
