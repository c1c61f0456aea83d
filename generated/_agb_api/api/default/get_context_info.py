from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.envelope import Envelope
from ...models.get_context_info_response import GetContextInfoResponse
from ...models.get_context_info_task_type import (
    GetContextInfoTaskType,
)
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    session_id: str,
    context_id: str | Unset = UNSET,
    path: str | Unset = UNSET,
    task_type: GetContextInfoTaskType | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["sessionId"] = session_id

    params["contextId"] = context_id

    params["path"] = path

    json_task_type: str | Unset = UNSET
    if not isinstance(task_type, Unset):
        json_task_type = task_type

    params["taskType"] = json_task_type

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/sdk/GetContextInfo",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Envelope | GetContextInfoResponse:
    if response.status_code == 200:
        response_200 = GetContextInfoResponse.from_dict(response.json())

        return response_200

    response_default = Envelope.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Envelope | GetContextInfoResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    session_id: str,
    context_id: str | Unset = UNSET,
    path: str | Unset = UNSET,
    task_type: GetContextInfoTaskType | Unset = UNSET,
) -> Response[Envelope | GetContextInfoResponse]:
    r"""Read the status of a session's context-sync tasks.

     `data.contextStatus` is a doubly encoded JSON string: an array of
    `{\"type\": \"data\", \"data\": <JSON string of an array of ContextSyncTask>}`; clients read
    only entries of type `data`. The empty string means no tasks. The filters narrow the
    tasks reported. Choice: the mock reports one `data` entry holding every task of the
    session that matches, newest last; statuses go `Pending` -> `Running` -> `Success` or
    `Failed` (clients treat only `Success` and `Failed` as terminal).

    Args:
        session_id (str):
        context_id (str | Unset):
        path (str | Unset):
        task_type (GetContextInfoTaskType | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Envelope | GetContextInfoResponse]
    """

    kwargs = _get_kwargs(
        session_id=session_id,
        context_id=context_id,
        path=path,
        task_type=task_type,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    session_id: str,
    context_id: str | Unset = UNSET,
    path: str | Unset = UNSET,
    task_type: GetContextInfoTaskType | Unset = UNSET,
) -> Envelope | GetContextInfoResponse | None:
    r"""Read the status of a session's context-sync tasks.

     `data.contextStatus` is a doubly encoded JSON string: an array of
    `{\"type\": \"data\", \"data\": <JSON string of an array of ContextSyncTask>}`; clients read
    only entries of type `data`. The empty string means no tasks. The filters narrow the
    tasks reported. Choice: the mock reports one `data` entry holding every task of the
    session that matches, newest last; statuses go `Pending` -> `Running` -> `Success` or
    `Failed` (clients treat only `Success` and `Failed` as terminal).

    Args:
        session_id (str):
        context_id (str | Unset):
        path (str | Unset):
        task_type (GetContextInfoTaskType | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Envelope | GetContextInfoResponse
    """

    return sync_detailed(
        client=client,
        session_id=session_id,
        context_id=context_id,
        path=path,
        task_type=task_type,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    session_id: str,
    context_id: str | Unset = UNSET,
    path: str | Unset = UNSET,
    task_type: GetContextInfoTaskType | Unset = UNSET,
) -> Response[Envelope | GetContextInfoResponse]:
    r"""Read the status of a session's context-sync tasks.

     `data.contextStatus` is a doubly encoded JSON string: an array of
    `{\"type\": \"data\", \"data\": <JSON string of an array of ContextSyncTask>}`; clients read
    only entries of type `data`. The empty string means no tasks. The filters narrow the
    tasks reported. Choice: the mock reports one `data` entry holding every task of the
    session that matches, newest last; statuses go `Pending` -> `Running` -> `Success` or
    `Failed` (clients treat only `Success` and `Failed` as terminal).

    Args:
        session_id (str):
        context_id (str | Unset):
        path (str | Unset):
        task_type (GetContextInfoTaskType | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Envelope | GetContextInfoResponse]
    """

    kwargs = _get_kwargs(
        session_id=session_id,
        context_id=context_id,
        path=path,
        task_type=task_type,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    session_id: str,
    context_id: str | Unset = UNSET,
    path: str | Unset = UNSET,
    task_type: GetContextInfoTaskType | Unset = UNSET,
) -> Envelope | GetContextInfoResponse | None:
    r"""Read the status of a session's context-sync tasks.

     `data.contextStatus` is a doubly encoded JSON string: an array of
    `{\"type\": \"data\", \"data\": <JSON string of an array of ContextSyncTask>}`; clients read
    only entries of type `data`. The empty string means no tasks. The filters narrow the
    tasks reported. Choice: the mock reports one `data` entry holding every task of the
    session that matches, newest last; statuses go `Pending` -> `Running` -> `Success` or
    `Failed` (clients treat only `Success` and `Failed` as terminal).

    Args:
        session_id (str):
        context_id (str | Unset):
        path (str | Unset):
        task_type (GetContextInfoTaskType | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Envelope | GetContextInfoResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            session_id=session_id,
            context_id=context_id,
            path=path,
            task_type=task_type,
        )
    ).parsed
