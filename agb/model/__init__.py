"""Compatibility path: the official SDK's ``agb.model``; the results live in ``agb.results``."""

from ..results import (
    ApiResponse,
    BoolResult,
    DeleteResult,
    EnhancedCodeExecutionResult,
    ExecutionLogs,
    ExecutionResult,
    McpTool,
    McpToolResult,
    McpToolsResult,
    OperationResult,
    SessionResult,
)

__all__ = [
    "ApiResponse",
    "BoolResult",
    "DeleteResult",
    "EnhancedCodeExecutionResult",
    "ExecutionLogs",
    "ExecutionResult",
    "McpTool",
    "McpToolResult",
    "McpToolsResult",
    "OperationResult",
    "SessionResult",
]
