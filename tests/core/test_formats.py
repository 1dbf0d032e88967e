"""One way to write a date, a number and "none" on every page (issue 20 item 4): the shared filters
(`{% load people %}`), and the pages that used to write ISO dates, "8 Nov 2026" or bare numbers."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.template import engines

from apps.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def _render(text: str, **context) -> str:
    return engines["django"].from_string("{% load people %}" + text).render(context)


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (2408, "2,408"),
        (0, "0"),
        (1234567, "1,234,567"),
        (Decimal("1234.50"), "1,234.5"),
        (None, "—"),
        ("", "—"),
    ],
)
def test_number_separates_thousands_and_shows_none_as_a_dash(value, shown):
    assert _render("{{ v|number }}", v=value) == shown


@pytest.mark.parametrize(("value", "shown"), [(Decimal("1234.5"), "$1,234.50"), (3, "$3.00"), (None, "—")])
def test_money_has_cents_and_separators(value, shown):
    assert _render("{{ v|money }}", v=value) == shown


def test_every_date_filter_writes_month_day_year_and_a_dash_for_none(settings):
    settings.TIME_ZONE = "UTC"
    at = datetime(2026, 11, 8, 14, 5, 9, tzinfo=UTC)
    text = "{{ d|date_us }}|{{ t|datetime_us }}|{{ t|datetime_us:'seconds' }}"
    text += "|{{ n|date_us }}|{{ n|datetime_us }}"
    shown = _render(text, d=date(2026, 11, 8), t=at, n=None)
    assert shown == "11/08/2026|11/08/2026 14:05|11/08/2026 14:05:09|—|—"


def test_or_none_keeps_zero(settings):
    assert _render("{{ a|or_none }} {{ b|or_none }} {{ c|or_none }}", a=0, b="", c=None) == "0 — —"


def test_the_audit_log_writes_times_as_every_page_does(manager_client):
    AuditEntry.objects.create(username="someone", action="order.pause", target_type="order", target_id="x")
    html = manager_client.get("/audit/").text
    assert re.search(r'<td class="nowrap">\d\d/\d\d/\d{4} \d\d:\d\d:\d\d</td>', html)
    assert not re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d", html)


def test_the_daily_report_writes_dates_and_counts_as_every_page_does(manager_client):
    html = manager_client.get("/reports/daily/", {"start_date": "2026-01-01", "end_date": "2026-01-31"}).text
    assert "01/01/2026 – 01/31/2026" in html
    assert '<th scope="row">01/15/2026</th>' in html
    assert "Per day, 01/01/2026 to 01/31/2026" in html
    assert not re.search(r">\s*2026-01-\d\d", html) and "Jan 2026" not in html
    assert '<text class="chart-label"' in html and not re.search(r">Jan \d+</text>", html)  # axis: 01/15


def test_the_orders_report_separates_thousands(manager_client):
    end = date.today()
    year = {"start_date": end.replace(year=end.year - 1), "end_date": end}
    response = manager_client.get("/reports/orders/", year)
    total = response.context["report"].total_orders
    assert total >= 1000 and f'id="total-orders">{total:,}<' in response.text


def test_the_orders_list_separates_thousands_in_its_count(support_client, sandbox):
    html = support_client.get("/orders/").text
    assert f"of {len(sandbox.state.orders):,}" in html and len(sandbox.state.orders) >= 1000
