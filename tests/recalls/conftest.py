"""Fixtures of the recall tests: the order index synced from the sandbox, a lot and a product with
open orders, and the sandbox's own answer to "which open orders hold it"."""

from __future__ import annotations

import re

import pytest

from apps.orderindex import services as index_services
from apps.orderindex.selectors import OPEN_STATUSES
from apps.recalls.models import Recall


@pytest.fixture
def indexed(sandbox):
    index_services.order_index_sync()


def open_orders_holding(sandbox, products: set[tuple[str, str]]) -> list[dict]:
    return [
        row
        for row in sandbox.state.orders.rows()
        if row["status"] in OPEN_STATUSES
        and any((kind, line["id"]) in products for kind, lines in row["products"].items() for line in lines)
    ]


def lot_products(lot: dict) -> set[tuple[str, str]]:
    return {(link["product_type"], link["product_id"]) for link in lot.get("_associations") or []}


@pytest.fixture
def a_lot(sandbox) -> dict:
    """A lot feeding products that open orders hold (the one with the fewest such orders)."""
    lots = [lot for lot in sandbox.state.lots.rows() if open_orders_holding(sandbox, lot_products(lot))]
    assert lots, "the seed has no lot whose products open orders hold"
    return min(lots, key=lambda lot: len(open_orders_holding(sandbox, lot_products(lot))))


@pytest.fixture
def a_product(sandbox) -> tuple[str, str]:
    """(kind, id) of a prescription product that a few open orders hold."""
    counts: dict[tuple[str, str], int] = {}
    for row in sandbox.state.orders.rows():
        if row["status"] in OPEN_STATUSES:
            for line in row["products"]["prescription"]:
                counts[("prescription", line["id"])] = counts.get(("prescription", line["id"]), 0) + 1
    return min((p for p, n in counts.items() if n >= 3), key=lambda p: counts[p])


def token_of(html: str) -> str:
    found = re.search(r'name="token" value="([^"]+)"', html)
    assert found, "no form token on the page"
    return found.group(1)


def start(client, **fields) -> Recall:
    """Start a recall through the page, as a manager does (`lot=` or `kind=` + `product=`)."""
    query = "&".join(f"{k}={v}" for k, v in fields.items() if k != "reason")
    token = token_of(client.get(f"/recalls/new/?{query}").content.decode())
    response = client.post("/recalls/new/", {"token": token, "reason": "Contaminated batch", **fields})
    recall = Recall.objects.order_by("-id").first()
    assert response.status_code == 302, response.content[:500]
    assert response["Location"] == f"/recalls/{recall.pk}/"
    return recall
