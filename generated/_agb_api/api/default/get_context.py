from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.envelope import Envelope
from ...models.get_context_response import GetContextResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    id: str | Unset = UNSET,
    name: str | Unset = UNSET,
    allow_create: bool,
    login_region_id: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["id"] = id

    params["name"] = name

    params["allowCreate"] = allow_create

    params["loginRegionId"] = login_region_id

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/sdk/GetContext",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Envelope | GetContextResponse:
    if response.status_code == 200:
        response_200 = GetContextResponse.from_dict(response.json())

        return response_200

    response_default = Envelope.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Envelope | GetContextResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    id: str | Unset = UNSET,
    name: str | Unset = UNSET,
    allow_create: bool,
    login_region_id: str | Unset = UNSET,
) -> Response[Envelope | GetContextResponse]:
    """Read a context by id or name, optionally creating it (get-or-create by name).

     At least one of `id` and `name` is required (else 400 `InvalidParameter`). With
    `allowCreate=true` and a `name` that does not exist yet, the context is created (state
    `available`); with a name that exists, that context is returned. Choice: an unknown `id`,
    or an unknown `name` with `allowCreate=false`, is answered 400 `InvalidContext.NotFound`.
    This is also how a clear is polled: `state` is `clearing` while ClearContext works and
    `available` once done.

    Args:
        id (str | Unset):
        name (str | Unset):
        allow_create (bool):
        login_region_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Envelope | GetContextResponse]
    """

    kwargs = _get_kwargs(
        id=id,
        name=name,
        allow_create=allow_create,
        login_region_id=login_region_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    id: str | Unset = UNSET,
    name: str | Unset = UNSET,
    allow_create: bool,
    login_region_id: str | Unset = UNSET,
) -> Envelope | GetContextResponse | None:
    """Read a context by id or name, optionally creating it (get-or-create by name).

     At least one of `id` and `name` is required (else 400 `InvalidParameter`). With
    `allowCreate=true` and a `name` that does not exist yet, the context is created (state
    `available`); with a name that exists, that context is returned. Choice: an unknown `id`,
    or an unknown `name` with `allowCreate=false`, is answered 400 `InvalidContext.NotFound`.
    This is also how a clear is polled: `state` is `clearing` while ClearContext works and
    `available` once done.

    Args:
        id (str | Unset):
        name (str | Unset):
        allow_create (bool):
        login_region_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Envelope | GetContextResponse
    """

    return sync_detailed(
        client=client,
        id=id,
        name=name,
        allow_create=allow_create,
        login_region_id=login_region_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    id: str | Unset = UNSET,
    name: str | Unset = UNSET,
    allow_create: bool,
    login_region_id: str | Unset = UNSET,
) -> Response[Envelope | GetContextResponse]:
    """Read a context by id or name, optionally creating it (get-or-create by name).

     At least one of `id` and `name` is required (else 400 `InvalidParameter`). With
    `allowCreate=true` and a `name` that does not exist yet, the context is created (state
    `available`); with a name that exists, that context is returned. Choice: an unknown `id`,
    or an unknown `name` with `allowCreate=false`, is answered 400 `InvalidContext.NotFound`.
    This is also how a clear is polled: `state` is `clearing` while ClearContext works and
    `available` once done.

    Args:
        id (str | Unset):
        name (str | Unset):
        allow_create (bool):
        login_region_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Envelope | GetContextResponse]
    """

    kwargs = _get_kwargs(
        id=id,
        name=name,
        allow_create=allow_create,
        login_region_id=login_region_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    id: str | Unset = UNSET,
    name: str | Unset = UNSET,
    allow_create: bool,
    login_region_id: str | Unset = UNSET,
) -> Envelope | GetContextResponse | None:
    """Read a context by id or name, optionally creating it (get-or-create by name).

     At least one of `id` and `name` is required (else 400 `InvalidParameter`). With
    `allowCreate=true` and a `name` that does not exist yet, the context is created (state
    `available`); with a name that exists, that context is returned. Choice: an unknown `id`,
    or an unknown `name` with `allowCreate=false`, is answered 400 `InvalidContext.NotFound`.
    This is also how a clear is polled: `state` is `clearing` while ClearContext works and
    `available` once done.

    Args:
        id (str | Unset):
        name (str | Unset):
        allow_create (bool):
        login_region_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Envelope | GetContextResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            id=id,
            name=name,
            allow_create=allow_create,
            login_region_id=login_region_id,
        )
    ).parsed
