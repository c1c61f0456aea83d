"""Compatibility path: the official SDK's ``agb.model.response``; see ``agb.results`` and
``agb.context_results``."""

from ..context_results import DownloadResult, UploadResult
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
    SessionMetrics,
    SessionMetricsResult,
    SessionResult,
    SessionStatusResult,
)

__all__ = [
    "ApiResponse",
    "BoolResult",
    "DeleteResult",
    "DownloadResult",
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
    "SessionMetrics",
    "SessionMetricsResult",
    "SessionResult",
    "SessionStatusResult",
    "UploadResult",
]
