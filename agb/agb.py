"""Compatibility path: the official SDK defines ``AGB`` and ``Config`` in ``agb.agb``; see
``agb.client`` and ``agb.config``."""

from .client import AGB
from .config import Config

__all__ = ["AGB", "Config"]
