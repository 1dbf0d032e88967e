"""The order list's filters Blend's list cannot answer, answered from the order index: created
between two dates, product, shipping state, stuck, pending request, paused for more than a day,
sorting; exact counts, kept in the URL, "as of" the index's last sync; their CSV and bulk selection."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime, timedelta

import pytest

from apps.bulk.models import BulkRun
from apps.orderindex import services
from apps.orderindex.models import IndexedOrder, IndexSync
from apps.orderindex.selectors import STUCK_AFTER

pytestmark = pytest.mark.django_db


@pytest.fixture
def indexed(sandbox):
    services.order_index_sync()


def _count(html: str) -> int:
    found = re.search(r"Orders \d+–\d+ of (\d+)", html)
    return int(found.group(1)) if found else 0


def _created(row) -> datetime:
    return datetime.fromisoformat(row["created_at"].replace("Z", "+00:00"))


def test_created_between_two_dates_counts_exactly(indexed, support_client, sandbox):
    end = max(_created(r) for r in sandbox.state.orders.rows()).date()
    start = end - timedelta(days=6)
    expected = [r for r in sandbox.state.orders.rows() if start <= _created(r).date() <= end]
    html = support_client.get(f"/orders/?created_from={start}&created_to={end}").content.decode()
    assert _count(html) == len(expected) > 0
    assert "order index as of" in html


def test_product_filter_selects_the_orders_holding_it(indexed, support_client, sandbox):
    row = next(iter(sandbox.state.orders.rows()))
    product_id = row["products"]["prescription"][0]["id"]
    holding = [
        r for r in sandbox.state.orders.rows()
        if any(line["id"] == product_id for kind in r["products"].values() for line in kind)
    ]  # fmt: skip
    assert _count(support_client.get(f"/orders/?product={product_id}").content.decode()) == len(holding)


def test_shipping_state_and_status_combine(indexed, support_client, sandbox):
    state = next(iter(sandbox.state.orders.rows()))["address"]["state"]
    expected = [
        r
        for r in sandbox.state.orders.rows()
        if r["address"]["state"] == state and r["status"] == "delivered"
    ]
    html = support_client.get(f"/orders/?ship_state={state}&status=delivered").content.decode()
    assert _count(html) == len(expected)


def test_pending_cancellation_requests(indexed, support_client, sandbox):
    expected = [r for r in sandbox.state.orders.rows() if r["cancellation_requested"]]
    html = support_client.get("/orders/?request=cancellation").content.decode()
    assert _count(html) == len(expected)


def test_stuck_and_paused_for_more_than_a_day_match_the_index(indexed, support_client):
    now = datetime.now(UTC)
    stuck = sum(
        1 for r in IndexedOrder.objects.all()
        if r.status in STUCK_AFTER and r.updated_at < now - STUCK_AFTER[r.status]
    )  # fmt: skip
    paused = IndexedOrder.objects.filter(status="paused", updated_at__lt=now - timedelta(days=1)).count()
    assert _count(support_client.get("/orders/?stuck=on").content.decode()) == stuck
    assert _count(support_client.get("/orders/?paused_long=on").content.decode()) == paused


def test_columns_sort_oldest_first(indexed, support_client, sandbox):
    html = support_client.get("/orders/?sort=created").content.decode()
    oldest = min(sandbox.state.orders.rows(), key=lambda r: (r["created_at"], r["id"]))
    first_row = html[html.index("<tbody>") :]
    assert oldest["order_number"] in first_row[:3000]
    assert 'aria-sort="ascending"' in html


def test_the_filters_stay_in_the_url_of_the_pages_and_the_csv(indexed, support_client):
    html = support_client.get("/orders/?request=cancellation&sort=-updated").content.decode()
    assert "request=cancellation" in html and "format=csv" in html


def test_a_bad_date_is_ignored_not_an_error(indexed, support_client):
    response = support_client.get("/orders/?created_from=yesterday")
    assert response.status_code == 200


def test_the_fragment_answers_from_the_index(indexed, support_client, htmx_headers):
    html = support_client.get("/orders/?stuck=on", headers=htmx_headers).content.decode()
    assert "<html" not in html and "order index as of" in html


def test_the_csv_of_an_index_filter_has_exactly_its_orders(indexed, support_client, sandbox):
    expected = [r for r in sandbox.state.orders.rows() if r["cancellation_requested"]]
    response = support_client.get("/orders/?request=cancellation&format=csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert {r[0] for r in rows[1:]} == {r["order_number"] for r in expected}
    assert all(r[1] for r in rows[1:])  # each row read from Blend: the patient is named


def test_a_bulk_action_on_every_order_an_index_filter_selects(indexed, support_client, sandbox):
    expected = [r for r in sandbox.state.orders.rows() if r["cancellation_requested"]]
    support_client.post(
        "/orders/bulk/new/", {"action": "pause", "scope": "filters", "filters": "request=cancellation"}
    )
    assert BulkRun.objects.get().items.count() == len(expected)


def test_a_never_synced_index_says_so_and_starts_its_sync(support_client):
    html = support_client.get("/orders/?stuck=on").content.decode()
    assert "being built" in html
    assert IndexSync.objects.count() == 1


def test_rows_blend_cannot_read_show_as_the_index_has_them(indexed, support_client, sandbox):
    sandbox.faults.add(503, method="GET", path="/orders/", times=200)
    html = support_client.get("/orders/?request=cancellation").content.decode()
    row = next(r for r in sandbox.state.orders.rows() if r["cancellation_requested"])
    assert row["order_number"] in html
