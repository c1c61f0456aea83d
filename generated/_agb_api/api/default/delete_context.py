from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.empty_body import EmptyBody
from ...models.envelope import Envelope
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: EmptyBody | Unset = UNSET,
    id: str,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    params: dict[str, Any] = {}

    params["id"] = id

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/sdk/DeleteContext",
        "params": params,
    }

    if not isinstance(body, Unset):
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Envelope:
    if response.status_code == 200:
        response_200 = Envelope.from_dict(response.json())

        return response_200

    response_default = Envelope.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Envelope]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: EmptyBody | Unset = UNSET,
    id: str,
) -> Response[Envelope]:
    """Delete a context and every file in it.

     Query-only POST; the body is `{}`. `data` is null. Unknown id -> 400 `InvalidContext.NotFound`.

    Args:
        id (str):
        body (EmptyBody | Unset): The `{}` body of a POST whose fields all travel in the query.
            Choice: members sent
            anyway are ignored (the fields are read from the query only); a body that is not a
            JSON object is refused with 400 `InvalidParameter`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Envelope]
    """

    kwargs = _get_kwargs(
        body=body,
        id=id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: EmptyBody | Unset = UNSET,
    id: str,
) -> Envelope | None:
    """Delete a context and every file in it.

     Query-only POST; the body is `{}`. `data` is null. Unknown id -> 400 `InvalidContext.NotFound`.

    Args:
        id (str):
        body (EmptyBody | Unset): The `{}` body of a POST whose fields all travel in the query.
            Choice: members sent
            anyway are ignored (the fields are read from the query only); a body that is not a
            JSON object is refused with 400 `InvalidParameter`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Envelope
    """

    return sync_detailed(
        client=client,
        body=body,
        id=id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: EmptyBody | Unset = UNSET,
    id: str,
) -> Response[Envelope]:
    """Delete a context and every file in it.

     Query-only POST; the body is `{}`. `data` is null. Unknown id -> 400 `InvalidContext.NotFound`.

    Args:
        id (str):
        body (EmptyBody | Unset): The `{}` body of a POST whose fields all travel in the query.
            Choice: members sent
            anyway are ignored (the fields are read from the query only); a body that is not a
            JSON object is refused with 400 `InvalidParameter`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Envelope]
    """

    kwargs = _get_kwargs(
        body=body,
        id=id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: EmptyBody | Unset = UNSET,
    id: str,
) -> Envelope | None:
    """Delete a context and every file in it.

     Query-only POST; the body is `{}`. `data` is null. Unknown id -> 400 `InvalidContext.NotFound`.

    Args:
        id (str):
        body (EmptyBody | Unset): The `{}` body of a POST whose fields all travel in the query.
            Choice: members sent
            anyway are ignored (the fields are read from the query only); a body that is not a
            JSON object is refused with 400 `InvalidParameter`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Envelope
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            id=id,
        )
    ).parsed
