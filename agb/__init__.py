"""AGB SDK: cloud sandboxes (sessions) for AI agents to run code, shell commands and MCP tools.

Example:
    >>> from agb import AGB
    >>> from agb.session_params import CreateSessionParams
    >>> agb = AGB()  # reads AGB_API_KEY, AGB_ENDPOINT, AGB_TIMEOUT_MS, then .env
    >>> session = agb.create(CreateSessionParams(image_id="agb-code-space-1")).session
    >>> session.code.run("print('Hello from AGB')", "python").logs.stdout
    ['Hello from AGB\\n']
    >>> agb.delete(session).success
    True

The async client is ``agb.AsyncAGB``, with the same calls awaited.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .client import AGB, AsyncAGB
from .config import Config
from .context_sync import (
    ContextSync,
    DeletePolicy,
    DownloadPolicy,
    DownloadStrategy,
    ExtractPolicy,
    MappingPolicy,
    SyncPolicy,
    UploadMode,
    UploadPolicy,
    UploadStrategy,
)
from .errors import AGBError, ListSessionsError
from .results import (
    BoolResult,
    CommandResult,
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
from .session import AsyncSession, Session
from .session_params import CreateSessionParams

if TYPE_CHECKING:
    from .context import Context, ContextListResult, ContextResult, ContextService
    from .context_manager import (
        ContextInfoResult,
        ContextManager,
        ContextStatusData,
        ContextSyncResult,
    )

__version__ = "0.1.0"

# The context service loads on first use (``import agb`` stays light for plain sessions).
_LAZY = {
    "Context": "context",
    "ContextListResult": "context",
    "ContextResult": "context",
    "ContextService": "context",
    "ContextInfoResult": "context_manager",
    "ContextManager": "context_manager",
    "ContextStatusData": "context_manager",
    "ContextSyncResult": "context_manager",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'agb' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f"agb.{module}"), name)
    globals()[name] = value
    return value


__all__ = [
    "AGB",
    "AGBError",
    "AsyncAGB",
    "AsyncSession",
    "BoolResult",
    "CommandResult",
    "Config",
    "Context",
    "ContextInfoResult",
    "ContextListResult",
    "ContextManager",
    "ContextResult",
    "ContextService",
    "ContextStatusData",
    "ContextSync",
    "ContextSyncResult",
    "DeletePolicy",
    "DownloadPolicy",
    "DownloadStrategy",
    "ExtractPolicy",
    "MappingPolicy",
    "SyncPolicy",
    "UploadMode",
    "UploadPolicy",
    "UploadStrategy",
    "CreateSessionParams",
    "DeleteResult",
    "EnhancedCodeExecutionResult",
    "ExecutionError",
    "ExecutionLogs",
    "ExecutionResult",
    "GetSessionData",
    "GetSessionResult",
    "ListSessionsError",
    "McpTool",
    "McpToolResult",
    "McpToolsResult",
    "OperationResult",
    "Session",
    "SessionListResult",
    "SessionResult",
    "SessionStatusResult",
]
