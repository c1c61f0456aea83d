"""The official SDK's ``agb.modules.code`` path; ``Code`` lives in ``agb.code``.

Example:
    >>> from agb.modules.code import Code
"""

from ..code import AsyncCode, Code
from ..results import EnhancedCodeExecutionResult, ExecutionLogs, ExecutionResult

__all__ = ["AsyncCode", "Code", "EnhancedCodeExecutionResult", "ExecutionLogs", "ExecutionResult"]
