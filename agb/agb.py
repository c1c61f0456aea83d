"""Compatibility path: the official SDK defines ``AGB`` in ``agb.agb``; see ``agb.client``."""

from .client import AGB

__all__ = ["AGB"]
