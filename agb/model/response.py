"""Compatibility path: the official SDK's ``agb.model.response``; see ``agb.results``."""

from ..results import (
    ApiResponse,
    BoolResult,
    DeleteResult,
    EnhancedCodeExecutionResult,
    ExecutionError,
    ExecutionLogs,
    ExecutionResult,
    GetSessionData,
    GetSessionResult,
    McpTool,
    McpToolResult,
    McpToolsResult,
    OperationResult,
    SessionListResult,
    SessionResult,
    SessionStatusResult,
)

__all__ = [
    "ApiResponse",
    "BoolResult",
    "DeleteResult",
    "EnhancedCodeExecutionResult",
    "ExecutionError",
    "ExecutionLogs",
    "ExecutionResult",
    "GetSessionData",
    "GetSessionResult",
    "McpTool",
    "McpToolResult",
    "McpToolsResult",
    "OperationResult",
    "SessionListResult",
    "SessionResult",
    "SessionStatusResult",
]
