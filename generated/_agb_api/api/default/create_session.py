from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.create_session_body import CreateSessionBody
from ...models.create_session_response import CreateSessionResponse
from ...models.envelope import Envelope
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: CreateSessionBody,
    image_id: str,
    sdk_stats: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    params: dict[str, Any] = {}

    params["imageId"] = image_id

    params["sdkStats"] = sdk_stats

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/mcp/createSession",
        "params": params,
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CreateSessionResponse | Envelope:
    if response.status_code == 200:
        response_200 = CreateSessionResponse.from_dict(response.json())

        return response_200

    response_default = Envelope.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[CreateSessionResponse | Envelope]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: CreateSessionBody,
    image_id: str,
    sdk_stats: str | Unset = UNSET,
) -> Response[CreateSessionResponse | Envelope]:
    """Create a session from an image.

     Not idempotent: every successful call creates a new session. A client must not retry
    it unless the request surely never reached the service.

    Args:
        image_id (str):
        sdk_stats (str | Unset):
        body (CreateSessionBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CreateSessionResponse | Envelope]
    """

    kwargs = _get_kwargs(
        body=body,
        image_id=image_id,
        sdk_stats=sdk_stats,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: CreateSessionBody,
    image_id: str,
    sdk_stats: str | Unset = UNSET,
) -> CreateSessionResponse | Envelope | None:
    """Create a session from an image.

     Not idempotent: every successful call creates a new session. A client must not retry
    it unless the request surely never reached the service.

    Args:
        image_id (str):
        sdk_stats (str | Unset):
        body (CreateSessionBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CreateSessionResponse | Envelope
    """

    return sync_detailed(
        client=client,
        body=body,
        image_id=image_id,
        sdk_stats=sdk_stats,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: CreateSessionBody,
    image_id: str,
    sdk_stats: str | Unset = UNSET,
) -> Response[CreateSessionResponse | Envelope]:
    """Create a session from an image.

     Not idempotent: every successful call creates a new session. A client must not retry
    it unless the request surely never reached the service.

    Args:
        image_id (str):
        sdk_stats (str | Unset):
        body (CreateSessionBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CreateSessionResponse | Envelope]
    """

    kwargs = _get_kwargs(
        body=body,
        image_id=image_id,
        sdk_stats=sdk_stats,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: CreateSessionBody,
    image_id: str,
    sdk_stats: str | Unset = UNSET,
) -> CreateSessionResponse | Envelope | None:
    """Create a session from an image.

     Not idempotent: every successful call creates a new session. A client must not retry
    it unless the request surely never reached the service.

    Args:
        image_id (str):
        sdk_stats (str | Unset):
        body (CreateSessionBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CreateSessionResponse | Envelope
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            image_id=image_id,
            sdk_stats=sdk_stats,
        )
    ).parsed
