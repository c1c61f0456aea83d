"""Contains all the data models used in inputs/outputs"""

from .bw_list import BWList
from .call_mcp_tool_body import CallMcpToolBody
from .call_mcp_tool_response import CallMcpToolResponse
from .context_data import ContextData
from .context_file_entry import ContextFileEntry
from .context_info_data import ContextInfoData
from .context_summary import ContextSummary
from .context_sync_task import ContextSyncTask
from .context_sync_task_task_type import ContextSyncTaskTaskType
from .create_session_body import CreateSessionBody
from .create_session_data import CreateSessionData
from .create_session_response import CreateSessionResponse
from .delete_policy import DeletePolicy
from .describe_context_files_response import DescribeContextFilesResponse
from .desktop_info import DesktopInfo
from .download_policy import DownloadPolicy
from .download_policy_download_strategy import DownloadPolicyDownloadStrategy
from .empty_body import EmptyBody
from .envelope import Envelope
from .extract_policy import ExtractPolicy
from .file_change_event import FileChangeEvent
from .file_change_event_event_type import FileChangeEventEventType
from .file_change_event_path_type import FileChangeEventPathType
from .file_edit import FileEdit
from .file_tool_args_create_directory import FileToolArgsCreateDirectory
from .file_tool_args_delete_file import FileToolArgsDeleteFile
from .file_tool_args_edit_file import FileToolArgsEditFile
from .file_tool_args_get_file_change import FileToolArgsGetFileChange
from .file_tool_args_get_file_info import FileToolArgsGetFileInfo
from .file_tool_args_list_directory import FileToolArgsListDirectory
from .file_tool_args_move_file import FileToolArgsMoveFile
from .file_tool_args_read_file import FileToolArgsReadFile
from .file_tool_args_read_file_format import FileToolArgsReadFileFormat
from .file_tool_args_read_multiple_files import FileToolArgsReadMultipleFiles
from .file_tool_args_search_files import FileToolArgsSearchFiles
from .file_tool_args_write_file import FileToolArgsWriteFile
from .file_tool_args_write_file_mode import FileToolArgsWriteFileMode
from .file_url_data import FileUrlData
from .file_url_response import FileUrlResponse
from .get_context_info_response import GetContextInfoResponse
from .get_context_info_task_type import GetContextInfoTaskType
from .get_context_response import GetContextResponse
from .get_label_response import GetLabelResponse
from .get_session_data import GetSessionData
from .get_session_response import GetSessionResponse
from .internal_context import InternalContext
from .internal_context_response import InternalContextResponse
from .label_data import LabelData
from .list_contexts_response import ListContextsResponse
from .list_mcp_tools_response import ListMcpToolsResponse
from .list_sessions_response import ListSessionsResponse
from .mapping_policy import MappingPolicy
from .mcp_resource_data import McpResourceData
from .mcp_resource_response import McpResourceResponse
from .persistence_data_item import PersistenceDataItem
from .recycle_policy import RecyclePolicy
from .recycle_policy_lifecycle import RecyclePolicyLifecycle
from .session_id_body import SessionIdBody
from .session_status_data import SessionStatusData
from .session_status_response import SessionStatusResponse
from .session_summary import SessionSummary
from .sync_context_mode import SyncContextMode
from .sync_policy import SyncPolicy
from .tool_call_data import ToolCallData
from .tool_content import ToolContent
from .upload_policy import UploadPolicy
from .upload_policy_upload_mode import UploadPolicyUploadMode
from .upload_policy_upload_strategy import UploadPolicyUploadStrategy
from .white_list import WhiteList

__all__ = (
    "BWList",
    "CallMcpToolBody",
    "CallMcpToolResponse",
    "ContextData",
    "ContextFileEntry",
    "ContextInfoData",
    "ContextSummary",
    "ContextSyncTask",
    "ContextSyncTaskTaskType",
    "CreateSessionBody",
    "CreateSessionData",
    "CreateSessionResponse",
    "DeletePolicy",
    "DescribeContextFilesResponse",
    "DesktopInfo",
    "DownloadPolicy",
    "DownloadPolicyDownloadStrategy",
    "EmptyBody",
    "Envelope",
    "ExtractPolicy",
    "FileChangeEvent",
    "FileChangeEventEventType",
    "FileChangeEventPathType",
    "FileEdit",
    "FileToolArgsCreateDirectory",
    "FileToolArgsDeleteFile",
    "FileToolArgsEditFile",
    "FileToolArgsGetFileChange",
    "FileToolArgsGetFileInfo",
    "FileToolArgsListDirectory",
    "FileToolArgsMoveFile",
    "FileToolArgsReadFile",
    "FileToolArgsReadFileFormat",
    "FileToolArgsReadMultipleFiles",
    "FileToolArgsSearchFiles",
    "FileToolArgsWriteFile",
    "FileToolArgsWriteFileMode",
    "FileUrlData",
    "FileUrlResponse",
    "GetContextInfoResponse",
    "GetContextInfoTaskType",
    "GetContextResponse",
    "GetLabelResponse",
    "GetSessionData",
    "GetSessionResponse",
    "InternalContext",
    "InternalContextResponse",
    "LabelData",
    "ListContextsResponse",
    "ListMcpToolsResponse",
    "ListSessionsResponse",
    "MappingPolicy",
    "McpResourceData",
    "McpResourceResponse",
    "PersistenceDataItem",
    "RecyclePolicy",
    "RecyclePolicyLifecycle",
    "SessionIdBody",
    "SessionStatusData",
    "SessionStatusResponse",
    "SessionSummary",
    "SyncContextMode",
    "SyncPolicy",
    "ToolCallData",
    "ToolContent",
    "UploadPolicy",
    "UploadPolicyUploadMode",
    "UploadPolicyUploadStrategy",
    "WhiteList",
)
