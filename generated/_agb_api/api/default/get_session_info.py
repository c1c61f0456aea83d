from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.envelope import Envelope
from ...models.session_id_body import SessionIdBody
from ...models.session_status_response import SessionStatusResponse
from ...types import Response


def _get_kwargs(
    *,
    body: SessionIdBody,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/mcp/getSessionInfo",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Envelope | SessionStatusResponse:
    if response.status_code == 200:
        response_200 = SessionStatusResponse.from_dict(response.json())

        return response_200

    response_default = Envelope.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Envelope | SessionStatusResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: SessionIdBody,
) -> Response[Envelope | SessionStatusResponse]:
    """Read a session's lifecycle status only.

     After an asynchronous release the status goes `RUNNING` -> `DELETING` -> `FINISH`;
    after that the session is unknown (400 `InvalidMcpSession.NotFound`).

    Args:
        body (SessionIdBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Envelope | SessionStatusResponse]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: SessionIdBody,
) -> Envelope | SessionStatusResponse | None:
    """Read a session's lifecycle status only.

     After an asynchronous release the status goes `RUNNING` -> `DELETING` -> `FINISH`;
    after that the session is unknown (400 `InvalidMcpSession.NotFound`).

    Args:
        body (SessionIdBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Envelope | SessionStatusResponse
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: SessionIdBody,
) -> Response[Envelope | SessionStatusResponse]:
    """Read a session's lifecycle status only.

     After an asynchronous release the status goes `RUNNING` -> `DELETING` -> `FINISH`;
    after that the session is unknown (400 `InvalidMcpSession.NotFound`).

    Args:
        body (SessionIdBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Envelope | SessionStatusResponse]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: SessionIdBody,
) -> Envelope | SessionStatusResponse | None:
    """Read a session's lifecycle status only.

     After an asynchronous release the status goes `RUNNING` -> `DELETING` -> `FINISH`;
    after that the session is unknown (400 `InvalidMcpSession.NotFound`).

    Args:
        body (SessionIdBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Envelope | SessionStatusResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
