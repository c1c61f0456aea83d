"""The exceptions the SDK raises, and the wording of the failures it reports in results.

Calls to the service never raise for what the service or the network did: they return a result
with ``success=False``. Exceptions are for programming errors (``TypeError``, ``ValueError``,
raised at once with a message saying what to fix) and for iterators, which cannot return a
result (``ListSessionsError``), and using a closed client (``ClientClosedError``).
"""

from __future__ import annotations

from typing import Any


class AGBError(Exception):
    """Base class of the SDK's own exceptions."""


class ClientClosedError(AGBError, RuntimeError):
    """A call was made on an ``AGB``/``AsyncAGB`` (or one of its sessions) after it was closed.

    A programming error, raised at once before anything is sent; make a new client instead.
    """


class ListSessionsError(AGBError):
    """A page of ``list_all()`` failed; ``result`` is the failed ``SessionListResult``."""

    def __init__(self, result: Any) -> None:
        super().__init__(f"{result.error_message} (request_id={result.request_id or 'none'})")
        self.result = result


def require_str(name: str, value: object, *, allow_empty: bool = False) -> str:
    """Return ``value`` if it is a (non-blank) string, else raise saying what to pass."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, not {type(value).__name__}")
    if not allow_empty and not value.strip():
        raise ValueError(f"{name} must not be empty")
    return value


def require_labels(name: str, labels: object, *, allow_empty: bool) -> dict[str, str]:
    """Check that ``labels`` is a ``dict[str, str]`` with non-blank keys and values."""
    if not isinstance(labels, dict):
        raise TypeError(f"{name} must be a dict[str, str], not {type(labels).__name__}")
    if not labels and not allow_empty:
        raise ValueError(f"{name} must not be empty: pass at least one label")
    for key, value in labels.items():
        if not isinstance(key, str) or not isinstance(value, str):
            raise TypeError(
                f"{name} must map str to str; got {type(key).__name__} -> {type(value).__name__}"
            )
        if not key.strip() or not value.strip():
            raise ValueError(f"{name} keys and values must not be empty (key {key!r})")
        if len(key) > 128 or len(value) > 256:
            raise ValueError(
                f"{name} key {key[:20]!r}...: keys are limited to 128 and values to 256 characters"
            )
    return labels


def require_positive_int(name: str, value: object) -> int:
    """Check that ``value`` is an int >= 1 (bools are refused)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, not {type(value).__name__}")
    if value < 1:
        raise ValueError(f"{name} must be >= 1, got {value}")
    return value
