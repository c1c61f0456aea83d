"""The API operations: each takes the request's parameters and returns the envelope's ``data``
(plus any top-level envelope fields), or raises ApiError."""

from __future__ import annotations

import json
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from mock_server.catalogue import COMPUTER, TOOLS_BY_KIND
from mock_server.params import Params, json_labels, json_object
from mock_server.state import Session, SessionStore
from mock_server.tools import ToolBox
from mock_server.wire import ApiError, invalid_parameter

RESOURCE_HOST = "https://agb-sandbox.mock.invalid"


@dataclass
class Outcome:
    data: Any = None
    extra: dict[str, Any] = field(default_factory=dict)


def _resource_url(session: Session) -> str:
    # The service's shape: the resource id in the query and a fresh auth code on every call
    # (the official SDK's getSession test asserts "resourceId=" in it).
    resource_id = _identity_suffix(session, "p-")
    return f"{RESOURCE_HOST}/?resourceId={resource_id}&authcode={uuid.uuid4().hex}"


def _identity_suffix(session: Session, prefix: str) -> str:
    return prefix + session.session_id.removeprefix("session-")


def _identity(session: Session) -> dict[str, str]:
    return {
        "sessionId": session.session_id,
        "appInstanceId": _identity_suffix(session, "ai-"),
        "resourceId": _identity_suffix(session, "p-"),
        "resourceUrl": _resource_url(session),
    }


class Operations:
    def __init__(self, store: SessionStore, images: dict[str, str]) -> None:
        self.store = store
        self.images = images  # image id -> kind
        self.tools = ToolBox(store, images)
        self.ws_base = ""  # set by the WebSocket edge when it serves wsUrl
        self.table: dict[str, Callable[[Params], Outcome]] = {
            "createSession": self.create_session,
            "getSession": self.get_session,
            "getSessionInfo": self.get_session_info,
            "getMcpResource": self.get_mcp_resource,
            "listSessions": self.list_sessions,
            "releaseSession": self.release_session,
            "releaseSessionAsync": self.release_session_async,
            "refreshSessionIdleTime": self.refresh,
            "setLabel": self.set_label,
            "getLabel": self.get_label,
            "listMcpTools": self.list_tools,
            "callMcpTool": self.call_tool,
        }

    def _image(self, params: Params) -> str:
        image_id = params.query_str("imageId", required=True) or ""
        if image_id not in self.images:
            raise ApiError(400, "InvalidImageId.NotFound", f"Image {image_id} not found")
        return image_id

    def _tool_list(self, image_id: str) -> str:
        return json.dumps(TOOLS_BY_KIND[self.images[image_id]])

    def _session(self, params: Params, *, in_query: bool = False) -> Session:
        if in_query:
            session_id = params.query_str("sessionId", required=True)
        else:
            session_id = params.body_str("sessionId", required=True)
        return self.store.get(session_id or "")

    def create_session(self, params: Params) -> Outcome:
        image_id = self._image(params)
        labels = json_labels("labels", params.body_str("labels"))
        timeout = params.body.get("timeout")
        if timeout is not None and (isinstance(timeout, bool) or not isinstance(timeout, int)):
            raise invalid_parameter("timeout must be an integer")
        idle = timeout if timeout is not None and timeout > 0 else None  # else the default
        session = self.store.create(image_id, labels, idle)
        data = {
            **_identity(session),
            "success": True,
            "errMsg": "",
            "taskId": f"task-{uuid.uuid4().hex[:16]}",
            "networkInterfaceIp": f"10.0.{random.randint(0, 255)}.{random.randint(1, 254)}",
            **self._ws(session),
            "toolList": self._tool_list(image_id),
        }
        return Outcome(data)

    def get_session(self, params: Params) -> Outcome:
        session = self._session(params)
        return Outcome({**_identity(session), "status": "RUNNING", **self._ws(session)})

    def _ws(self, session: Session) -> dict[str, str]:
        """linkUrl stays empty (tool calls go through /mcp); wsUrl and its token when served."""
        if not self.ws_base:
            return {"linkUrl": "", "wsUrl": "", "token": ""}
        url = f"{self.ws_base}/ws/{session.session_id}"
        return {"linkUrl": "", "wsUrl": url, "token": session.token}

    def get_session_info(self, params: Params) -> Outcome:
        session_id = params.body_str("sessionId", required=True) or ""
        return Outcome({"status": self.store.status(session_id)})

    def get_mcp_resource(self, params: Params) -> Outcome:
        session = self._session(params)
        data: dict[str, Any] = {
            "sessionId": session.session_id,
            "resourceUrl": _resource_url(session),
        }
        if self.images[session.image_id] == COMPUTER:
            suffix = session.session_id.removeprefix("session-")
            data["desktopInfo"] = {
                "appId": f"app-{suffix[:8]}",
                "authCode": uuid.uuid4().hex,
                "connectionProperties": json.dumps(
                    {"protocol": "ASP", "width": 1280, "height": 800}
                ),
                "resourceId": _identity_suffix(session, "p-"),
                "resourceType": "AIAgent",
                "ticket": uuid.uuid4().hex,
            }
        return Outcome(data)

    def list_sessions(self, params: Params) -> Outcome:
        wanted = json_labels("labels", params.query_str("labels"), allow_null=True)
        limit = params.query_int("maxResults", 10, 1, 100)
        if params.query_str("isAll") not in (None, "true", "false"):
            raise invalid_parameter("isAll must be true or false")
        page = self.store.page(wanted, limit, params.query_str("nextToken"))
        data = [{"sessionId": s.session_id, "sessionStatus": "RUNNING"} for s in page.sessions]
        extra = {"nextToken": page.next_token, "maxResults": limit, "count": page.total}
        return Outcome(data, extra)

    def release_session(self, params: Params) -> Outcome:
        self.store.release(params.body_str("sessionId", required=True) or "", wait=True)
        return Outcome()

    def release_session_async(self, params: Params) -> Outcome:
        self.store.release(params.body_str("sessionId", required=True) or "", wait=False)
        return Outcome()

    def refresh(self, params: Params) -> Outcome:
        self._session(params, in_query=True)  # touches last_active
        return Outcome()

    def set_label(self, params: Params) -> Outcome:
        session_id = params.query_str("sessionId", required=True) or ""
        labels = json_labels("Labels", params.query_str("Labels", required=True))
        self.store.set_labels(session_id, labels)
        return Outcome()

    def get_label(self, params: Params) -> Outcome:
        session = self._session(params, in_query=True)
        limit = params.query_int("maxResults", 100, 1, 100)
        labels = dict(session.labels)
        data = {
            "labels": json.dumps(labels),
            "count": len(labels),
            "nextToken": "",
            "maxResults": limit,
        }
        return Outcome(data)

    def list_tools(self, params: Params) -> Outcome:
        return Outcome(self._tool_list(self._image(params)))

    def call_tool(self, params: Params) -> Outcome:
        auto = params.query_str("autoGenSession")
        if auto not in (None, "false", "true"):
            raise invalid_parameter("autoGenSession must be true or false")
        session = self._session(params)
        name = params.body_str("name", required=True) or ""
        args = json_object("args", params.body_str("args"))
        params.body_str("server")
        with self.store.in_use(session):
            text, is_error = self.tools.call(session, name, args)  # no lock held here
        return Outcome({"content": [{"type": "text", "text": text}], "isError": is_error})
