from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.empty_body import EmptyBody
from ...models.envelope import Envelope
from ...models.internal_context_response import InternalContextResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: EmptyBody | Unset = UNSET,
    session_id: str,
    context_types: str,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    params: dict[str, Any] = {}

    params["sessionId"] = session_id

    params["contextTypes"] = context_types

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/sdk/GetAndLoadInternalContext",
        "params": params,
    }

    if not isinstance(body, Unset):
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Envelope | InternalContextResponse:
    if response.status_code == 200:
        response_200 = InternalContextResponse.from_dict(response.json())

        return response_200

    response_default = Envelope.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Envelope | InternalContextResponse]:
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
    session_id: str,
    context_types: str,
) -> Response[Envelope | InternalContextResponse]:
    """The session's internal contexts (created on first use) and where they are mounted.

     Query-only POST; the body is `{}`. Used for file transfer: the `file_transfer` context
    is mounted in the session at `contextPath`; files uploaded into it through presigned
    URLs appear in the session after a SyncContext `download` of that path, and session
    files under it reach the context after an `upload`. `data: null` means none. Choice:
    the mock creates one `file_transfer` context per session on first call (the same one on
    later calls), mounted at `/tmp/file_transfer`; it is not listed by ListContexts and is
    deleted with the session.

    Args:
        session_id (str):
        context_types (str):
        body (EmptyBody | Unset): The `{}` body of a POST whose fields all travel in the query.
            Choice: members sent
            anyway are ignored (the fields are read from the query only); a body that is not a
            JSON object is refused with 400 `InvalidParameter`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Envelope | InternalContextResponse]
    """

    kwargs = _get_kwargs(
        body=body,
        session_id=session_id,
        context_types=context_types,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: EmptyBody | Unset = UNSET,
    session_id: str,
    context_types: str,
) -> Envelope | InternalContextResponse | None:
    """The session's internal contexts (created on first use) and where they are mounted.

     Query-only POST; the body is `{}`. Used for file transfer: the `file_transfer` context
    is mounted in the session at `contextPath`; files uploaded into it through presigned
    URLs appear in the session after a SyncContext `download` of that path, and session
    files under it reach the context after an `upload`. `data: null` means none. Choice:
    the mock creates one `file_transfer` context per session on first call (the same one on
    later calls), mounted at `/tmp/file_transfer`; it is not listed by ListContexts and is
    deleted with the session.

    Args:
        session_id (str):
        context_types (str):
        body (EmptyBody | Unset): The `{}` body of a POST whose fields all travel in the query.
            Choice: members sent
            anyway are ignored (the fields are read from the query only); a body that is not a
            JSON object is refused with 400 `InvalidParameter`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Envelope | InternalContextResponse
    """

    return sync_detailed(
        client=client,
        body=body,
        session_id=session_id,
        context_types=context_types,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: EmptyBody | Unset = UNSET,
    session_id: str,
    context_types: str,
) -> Response[Envelope | InternalContextResponse]:
    """The session's internal contexts (created on first use) and where they are mounted.

     Query-only POST; the body is `{}`. Used for file transfer: the `file_transfer` context
    is mounted in the session at `contextPath`; files uploaded into it through presigned
    URLs appear in the session after a SyncContext `download` of that path, and session
    files under it reach the context after an `upload`. `data: null` means none. Choice:
    the mock creates one `file_transfer` context per session on first call (the same one on
    later calls), mounted at `/tmp/file_transfer`; it is not listed by ListContexts and is
    deleted with the session.

    Args:
        session_id (str):
        context_types (str):
        body (EmptyBody | Unset): The `{}` body of a POST whose fields all travel in the query.
            Choice: members sent
            anyway are ignored (the fields are read from the query only); a body that is not a
            JSON object is refused with 400 `InvalidParameter`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Envelope | InternalContextResponse]
    """

    kwargs = _get_kwargs(
        body=body,
        session_id=session_id,
        context_types=context_types,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: EmptyBody | Unset = UNSET,
    session_id: str,
    context_types: str,
) -> Envelope | InternalContextResponse | None:
    """The session's internal contexts (created on first use) and where they are mounted.

     Query-only POST; the body is `{}`. Used for file transfer: the `file_transfer` context
    is mounted in the session at `contextPath`; files uploaded into it through presigned
    URLs appear in the session after a SyncContext `download` of that path, and session
    files under it reach the context after an `upload`. `data: null` means none. Choice:
    the mock creates one `file_transfer` context per session on first call (the same one on
    later calls), mounted at `/tmp/file_transfer`; it is not listed by ListContexts and is
    deleted with the session.

    Args:
        session_id (str):
        context_types (str):
        body (EmptyBody | Unset): The `{}` body of a POST whose fields all travel in the query.
            Choice: members sent
            anyway are ignored (the fields are read from the query only); a body that is not a
            JSON object is refused with 400 `InvalidParameter`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Envelope | InternalContextResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            session_id=session_id,
            context_types=context_types,
        )
    ).parsed
