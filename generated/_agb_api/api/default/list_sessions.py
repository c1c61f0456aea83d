from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.envelope import Envelope
from ...models.list_sessions_response import ListSessionsResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    labels: str | Unset = UNSET,
    max_results: int | Unset = 10,
    next_token: str | Unset = UNSET,
    is_all: bool | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["labels"] = labels

    params["maxResults"] = max_results

    params["nextToken"] = next_token

    params["isAll"] = is_all

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/sdk/ListSession",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Envelope | ListSessionsResponse:
    if response.status_code == 200:
        response_200 = ListSessionsResponse.from_dict(response.json())

        return response_200

    response_default = Envelope.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Envelope | ListSessionsResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    labels: str | Unset = UNSET,
    max_results: int | Unset = 10,
    next_token: str | Unset = UNSET,
    is_all: bool | Unset = UNSET,
) -> Response[Envelope | ListSessionsResponse]:
    """List the running sessions that carry the given labels, one page at a time.

     Pages are walked with opaque tokens: the answer's top-level `nextToken` is passed back
    to get the next page and is empty on the last one. There is no page-number parameter.

    Args:
        labels (str | Unset):
        max_results (int | Unset):  Default: 10.
        next_token (str | Unset):
        is_all (bool | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Envelope | ListSessionsResponse]
    """

    kwargs = _get_kwargs(
        labels=labels,
        max_results=max_results,
        next_token=next_token,
        is_all=is_all,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    labels: str | Unset = UNSET,
    max_results: int | Unset = 10,
    next_token: str | Unset = UNSET,
    is_all: bool | Unset = UNSET,
) -> Envelope | ListSessionsResponse | None:
    """List the running sessions that carry the given labels, one page at a time.

     Pages are walked with opaque tokens: the answer's top-level `nextToken` is passed back
    to get the next page and is empty on the last one. There is no page-number parameter.

    Args:
        labels (str | Unset):
        max_results (int | Unset):  Default: 10.
        next_token (str | Unset):
        is_all (bool | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Envelope | ListSessionsResponse
    """

    return sync_detailed(
        client=client,
        labels=labels,
        max_results=max_results,
        next_token=next_token,
        is_all=is_all,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    labels: str | Unset = UNSET,
    max_results: int | Unset = 10,
    next_token: str | Unset = UNSET,
    is_all: bool | Unset = UNSET,
) -> Response[Envelope | ListSessionsResponse]:
    """List the running sessions that carry the given labels, one page at a time.

     Pages are walked with opaque tokens: the answer's top-level `nextToken` is passed back
    to get the next page and is empty on the last one. There is no page-number parameter.

    Args:
        labels (str | Unset):
        max_results (int | Unset):  Default: 10.
        next_token (str | Unset):
        is_all (bool | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Envelope | ListSessionsResponse]
    """

    kwargs = _get_kwargs(
        labels=labels,
        max_results=max_results,
        next_token=next_token,
        is_all=is_all,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    labels: str | Unset = UNSET,
    max_results: int | Unset = 10,
    next_token: str | Unset = UNSET,
    is_all: bool | Unset = UNSET,
) -> Envelope | ListSessionsResponse | None:
    """List the running sessions that carry the given labels, one page at a time.

     Pages are walked with opaque tokens: the answer's top-level `nextToken` is passed back
    to get the next page and is empty on the last one. There is no page-number parameter.

    Args:
        labels (str | Unset):
        max_results (int | Unset):  Default: 10.
        next_token (str | Unset):
        is_all (bool | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Envelope | ListSessionsResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            labels=labels,
            max_results=max_results,
            next_token=next_token,
            is_all=is_all,
        )
    ).parsed
