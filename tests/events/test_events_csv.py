"""/events/?format=csv: every event the filters select (all pages), with the page's columns."""

from __future__ import annotations

import csv
import io

import pytest

from apps.core import queue
from apps.events import selectors
from apps.events.models import Event
from tests.events.conftest import deliver, order_event

pytestmark = pytest.mark.django_db
URL = "/events/"


def _rows(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_it_exports_the_filtered_events_of_every_page(manager_client, webhook_secret, an_order, monkeypatch):
    monkeypatch.setattr(selectors, "PAGE_SIZE", 2)
    for day in range(1, 6):
        deliver(order_event(an_order, updated_at=f"2025-03-0{day}T10:00:00"))
    deliver({"event_code": "order.stuck", "data": {"id": "ord-x", "updated_at": "2025-01-01T00:00:00"}})
    queue.run_jobs()
    rows = _rows(manager_client.get(URL + "?kind=order.status_changed&format=csv"))
    assert rows[0] == selectors.EVENTS_CSV_HEADER
    assert len(rows) == 1 + 5  # all pages, and only the kind chosen
    assert {row[3] for row in rows[1:]} == {"order.status_changed"}
    first = rows[1]
    assert first[2] == "Order status changed"
    assert first[4] == an_order["order_number"] and first[5] == an_order["id"]
    assert first[7] == "Processed"
    assert "Rodrigo" not in "".join(",".join(r) for r in rows)  # the event's patient name stays out
    everything = _rows(manager_client.get(URL + "?format=csv"))
    assert len(everything) == 1 + Event.objects.count() == 1 + 6


def test_a_cell_a_spreadsheet_would_run_is_neutralised(manager_client, webhook_secret, an_order):
    deliver(order_event(an_order))
    Event.objects.update(outcome="=HYPERLINK(1)")
    rows = _rows(manager_client.get(URL + "?format=csv"))
    assert rows[1][9] == "'=HYPERLINK(1)"


def test_bad_filters_give_the_page_with_the_message_not_a_file(manager_client, webhook_secret):
    response = manager_client.get(URL + "?order=../etc&format=csv")
    assert response.status_code == 400
    assert "An order id has only letters, digits and dashes." in response.content.decode()


def test_roles_without_the_events_permission_get_no_csv(clinic_client):
    assert clinic_client.get(URL + "?format=csv").status_code == 403
