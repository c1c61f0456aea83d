"""The official SDK's ``agb.exceptions`` module path; the classes live in ``agb.errors``.

Example:
    >>> from agb.exceptions import AGBError, SessionError
    >>> issubclass(SessionError, AGBError)
    True
"""

from .errors import (
    AGBError,
    APIError,
    ApplicationError,
    AuthenticationError,
    BrowserError,
    ClearanceTimeoutError,
    CommandError,
    FileError,
    ListSessionsError,
    ScreenError,
    SessionError,
)

__all__ = [
    "AGBError",
    "APIError",
    "ApplicationError",
    "AuthenticationError",
    "BrowserError",
    "ClearanceTimeoutError",
    "CommandError",
    "FileError",
    "ListSessionsError",
    "ScreenError",
    "SessionError",
]
