"""GET /orders and GET /orders/{id} answer from cached views of the orders table: the same bytes
as filtering, sorting and rendering every order on each request, before and after writes."""

from __future__ import annotations

import json

import pytest

from apps.sandbox import order_index
from apps.sandbox.lookups import render_order

COMBINATIONS = [
    {},
    {"page": 2},
    {"page": 97, "page_size": 25},
    {"page": 1, "page_size": 200},
    {"page": 3, "page_size": 7},
    {"status": "received"},
    {"status": "paused, Received", "page": 2, "page_size": 10},
    {"status": "shipped,delivered", "has_unmatched_prescriptions": "false"},
    {"has_unmatched_prescriptions": "true"},
    {"has_unmatched_prescriptions": "true", "status": "received,exception", "page_size": 50},
    {"status": "cancelled", "page": 400},
]


def reference(state, query: dict) -> tuple[bytes, int]:
    """The page and total the straightforward way: filter, sort and render every order."""
    rows = list(state.orders.rows())
    statuses = [s.strip().lower() for s in query.get("status", "").split(",") if s.strip()]
    if statuses:
        rows = [r for r in rows if r["status"] in statuses]
    if "has_unmatched_prescriptions" in query:
        wanted = query["has_unmatched_prescriptions"] == "true"
        rows = [
            r
            for r in rows
            if any(not p.get("has_prescription") for p in r["products"]["prescription"]) == wanted
        ]
    rows.sort(key=lambda r: (r["created_at"], r["id"]), reverse=True)
    page, size = query.get("page", 1), query.get("page_size", 25)
    items = [render_order(state, r) for r in rows[(page - 1) * size : page * size]]
    return json.dumps(items, separators=(",", ":")).encode(), len(rows)


def assert_matches_reference(api, sandbox, query: dict) -> list[dict]:
    response = api.get("/orders", params=query)
    body, total = reference(sandbox.state, query)
    assert response.status_code == 200
    assert response.content == body
    assert response.headers["X-Total-Count"] == str(total)
    return response.json()


@pytest.mark.parametrize("query", COMBINATIONS)
def test_it_lists_the_same_bytes_as_the_straightforward_way(api, sandbox, query):
    assert_matches_reference(api, sandbox, query)
    assert_matches_reference(api, sandbox, query)  # again, from the cache


def test_it_lists_a_new_order_first(api, sandbox):
    assert_matches_reference(api, sandbox, {})
    patient_id = assert_matches_reference(api, sandbox, {"status": "received"})[0]["patient"]["id"]
    lines = {"prescription": [{"product_code": "HC-RAPA1", "quantity": 1}]}
    created = api.post(
        "/orders", params={"force_new": "true"}, json={"patient_id": patient_id, "products": lines}
    )
    assert created.status_code == 201
    assert assert_matches_reference(api, sandbox, {})[0]["id"] == created.json()["id"]
    assert assert_matches_reference(api, sandbox, {"status": "received"})[0]["id"] == created.json()["id"]


def test_it_follows_a_cancelled_order(api, sandbox):
    order = assert_matches_reference(api, sandbox, {"status": "received"})[0]
    assert_matches_reference(api, sandbox, {"status": "cancelled"})
    assert api.put(f"/orders/{order['id']}/cancel").status_code == 200
    assert order["id"] in [o["id"] for o in assert_matches_reference(api, sandbox, {"status": "cancelled"})]
    assert order["id"] not in [
        o["id"] for o in assert_matches_reference(api, sandbox, {"status": "received"})
    ]


def test_it_follows_an_updated_order_and_its_patient(api, sandbox):
    order = assert_matches_reference(api, sandbox, {"status": "received"})[0]
    assert api.put(f"/orders/{order['id']}", json={"external_id": "EXT-NEW-1"}).status_code == 200
    assert assert_matches_reference(api, sandbox, {"status": "received"})[0]["external_id"] == "EXT-NEW-1"
    assert api.put(f"/patients/{order['patient']['id']}", json={"first_name": "Zelda"}).status_code == 200
    assert (
        assert_matches_reference(api, sandbox, {"status": "received"})[0]["patient"]["first_name"] == "Zelda"
    )


def test_it_follows_rows_edited_directly_in_the_state(api, sandbox):
    newest = assert_matches_reference(api, sandbox, {})[0]
    sandbox.state.orders.edit(newest["id"])["status"] = "paused"
    assert assert_matches_reference(api, sandbox, {})[0]["status"] == "paused"


def test_a_fork_has_its_own_index_and_the_parent_keeps_its_own(sandbox):
    parent = sandbox.state
    parent_list = order_index.newest_first(parent)
    child = parent.fork()
    newest = parent_list[0]
    child.orders.edit(newest["id"])["created_at"] = "2000-01-01T00:00:00Z"
    assert order_index.newest_first(child)[-1]["id"] == newest["id"]
    assert order_index.newest_first(parent) is parent_list
    assert parent_list[0] is newest and newest["created_at"] != "2000-01-01T00:00:00Z"


def test_it_shows_one_order_as_rendered_before_and_after_a_write(api, sandbox):
    order = assert_matches_reference(api, sandbox, {"status": "received"})[0]

    def rendered() -> bytes:
        row = sandbox.state.orders.get(order["id"])
        return json.dumps(render_order(sandbox.state, row), separators=(",", ":")).encode()

    assert api.get(f"/orders/{order['id']}").content == rendered()
    assert api.put(f"/orders/{order['id']}/pause").status_code == 200
    assert api.get(f"/orders/{order['order_number']}").content == rendered()
    assert api.get(f"/orders/{order['id']}").json()["status"] == "paused"
