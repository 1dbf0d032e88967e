"""The order list as CSV (`?format=csv`): every order the filters select, from every page, with the
list's columns, streamed, formulas neutralised, and the export audited without the search words."""

from __future__ import annotations

import csv
import io

import pytest
from django.http import StreamingHttpResponse

from apps.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def _rows(response) -> list[list[str]]:
    assert isinstance(response, StreamingHttpResponse)
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_it_exports_every_order_the_status_filter_selects(clinic_client, sandbox):
    response = clinic_client.get("/orders/?status=delivered&format=csv&page=3&page_size=25")
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = _rows(response)
    assert rows[0] == ["Order", "Patient", "Status", "Created", "Products", "Flags"]
    delivered = [r for r in sandbox.state.orders.rows() if r["status"] == "delivered"]
    assert len(rows) - 1 == len(delivered) > 200  # all pages, not the one shown
    assert {r[2] for r in rows[1:]} == {"Delivered"}
    assert {r[0] for r in rows[1:]} == {r["order_number"] for r in delivered}


def test_it_exports_every_order_without_filters(clinic_client, sandbox):
    rows = _rows(clinic_client.get("/orders/?format=csv"))
    assert len(rows) - 1 == len(sandbox.state.orders)


def test_a_cell_a_spreadsheet_would_run_is_neutralised(clinic_client, sandbox):
    order = next(r for r in sandbox.state.orders.rows() if r["status"] == "received")
    patient = sandbox.state.patients.edit(order["_patient_id"])
    patient["first_name"] = '=HYPERLINK("http://x")'
    rows = _rows(clinic_client.get("/orders/?status=received&format=csv"))
    row = next(r for r in rows if r[0] == order["order_number"])
    assert row[1].startswith("'=HYPERLINK")


def test_the_export_is_audited_with_filters_and_count_not_search_words(clinic_client, sandbox):
    rows = _rows(clinic_client.get("/orders/?status=paused&unmatched=on&format=csv"))
    entry = AuditEntry.objects.get(action="order.export")
    assert entry.target_id == f"order: {len(rows) - 1}" and entry.outcome == "ok"
    assert "status: paused" in entry.error_message and "unmatched" in entry.error_message
    _rows(clinic_client.get("/orders/?q=Noble&format=csv"))
    searched = AuditEntry.objects.filter(action="order.export").first()
    assert "search" in searched.error_message and "Noble" not in searched.error_message


def test_a_search_exports_its_results(clinic_client, sandbox):
    page = clinic_client.get("/orders/?q=HEALTHCO_ORDER_0001")
    rows = _rows(clinic_client.get("/orders/?q=HEALTHCO_ORDER_0001&format=csv"))
    assert len(rows) > 1
    for row in rows[1:]:
        assert row[0] in page.content.decode()


def test_blend_failing_before_the_export_starts_shows_the_error_page(clinic_client, sandbox):
    sandbox.faults.add(503, path="/orders", times=10)
    response = clinic_client.get("/orders/?format=csv")
    assert response.status_code == 503
    assert not isinstance(response, StreamingHttpResponse)


def test_blend_failing_midway_ends_the_file_saying_so_and_audits_it_failed(clinic_client, sandbox):
    response = clinic_client.get("/orders/?format=csv")  # first page read; the rest as it streams
    sandbox.faults.add(503, path="/orders", times=10)
    rows = _rows(response)
    assert rows[-1][0].startswith("Export incomplete") and len(rows) - 2 == 200
    entry = AuditEntry.objects.get(action="order.export")
    assert entry.outcome == "failed" and entry.target_id == "order: 200"


def test_the_list_offers_the_download_with_its_filters(clinic_client):
    page = clinic_client.get("/orders/?status=received").content.decode()
    assert "format=csv" in page and "status=received" in page


def test_an_outsider_gets_no_export(outsider_client):
    assert outsider_client.get("/orders/?format=csv").status_code == 403


def test_an_export_streams_reading_at_most_one_page_ahead(clinic_client, sandbox, blend):
    """Streaming: before the file starts only the first page was read; while a page's rows are sent
    the next one is read, never more, so a 20,000-row export holds two pages at most."""
    response = clinic_client.get("/orders/?format=csv")
    seen = lambda: sum(1 for m, p in sandbox.faults.seen if m == "GET" and p == "/orders")  # noqa: E731
    assert seen() == 1
    lines = iter(response.streaming_content)
    for _ in range(202):  # the header and the first page, and the first row of the second
        next(lines)
    assert seen() <= 3
    total = 202 + sum(1 for _ in lines)
    assert total == len(sandbox.state.orders) + 1 and seen() == -(-len(sandbox.state.orders) // 200)
