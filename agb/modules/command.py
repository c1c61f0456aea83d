"""The official SDK's ``agb.modules.command`` path; ``Command`` lives in ``agb.command``.

Example:
    >>> from agb.modules.command import Command, CommandResult
"""

from ..command import AsyncCommand, Command
from ..results import CommandResult

__all__ = ["AsyncCommand", "Command", "CommandResult"]
