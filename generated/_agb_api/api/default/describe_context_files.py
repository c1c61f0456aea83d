from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.describe_context_files_response import DescribeContextFilesResponse
from ...models.empty_body import EmptyBody
from ...models.envelope import Envelope
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: EmptyBody | Unset = UNSET,
    context_id: str,
    parent_folder_path: str | Unset = UNSET,
    page_number: int | Unset = 1,
    page_size: int | Unset = 50,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    params: dict[str, Any] = {}

    params["contextId"] = context_id

    params["parentFolderPath"] = parent_folder_path

    params["pageNumber"] = page_number

    params["pageSize"] = page_size

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/sdk/DescribeContextFiles",
        "params": params,
    }

    if not isinstance(body, Unset):
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> DescribeContextFilesResponse | Envelope:
    if response.status_code == 200:
        response_200 = DescribeContextFilesResponse.from_dict(response.json())

        return response_200

    response_default = Envelope.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[DescribeContextFilesResponse | Envelope]:
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
    context_id: str,
    parent_folder_path: str | Unset = UNSET,
    page_number: int | Unset = 1,
    page_size: int | Unset = 50,
) -> Response[DescribeContextFilesResponse | Envelope]:
    """List the files of a context, one 1-based page at a time.

     Query-only POST; the body is `{}`. Context file paths are absolute paths as seen in a
    session (`/tmp/x.txt`). Choice: `parentFolderPath` selects the files directly in that
    folder (a trailing `/` is ignored) and the folders directly under it (`fileType`
    `folder`); without it, every file of the context is listed (`fileType` `file`). Entries
    are ordered by `filePath`. The total over all pages is the top-level `count`.

    Args:
        context_id (str):
        parent_folder_path (str | Unset):
        page_number (int | Unset):  Default: 1.
        page_size (int | Unset):  Default: 50.
        body (EmptyBody | Unset): The `{}` body of a POST whose fields all travel in the query.
            Choice: members sent
            anyway are ignored (the fields are read from the query only); a body that is not a
            JSON object is refused with 400 `InvalidParameter`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DescribeContextFilesResponse | Envelope]
    """

    kwargs = _get_kwargs(
        body=body,
        context_id=context_id,
        parent_folder_path=parent_folder_path,
        page_number=page_number,
        page_size=page_size,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: EmptyBody | Unset = UNSET,
    context_id: str,
    parent_folder_path: str | Unset = UNSET,
    page_number: int | Unset = 1,
    page_size: int | Unset = 50,
) -> DescribeContextFilesResponse | Envelope | None:
    """List the files of a context, one 1-based page at a time.

     Query-only POST; the body is `{}`. Context file paths are absolute paths as seen in a
    session (`/tmp/x.txt`). Choice: `parentFolderPath` selects the files directly in that
    folder (a trailing `/` is ignored) and the folders directly under it (`fileType`
    `folder`); without it, every file of the context is listed (`fileType` `file`). Entries
    are ordered by `filePath`. The total over all pages is the top-level `count`.

    Args:
        context_id (str):
        parent_folder_path (str | Unset):
        page_number (int | Unset):  Default: 1.
        page_size (int | Unset):  Default: 50.
        body (EmptyBody | Unset): The `{}` body of a POST whose fields all travel in the query.
            Choice: members sent
            anyway are ignored (the fields are read from the query only); a body that is not a
            JSON object is refused with 400 `InvalidParameter`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DescribeContextFilesResponse | Envelope
    """

    return sync_detailed(
        client=client,
        body=body,
        context_id=context_id,
        parent_folder_path=parent_folder_path,
        page_number=page_number,
        page_size=page_size,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: EmptyBody | Unset = UNSET,
    context_id: str,
    parent_folder_path: str | Unset = UNSET,
    page_number: int | Unset = 1,
    page_size: int | Unset = 50,
) -> Response[DescribeContextFilesResponse | Envelope]:
    """List the files of a context, one 1-based page at a time.

     Query-only POST; the body is `{}`. Context file paths are absolute paths as seen in a
    session (`/tmp/x.txt`). Choice: `parentFolderPath` selects the files directly in that
    folder (a trailing `/` is ignored) and the folders directly under it (`fileType`
    `folder`); without it, every file of the context is listed (`fileType` `file`). Entries
    are ordered by `filePath`. The total over all pages is the top-level `count`.

    Args:
        context_id (str):
        parent_folder_path (str | Unset):
        page_number (int | Unset):  Default: 1.
        page_size (int | Unset):  Default: 50.
        body (EmptyBody | Unset): The `{}` body of a POST whose fields all travel in the query.
            Choice: members sent
            anyway are ignored (the fields are read from the query only); a body that is not a
            JSON object is refused with 400 `InvalidParameter`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DescribeContextFilesResponse | Envelope]
    """

    kwargs = _get_kwargs(
        body=body,
        context_id=context_id,
        parent_folder_path=parent_folder_path,
        page_number=page_number,
        page_size=page_size,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: EmptyBody | Unset = UNSET,
    context_id: str,
    parent_folder_path: str | Unset = UNSET,
    page_number: int | Unset = 1,
    page_size: int | Unset = 50,
) -> DescribeContextFilesResponse | Envelope | None:
    """List the files of a context, one 1-based page at a time.

     Query-only POST; the body is `{}`. Context file paths are absolute paths as seen in a
    session (`/tmp/x.txt`). Choice: `parentFolderPath` selects the files directly in that
    folder (a trailing `/` is ignored) and the folders directly under it (`fileType`
    `folder`); without it, every file of the context is listed (`fileType` `file`). Entries
    are ordered by `filePath`. The total over all pages is the top-level `count`.

    Args:
        context_id (str):
        parent_folder_path (str | Unset):
        page_number (int | Unset):  Default: 1.
        page_size (int | Unset):  Default: 50.
        body (EmptyBody | Unset): The `{}` body of a POST whose fields all travel in the query.
            Choice: members sent
            anyway are ignored (the fields are read from the query only); a body that is not a
            JSON object is refused with 400 `InvalidParameter`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DescribeContextFilesResponse | Envelope
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            context_id=context_id,
            parent_folder_path=parent_folder_path,
            page_number=page_number,
            page_size=page_size,
        )
    ).parsed
