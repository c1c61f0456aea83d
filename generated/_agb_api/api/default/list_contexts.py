from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.envelope import Envelope
from ...models.list_contexts_response import ListContextsResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    max_results: int | Unset = 10,
    next_token: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["maxResults"] = max_results

    params["nextToken"] = next_token

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/sdk/ListContexts",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Envelope | ListContextsResponse:
    if response.status_code == 200:
        response_200 = ListContextsResponse.from_dict(response.json())

        return response_200

    response_default = Envelope.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Envelope | ListContextsResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    max_results: int | Unset = 10,
    next_token: str | Unset = UNSET,
) -> Response[Envelope | ListContextsResponse]:
    """List the account's contexts (persistent storage), one page at a time.

     Contexts belong to the API key's account and outlive sessions. Pages are walked with
    opaque tokens. `data` is the list of contexts of this page. Choice: the page's
    `nextToken` (empty on the last page), `maxResults` and `totalCount` travel at top level
    of the envelope (the official SDK reads them only from an object-shaped `data`, so with
    this list-shaped `data` it reports them as None).

    Args:
        max_results (int | Unset):  Default: 10.
        next_token (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Envelope | ListContextsResponse]
    """

    kwargs = _get_kwargs(
        max_results=max_results,
        next_token=next_token,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    max_results: int | Unset = 10,
    next_token: str | Unset = UNSET,
) -> Envelope | ListContextsResponse | None:
    """List the account's contexts (persistent storage), one page at a time.

     Contexts belong to the API key's account and outlive sessions. Pages are walked with
    opaque tokens. `data` is the list of contexts of this page. Choice: the page's
    `nextToken` (empty on the last page), `maxResults` and `totalCount` travel at top level
    of the envelope (the official SDK reads them only from an object-shaped `data`, so with
    this list-shaped `data` it reports them as None).

    Args:
        max_results (int | Unset):  Default: 10.
        next_token (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Envelope | ListContextsResponse
    """

    return sync_detailed(
        client=client,
        max_results=max_results,
        next_token=next_token,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    max_results: int | Unset = 10,
    next_token: str | Unset = UNSET,
) -> Response[Envelope | ListContextsResponse]:
    """List the account's contexts (persistent storage), one page at a time.

     Contexts belong to the API key's account and outlive sessions. Pages are walked with
    opaque tokens. `data` is the list of contexts of this page. Choice: the page's
    `nextToken` (empty on the last page), `maxResults` and `totalCount` travel at top level
    of the envelope (the official SDK reads them only from an object-shaped `data`, so with
    this list-shaped `data` it reports them as None).

    Args:
        max_results (int | Unset):  Default: 10.
        next_token (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Envelope | ListContextsResponse]
    """

    kwargs = _get_kwargs(
        max_results=max_results,
        next_token=next_token,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    max_results: int | Unset = 10,
    next_token: str | Unset = UNSET,
) -> Envelope | ListContextsResponse | None:
    """List the account's contexts (persistent storage), one page at a time.

     Contexts belong to the API key's account and outlive sessions. Pages are walked with
    opaque tokens. `data` is the list of contexts of this page. Choice: the page's
    `nextToken` (empty on the last page), `maxResults` and `totalCount` travel at top level
    of the envelope (the official SDK reads them only from an object-shaped `data`, so with
    this list-shaped `data` it reports them as None).

    Args:
        max_results (int | Unset):  Default: 10.
        next_token (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Envelope | ListContextsResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            max_results=max_results,
            next_token=next_token,
        )
    ).parsed
