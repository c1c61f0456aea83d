"""The SDK's exception classes, and the checks of call arguments, which report instead of raising.

Calls never raise for bad arguments, nor for what the service or the network did: as in the
official SDK, they return a result with ``success=False`` and an ``error_message`` saying what is
wrong, and send nothing. The ``check_*`` functions here are the one place arguments are judged;
each returns ``""`` when the value is fine, else the problem in words. Exceptions remain for
iterators, which cannot return a result (``ListSessionsError``), for a closed client
(``ClientClosedError``), and where the official SDK raises ``ValueError`` too: ``command``
environment variables that are not strings and ``list_mcp_tools()`` without any image id. The
exception classes code written for the official SDK imports from ``agb.exceptions`` are here.

Example:
    >>> from agb.exceptions import APIError
    >>> APIError("quota exceeded", status_code=429).status_code
    429
"""

from __future__ import annotations

from typing import Any

_DEFAULT: Any = object()


class AGBError(Exception):
    """Base class of the SDK's exceptions; keyword arguments are kept in ``extra``.

    Without a message the message is the class's default (the class name for ``AGBError``);
    an explicit ``None`` also gives the class name.
    """

    default_message: str | None = None

    def __init__(self, message: Any = _DEFAULT, *args: Any, **extra: Any) -> None:
        if message is _DEFAULT:
            message = self.default_message
        super().__init__(type(self).__name__ if message is None else message, *args)
        self.extra = extra


class AuthenticationError(AGBError):
    """The service refused the API key."""

    default_message = "Authentication failed"


class APIError(AGBError):
    """The service answered an error; ``status_code`` is the HTTP status when known."""

    default_message = "API error"

    def __init__(
        self, message: Any = _DEFAULT, status_code: int | None = None, *args: Any, **extra: Any
    ) -> None:
        super().__init__(message, *args, **extra)
        self.status_code = status_code


class FileError(AGBError):
    """A file operation failed."""

    default_message = "File operation error"


class CommandError(AGBError):
    """A command could not be executed."""

    default_message = "Command execution error"


class SessionError(AGBError):
    """A session operation failed."""

    default_message = "Session error"


class ApplicationError(AGBError):
    """An application operation failed."""

    default_message = "Application operation error"


class BrowserError(AGBError):
    """A browser operation failed (browser sessions are not supported by this SDK yet)."""

    default_message = "Browser operation error"


class ScreenError(AGBError):
    """A screen operation failed (computer sessions are not supported by this SDK yet)."""

    default_message = "Screen operation error"


class ClearanceTimeoutError(AGBError):
    """A clearance task timed out."""

    default_message = "Clearance task timed out"


class ClientClosedError(AGBError, RuntimeError):
    """A call was made on an ``AGB``/``AsyncAGB`` (or one of its sessions) after it was closed.

    A programming error, raised at once before anything is sent; make a new client instead.
    """


class ListSessionsError(SessionError):
    """A page of ``list_all()`` failed; ``result`` is the failed ``SessionListResult``."""

    def __init__(self, result: Any) -> None:
        super().__init__(f"{result.error_message} (request_id={result.request_id or 'none'})")
        self.result = result


def first(*problems: str) -> str:
    """The first non-empty problem of several checks, ``""`` if all passed."""
    return next((p for p in problems if p), "")


def check_str(name: str, value: object, *, allow_empty: bool = False) -> str:
    """``value`` must be a string, non-blank unless ``allow_empty``."""
    if not isinstance(value, str):
        return f"{name} must be a str, not {type(value).__name__}"
    if not allow_empty and not value.strip():
        return f"{name} must not be empty"
    return ""


def missing(value: object) -> bool:
    """Falsy or a blank string: what the official SDK reports as "required" or "empty"."""
    return not value or (isinstance(value, str) and not value.strip())


def check_session_id(session_id: object) -> str:
    """A session id must be a non-blank string; the official words when it is missing."""
    if missing(session_id):
        return "session_id is required"
    return check_str("session_id", session_id)


def check_labels(labels: object, *, allow_empty: bool) -> str:
    """``labels`` must be a ``dict[str, str]`` with non-blank keys and values of bounded size.

    The first messages are the official SDK's words for the same problems.
    """
    if isinstance(labels, list):
        return "Labels cannot be an array. Please provide a valid labels object."
    if not isinstance(labels, dict):
        return (
            "Labels cannot be null, undefined, or invalid type. "
            "Please provide a valid labels object."
        )
    if not labels and not allow_empty:
        return "Labels cannot be empty. Please provide at least one label."
    for key, value in labels.items():
        if missing(key):
            return "Label keys cannot be empty Please provide valid keys."
        if value is None or (isinstance(value, str) and not value.strip()):
            return "Label values cannot be empty Please provide valid values."
        if not isinstance(key, str) or not isinstance(value, str):
            return (
                "Labels must map str to str; got "
                f"{type(key).__name__} -> {type(value).__name__} for key {key!r}"
            )
        if len(key) > 128 or len(value) > 256:
            return f"Label {key[:20]!r}: keys are limited to 128 and values to 256 characters"
    return ""


def check_positive_int(name: str, value: object) -> str:
    """``value`` must be an int >= 1 (bools are refused)."""
    if isinstance(value, bool) or not isinstance(value, int):
        return f"{name} must be an int, not {type(value).__name__}"
    return "" if value >= 1 else f"{name} must be >= 1, got {value}"


def check_duration(name: str, value: object) -> str:
    """``value`` must be a number > 0 (bools are refused)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return f"{name} must be a number, not {type(value).__name__}"
    return "" if value > 0 else f"{name} must be > 0, got {value}"


def check_tool_timeouts(read_timeout: object, connect_timeout: object) -> str:
    """A tool call's optional ``read_timeout`` and ``connect_timeout`` must be numbers > 0."""
    return first(
        "" if read_timeout is None else check_duration("read_timeout", read_timeout),
        "" if connect_timeout is None else check_duration("connect_timeout", connect_timeout),
    )


def check_json(value: object, what: str) -> str:
    """``value`` must be encodable as the JSON text the service expects."""
    from ._translate import dumps

    try:
        dumps(value, what)
    except (TypeError, ValueError) as exc:
        return str(exc)
    return ""


def check_envs(envs: object) -> None:
    """Raise ``ValueError`` unless ``envs`` maps strings to strings, as the official SDK does."""
    if not isinstance(envs, dict):
        raise ValueError(
            "Invalid environment variables: envs must be a dict of strings, "
            f"not {type(envs).__name__}"
        )
    bad = [f"key {k!r} (type: {type(k).__name__})" for k in envs if not isinstance(k, str)]
    bad += [
        f"value for key {k!r} (type: {type(v).__name__})"
        for k, v in envs.items()
        if not isinstance(v, str)
    ]
    if bad:
        raise ValueError(
            "Invalid environment variables: all keys and values must be strings. "
            f"Found invalid entries: {', '.join(bad)}"
        )
