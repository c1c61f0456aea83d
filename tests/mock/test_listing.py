"""ListSession: label filtering, paging with opaque tokens, validation."""

from __future__ import annotations

import json

import httpx
import pytest

from tests.mock.helpers import create, fail, list_page, ok


def ids(page: dict[str, object]) -> list[str]:
    items = page["data"]
    assert isinstance(items, list)
    assert all(item["sessionStatus"] == "RUNNING" for item in items)
    return [item["sessionId"] for item in items]


def test_filter_by_labels(client: httpx.Client) -> None:
    demo_test = create(client, {"project": "demo", "environment": "testing"})
    demo = create(client, {"project": "demo"})
    other = create(client, {"project": "other"})
    assert ids(list_page(client)) == [demo_test, demo, other]
    assert ids(list_page(client, labels="{}")) == [demo_test, demo, other]
    assert ids(list_page(client, labels="null")) == [demo_test, demo, other]
    assert ids(list_page(client, labels=json.dumps({"project": "demo"}))) == [demo_test, demo]
    both = list_page(client, labels=json.dumps({"project": "demo", "environment": "testing"}))
    assert ids(both) == [demo_test] and both["count"] == 1


def test_paging_walks_25_sessions_in_pages_of_10(client: httpx.Client) -> None:
    created = [create(client, {"batch": "x"}) for _ in range(25)]
    seen, sizes, token = [], [], ""
    while True:
        page = list_page(client, maxResults="10", **({"nextToken": token} if token else {}))
        assert page["count"] == 25 and page["maxResults"] == 10
        sizes.append(len(ids(page)))
        seen += ids(page)
        token = page["nextToken"]
        if not token:
            break
    assert sizes == [10, 10, 5]
    assert seen == created


def test_tokens_stay_valid_when_sessions_go(client: httpx.Client) -> None:
    created = [create(client) for _ in range(25)]
    first = list_page(client, maxResults="10")
    for gone in created[:3] + created[10:12]:  # before and after the cursor
        ok(client.post("/mcp/releaseSession", json={"sessionId": gone}))
    second = list_page(client, maxResults="10", nextToken=first["nextToken"])
    assert ids(second) == created[12:22]
    assert second["count"] == 20
    third = list_page(client, maxResults="10", nextToken=second["nextToken"])
    assert ids(third) == created[22:] and third["nextToken"] == ""


def test_deleting_sessions_are_not_listed(client: httpx.Client) -> None:
    keep, leave = create(client), create(client)
    ok(client.post("/mcp/releaseSessionAsync", json={"sessionId": leave}))
    assert ids(list_page(client)) == [keep]


def test_default_page_size_is_10(client: httpx.Client) -> None:
    for _ in range(11):
        create(client)
    page = list_page(client)
    assert len(ids(page)) == 10 and page["maxResults"] == 10 and page["nextToken"]


@pytest.mark.parametrize("value", ["0", "101", "ten", "-1"])
def test_bad_max_results(client: httpx.Client, value: str) -> None:
    body = fail(
        client.get("/sdk/ListSession", params={"maxResults": value}), 400, "InvalidParameter"
    )
    assert "maxResults" in body["message"]


@pytest.mark.parametrize("token", ["garbage", "YWZ0ZXI6eA", "!!!"])
def test_bad_token(client: httpx.Client, token: str) -> None:
    body = fail(
        client.get("/sdk/ListSession", params={"nextToken": token}), 400, "InvalidParameter"
    )
    assert "nextToken" in body["message"]


def test_bad_labels_filter_or_is_all(client: httpx.Client) -> None:
    fail(client.get("/sdk/ListSession", params={"labels": "{"}), 400, "InvalidParameter")
    body = fail(client.get("/sdk/ListSession", params={"isAll": "null"}), 400, "InvalidParameter")
    assert "isAll" in body["message"]
    ok(client.get("/sdk/ListSession", params={"isAll": "true"}))
