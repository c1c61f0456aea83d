from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.call_mcp_tool_body import CallMcpToolBody
from ...models.call_mcp_tool_response import CallMcpToolResponse
from ...models.envelope import Envelope
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: CallMcpToolBody,
    auto_gen_session: bool,
    image_id: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    params: dict[str, Any] = {}

    params["autoGenSession"] = auto_gen_session

    params["imageId"] = image_id

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/mcp",
        "params": params,
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CallMcpToolResponse | Envelope:
    if response.status_code == 200:
        response_200 = CallMcpToolResponse.from_dict(response.json())

        return response_200

    response_default = Envelope.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[CallMcpToolResponse | Envelope]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: CallMcpToolBody,
    auto_gen_session: bool,
    image_id: str | Unset = UNSET,
) -> Response[CallMcpToolResponse | Envelope]:
    """Call an MCP tool inside a session.

     Not idempotent (the tool may change the sandbox). The envelope reports the API-level
    outcome; `data.isError` reports the tool's. The tool's answer is the `text` of the
    `content` items. The tools `run_code` and `shell` answer a JSON document in that text.

    Args:
        auto_gen_session (bool):
        image_id (str | Unset):
        body (CallMcpToolBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CallMcpToolResponse | Envelope]
    """

    kwargs = _get_kwargs(
        body=body,
        auto_gen_session=auto_gen_session,
        image_id=image_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: CallMcpToolBody,
    auto_gen_session: bool,
    image_id: str | Unset = UNSET,
) -> CallMcpToolResponse | Envelope | None:
    """Call an MCP tool inside a session.

     Not idempotent (the tool may change the sandbox). The envelope reports the API-level
    outcome; `data.isError` reports the tool's. The tool's answer is the `text` of the
    `content` items. The tools `run_code` and `shell` answer a JSON document in that text.

    Args:
        auto_gen_session (bool):
        image_id (str | Unset):
        body (CallMcpToolBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CallMcpToolResponse | Envelope
    """

    return sync_detailed(
        client=client,
        body=body,
        auto_gen_session=auto_gen_session,
        image_id=image_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: CallMcpToolBody,
    auto_gen_session: bool,
    image_id: str | Unset = UNSET,
) -> Response[CallMcpToolResponse | Envelope]:
    """Call an MCP tool inside a session.

     Not idempotent (the tool may change the sandbox). The envelope reports the API-level
    outcome; `data.isError` reports the tool's. The tool's answer is the `text` of the
    `content` items. The tools `run_code` and `shell` answer a JSON document in that text.

    Args:
        auto_gen_session (bool):
        image_id (str | Unset):
        body (CallMcpToolBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CallMcpToolResponse | Envelope]
    """

    kwargs = _get_kwargs(
        body=body,
        auto_gen_session=auto_gen_session,
        image_id=image_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: CallMcpToolBody,
    auto_gen_session: bool,
    image_id: str | Unset = UNSET,
) -> CallMcpToolResponse | Envelope | None:
    """Call an MCP tool inside a session.

     Not idempotent (the tool may change the sandbox). The envelope reports the API-level
    outcome; `data.isError` reports the tool's. The tool's answer is the `text` of the
    `content` items. The tools `run_code` and `shell` answer a JSON document in that text.

    Args:
        auto_gen_session (bool):
        image_id (str | Unset):
        body (CallMcpToolBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CallMcpToolResponse | Envelope
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            auto_gen_session=auto_gen_session,
            image_id=image_id,
        )
    ).parsed
