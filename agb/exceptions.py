"""Compatibility path: the official SDK's ``agb.exceptions``; see ``agb.errors``."""

from .context import ClearanceTimeoutError
from .errors import AGBError

__all__ = ["AGBError", "ClearanceTimeoutError"]
