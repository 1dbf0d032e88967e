from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta

from django.utils import timezone

from apps.sandbox.reference import ORDER_STATUSES
from tests.reports.helpers import blend_report_calls, csv_rows, tables

URL = "/reports/orders/"
JANUARY = {"start_date": "2025-01-01", "end_date": "2025-01-31"}
NAMES = {s["slug"]: s["name"] for s in ORDER_STATUSES}


def _day(row) -> date:
    return datetime.fromisoformat(row["created_at"].replace("Z", "+00:00")).astimezone(UTC).date()


def _orders(sandbox, start: date, end: date) -> list[dict]:
    return [o for o in sandbox.state.orders.rows() if start <= _day(o) <= end and o["status"] != "cancelled"]


def _last(days: int) -> dict[str, date]:
    end = timezone.localdate()
    return {"start_date": end - timedelta(days=days - 1), "end_date": end}


def _move_to_january_2025(sandbox, count_per_status: int = 2) -> list[dict]:
    """The seed's orders are all recent: move a few of each status into January 2025."""
    moved, seen = [], Counter()
    for row in sorted(sandbox.state.orders.rows(), key=lambda r: r["order_number"]):
        if seen[row["status"]] < count_per_status:
            seen[row["status"]] += 1
            edited = sandbox.state.orders.edit(row["id"])
            edited["created_at"] = f"2025-01-{1 + 3 * len(moved) % 31:02d}T10:00:00Z"
            moved.append(edited)
    return moved


def test_it_shows_blends_total_and_statuses_for_january_2025(manager_client, sandbox, blend):
    moved = _move_to_january_2025(sandbox)
    expected = blend.report_orders(start_date="2025-01-01", end_date="2025-01-31")
    assert expected.total_orders == len([o for o in moved if o["status"] != "cancelled"]) > 0
    response = manager_client.get(URL, JANUARY)
    assert response.status_code == 200
    assert f'id="total-orders">{expected.total_orders}<' in response.text
    shown = tables(response.text)["status-table"][1:]
    assert shown == [[s.status_name, str(s.count)] for s in expected.orders_by_status]
    assert {name for name, _ in shown} == {NAMES[o["status"]] for o in moved if o["status"] != "cancelled"}


def test_it_says_when_a_range_has_no_orders(manager_client):
    response = manager_client.get(URL, JANUARY)
    assert 'id="total-orders">0<' in response.text
    assert "No orders in this range." in response.text


def test_it_shows_the_orders_the_sandbox_holds(manager_client, sandbox):
    query = _last(90)
    orders = _orders(sandbox, query["start_date"], query["end_date"])
    response = manager_client.get(URL, query)
    assert f'id="total-orders">{len(orders):,}<' in response.text
    counts = Counter(NAMES[o["status"]] for o in orders)
    shown = tables(response.text)["status-table"][1:]
    assert {name: int(count.replace(",", "")) for name, count in shown} == counts


def test_it_links_each_status_to_the_filtered_order_list(manager_client, sandbox):
    response = manager_client.get(URL, _last(90))
    for row in response.context["report"].statuses:
        slug = next(s["slug"] for s in ORDER_STATUSES if s["name"] == row.name)
        assert row.href == f"/orders/?status={slug}"
        assert f'href="/orders/?status={slug}"' in response.text


def test_it_shows_products_per_kind_as_blend_counts_them(manager_client, blend):
    query = _last(90)
    expected = blend.report_orders(start_date=query["start_date"], end_date=query["end_date"])
    report = manager_client.get(URL, query).context["report"]
    for section in report.products:
        given = getattr(expected.orders_by_product, section.kind)
        assert [(r.name, r.count) for r in section.rows] == [(p.name, p.count) for p in given[:10]]


def test_it_exports_exactly_what_is_shown_as_csv(manager_client):
    query = _last(90)
    response = manager_client.get(URL, query)
    page_tables = tables(response.text)
    exported = csv_rows(manager_client.get(URL, {**query, "format": "csv"}))
    assert exported[0] == ["Section", "Name", "Count"]
    assert exported[1] == ["Total orders", "", str(response.context["report"].total_orders)]
    statuses = [row[1:] for row in exported if row[0] == "Orders by status"]
    assert statuses == [[name, count.replace(",", "")] for name, count in page_tables["status-table"][1:]]
    products = [row[1:] for row in exported[1:] if row[0] not in ("Total orders", "Orders by status")]
    shown = [row for name, rows in page_tables.items() if name.startswith("table-") for row in rows[1:]]
    assert products == [[name, count.replace(",", "")] for name, count in shown]


def test_it_keeps_a_product_name_from_being_read_as_a_formula(manager_client, sandbox):
    query = _last(90)
    line = next(
        line for o in _orders(sandbox, *query.values()) for line in o["products"].get("non_prescription", [])
    )
    sandbox.state.products.edit(line["id"])["name"] = "=HYPERLINK(1)"
    exported = csv_rows(manager_client.get(URL, {**query, "format": "csv"}))
    assert ["Non-prescription products", "'=HYPERLINK(1)"] in [row[:2] for row in exported]


def test_it_refuses_a_reversed_range_at_the_field_without_calling_blend(manager_client, sandbox):
    response = manager_client.get(URL, {"start_date": "2025-01-31", "end_date": "2025-01-01"})
    assert response.status_code == 200
    assert response.context["form"].errors["end_date"] == ["The end date is before the start date."]
    assert blend_report_calls(sandbox) == []


def test_it_answers_a_repeated_range_from_the_cache(manager_client, sandbox):
    manager_client.get(URL, JANUARY)
    manager_client.get(URL, _last(7))
    manager_client.get(URL, JANUARY)
    assert len(blend_report_calls(sandbox, "/reports/orders")) == 2


def test_it_answers_htmx_with_the_results_fragment(manager_client, htmx_headers):
    response = manager_client.get(URL, JANUARY, headers=htmx_headers)
    assert "<html" not in response.text
    assert 'id="report-results"' in response.text


def test_it_refuses_everyone_but_managers(clinic_client, support_client, outsider_client):
    for client in (clinic_client, support_client, outsider_client):
        assert client.get(URL).status_code == 403


def test_it_shows_blend_unavailable_on_timeout(manager_client, sandbox):
    sandbox.faults.add("timeout", path="/reports/orders")
    assert manager_client.get(URL, JANUARY).status_code == 503


def test_it_says_at_the_dates_when_blend_refuses_the_range(manager_client, sandbox):
    sandbox.faults.add(422, path="/reports/orders")
    response = manager_client.get(URL, JANUARY)
    assert "Blend refused this range: Sandbox fault 422." in response.context["form"].errors["end_date"]


def test_it_refuses_the_csv_too_when_blend_refuses_the_range(manager_client, sandbox):
    sandbox.faults.add(422, path="/reports/orders")
    assert manager_client.get(URL, {**JANUARY, "format": "csv"}).status_code == 400


def test_it_shows_blend_unavailable_on_a_server_error(manager_client, sandbox):
    sandbox.faults.add(503, path="/reports/orders", times=5)
    assert manager_client.get(URL, JANUARY).status_code in (502, 503)


def test_it_shows_the_not_found_page_on_a_404(manager_client, sandbox):
    sandbox.faults.add(404, path="/reports/orders")
    assert manager_client.get(URL, JANUARY).status_code == 404
