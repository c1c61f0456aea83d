"""Contains all the data models used in inputs/outputs"""

from .call_mcp_tool_body import CallMcpToolBody
from .call_mcp_tool_response import CallMcpToolResponse
from .create_session_body import CreateSessionBody
from .create_session_body_persistence_data_list_item import (
    CreateSessionBodyPersistenceDataListItem,
)
from .create_session_data import CreateSessionData
from .create_session_response import CreateSessionResponse
from .desktop_info import DesktopInfo
from .empty_body import EmptyBody
from .envelope import Envelope
from .get_label_response import GetLabelResponse
from .get_session_data import GetSessionData
from .get_session_response import GetSessionResponse
from .label_data import LabelData
from .list_mcp_tools_response import ListMcpToolsResponse
from .list_sessions_response import ListSessionsResponse
from .mcp_resource_data import McpResourceData
from .mcp_resource_response import McpResourceResponse
from .session_id_body import SessionIdBody
from .session_status_data import SessionStatusData
from .session_status_response import SessionStatusResponse
from .session_summary import SessionSummary
from .tool_call_data import ToolCallData
from .tool_content import ToolContent

__all__ = (
    "CallMcpToolBody",
    "CallMcpToolResponse",
    "CreateSessionBody",
    "CreateSessionBodyPersistenceDataListItem",
    "CreateSessionData",
    "CreateSessionResponse",
    "DesktopInfo",
    "EmptyBody",
    "Envelope",
    "GetLabelResponse",
    "GetSessionData",
    "GetSessionResponse",
    "LabelData",
    "ListMcpToolsResponse",
    "ListSessionsResponse",
    "McpResourceData",
    "McpResourceResponse",
    "SessionIdBody",
    "SessionStatusData",
    "SessionStatusResponse",
    "SessionSummary",
    "ToolCallData",
    "ToolContent",
)
