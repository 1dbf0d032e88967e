from __future__ import annotations

import csv
import io

import pytest

from apps.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def _rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


@pytest.fixture
def entries():
    AuditEntry.objects.create(
        username="alice", role="Support", action="order.pause", target_type="order", target_id="1",
        outcome="ok", request_id="r1", client_ip="203.0.113.1",
    )  # fmt: skip
    AuditEntry.objects.create(
        username="bob", role="Manager", action="order.cancel", target_type="order", target_id="2",
        outcome="refused", error_message="=HYPERLINK(1)",
    )  # fmt: skip


def test_it_exports_filtered_rows_as_csv(manager_client, entries):
    response = manager_client.get("/audit/export.csv", {"user": "alice"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="audit-')
    rows = _rows(response)
    assert rows[0][:5] == ["created_at", "username", "role", "action", "action_words"]
    assert [row[1:8] for row in rows[1:]] == [
        ["alice", "Support", "order.pause", "Paused order", "order", "1", "ok"]
    ]


def test_it_exports_from_the_list_url_with_format_csv(manager_client, entries):
    response = manager_client.get("/audit/", {"format": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert len(_rows(response)) == 3


def test_it_neutralises_formulas(manager_client, entries):
    rows = _rows(manager_client.get("/audit/export.csv", {"user": "bob"}))
    assert rows[1][8] == "'=HYPERLINK(1)"


def test_it_refuses_invalid_filters(manager_client):
    response = manager_client.get("/audit/export.csv", {"date_from": "2025-02-02", "date_to": "2025-01-01"})
    assert response.status_code == 400
    assert b"date_to" in response.content


def test_it_refuses_a_date_out_of_range(manager_client):
    response = manager_client.get("/audit/export.csv", {"date_to": "9999-12-31"})
    assert response.status_code == 400
    assert b"date_to: Enter a date between" in response.content


def test_it_is_forbidden_to_support(support_client):
    assert support_client.get("/audit/export.csv").status_code == 403
    assert support_client.get("/audit/?format=csv").status_code == 403


def test_it_links_the_export_with_the_current_filters(manager_client, entries):
    html = manager_client.get("/audit/", {"user": "alice", "page": "1"}).text
    assert 'href="/audit/export.csv?user=alice"' in html
