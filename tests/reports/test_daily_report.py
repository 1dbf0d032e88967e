from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone

from tests.reports.helpers import blend_report_calls, csv_rows, tables

URL = "/reports/daily/"


def _day(row) -> date:
    return datetime.fromisoformat(row["created_at"].replace("Z", "+00:00")).astimezone(UTC).date()


def _orders_per_day(sandbox, start, end) -> Counter:
    return Counter(
        _day(o) for o in sandbox.state.orders.rows() if start <= _day(o) <= end and o["status"] != "cancelled"
    )


def _range(days: int) -> tuple[date, date]:
    end = timezone.localdate()
    return end - timedelta(days=days - 1), end


def test_it_shows_the_last_30_days_by_default(manager_client):
    response = manager_client.get(URL)
    assert response.status_code == 200
    start, _ = _range(30)
    assert response.context["report"].date_range.start == start
    assert len(tables(response.text)["daily-table"]) == 1 + 30 + 3  # head, days, total/previous/change
    assert "<svg" in response.text


def test_the_date_fields_show_the_range_shown(manager_client):
    start, end = _range(30)
    html = manager_client.get(URL).text
    assert f'name="start_date" value="{start:%Y-%m-%d}"' in html
    assert f'name="end_date" value="{end:%Y-%m-%d}"' in html
    html = manager_client.get(URL, {"end_date": "2026-01-31"}).text  # a start left blank: 30 days back
    assert 'name="start_date" value="2026-01-02"' in html


def test_it_shows_the_orders_the_sandbox_holds_per_day(manager_client, sandbox):
    start, end = _range(60)
    expected = _orders_per_day(sandbox, start, end)
    rows = tables(manager_client.get(URL, {"start_date": start, "end_date": end}).text)["daily-table"]
    shown = {row[0]: int(row[3].replace(",", "")) for row in rows[1:61]}
    assert shown == {
        f"{start + timedelta(days=i):%m/%d/%Y}": expected[start + timedelta(days=i)] for i in range(60)
    }
    assert rows[61][3] == f"{sum(expected.values()):,}"  # thousands separated, as every page writes them


def test_it_compares_with_the_previous_period_of_the_same_length(manager_client, sandbox):
    start, _ = _range(30)
    previous = _orders_per_day(sandbox, start - timedelta(days=30), start - timedelta(days=1))
    report = manager_client.get(URL).context["report"]
    orders = report.changes[2]
    assert orders.previous == sum(previous.values())
    before = (start - timedelta(days=30), start - timedelta(days=1))
    assert str(report.previous_range) == f"{before[0]:%m/%d/%Y} to {before[1]:%m/%d/%Y}"


def test_it_reads_both_periods_with_one_call_each_for_a_year(manager_client, sandbox):
    start, end = _range(365)
    response = manager_client.get(URL, {"start_date": start, "end_date": end})
    assert response.status_code == 200
    assert len(blend_report_calls(sandbox, "/reports/daily")) == 2


def test_it_answers_the_same_range_again_from_the_cache(manager_client, sandbox):
    manager_client.get(URL)
    manager_client.get(URL)
    assert len(blend_report_calls(sandbox, "/reports/daily")) == 2


def test_it_exports_exactly_the_table_as_csv(manager_client):
    start, end = _range(14)
    query = {"start_date": start, "end_date": end}
    table = tables(manager_client.get(URL, query).text)["daily-table"]
    exported = csv_rows(manager_client.get(URL, {**query, "format": "csv"}))
    # the same cells; the CSV's counts without thousands separators, so spreadsheets read numbers
    assert exported == [[cell if " " in cell else cell.replace(",", "") for cell in row] for row in table]
    assert exported[0] == ["Date", "New patients", "New prescriptions", "New orders"]


def test_it_keeps_spreadsheets_from_reading_a_change_as_a_formula(manager_client):
    exported = csv_rows(manager_client.get(URL, {"format": "csv"}))
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in exported for cell in row)


def test_it_refuses_a_reversed_range_at_the_field_without_calling_blend(manager_client, sandbox):
    response = manager_client.get(URL, {"start_date": "2025-02-01", "end_date": "2025-01-01"})
    assert response.status_code == 200
    assert response.context["form"].errors["end_date"] == ["The end date is before the start date."]
    assert "The end date is before the start date." in response.text
    assert blend_report_calls(sandbox) == []


def test_it_refuses_an_over_long_range_without_calling_blend(manager_client, sandbox):
    response = manager_client.get(URL, {"start_date": "2023-01-01", "end_date": "2025-01-01"})
    assert "longer than 366 days" in response.context["form"].errors["end_date"][0]
    assert blend_report_calls(sandbox) == []


def test_it_refuses_a_bad_range_as_csv_too(manager_client, sandbox):
    response = manager_client.get(
        URL, {"start_date": "2025-02-01", "end_date": "2025-01-01", "format": "csv"}
    )
    assert response.status_code == 400
    assert blend_report_calls(sandbox) == []


def test_it_says_which_date_is_not_a_date(manager_client, sandbox):
    response = manager_client.get(URL, {"start_date": "yesterday"})
    assert response.context["form"].errors["start_date"]
    assert blend_report_calls(sandbox) == []


def test_it_answers_htmx_with_the_results_fragment(manager_client, htmx_headers):
    response = manager_client.get(
        URL, {"start_date": "2025-01-01", "end_date": "2025-01-07"}, headers=htmx_headers
    )
    assert response.status_code == 200
    assert "<html" not in response.text
    assert 'id="report-results"' in response.text
    assert len(tables(response.text)["daily-table"]) == 1 + 7 + 3


def test_it_offers_presets_with_their_dates_written_out(manager_client):
    start, end = _range(7)
    response = manager_client.get(URL)
    assert f"?start_date={start}&amp;end_date={end}" in response.text


def test_it_refuses_clinic_staff_and_support(clinic_client, support_client, outsider_client):
    for client in (clinic_client, support_client, outsider_client):
        assert client.get(URL).status_code == 403


@pytest.mark.parametrize("fault", ["timeout", 500])
def test_an_unreadable_report_is_said_under_the_dates_and_the_page_stands(manager_client, sandbox, fault):
    """GET /reports/daily is an endpoint the reference marks inferred: its failure is a note."""
    sandbox.faults.add(fault, path="/reports/daily", times=10)
    response = manager_client.get(URL)
    assert response.status_code == 200
    assert "daily report is unavailable just now" in response.text
    assert 'name="start_date"' in response.text


def test_a_csv_of_an_unreadable_report_fails_as_a_download_would(manager_client, sandbox):
    sandbox.faults.add("timeout", path="/reports/daily", times=10)
    assert manager_client.get(URL, {"format": "csv"}).status_code == 503


def test_the_previous_period_failing_leaves_the_totals_without_their_comparison(manager_client, monkeypatch):
    from apps.blend.errors import BlendServerError
    from apps.reports import selectors
    from apps.reports.forms import DateRangeForm

    previous, read = DateRangeForm({}).date_range.previous(), selectors.daily_report

    def previous_fails(date_range):
        if date_range == previous:
            raise BlendServerError(status_code=503)
        return read(date_range)

    monkeypatch.setattr(selectors, "daily_report", previous_fails)
    response = manager_client.get(URL)
    assert response.status_code == 200
    assert "could not be read just now" in response.text
    assert all(change.previous is None for change in response.context["report"].changes)
    assert manager_client.get(URL, {"format": "csv"}).status_code == 200


def test_it_says_at_the_dates_when_blend_refuses_the_range(manager_client, sandbox):
    sandbox.faults.add(422, path="/reports/daily", times=2)  # the range and the period before
    response = manager_client.get(URL)
    assert response.status_code == 200
    assert "Blend refused this range: Sandbox fault 422." in response.context["form"].errors["end_date"]
    assert "Blend refused this range" in response.text


def test_it_says_so_when_blend_has_no_report(manager_client, sandbox):
    sandbox.faults.add(404, path="/reports/daily", times=2)  # the range and the period before
    response = manager_client.get(URL)
    assert response.status_code == 200
    assert "Blend has no daily report for these dates" in response.text


def test_it_refuses_dates_before_2000_without_calling_blend(manager_client, sandbox):
    response = manager_client.get(URL, {"start_date": "0001-01-01", "end_date": "0001-01-05"})
    assert response.context["form"].errors["start_date"] == ["Choose dates from 2000-01-01 on."]
    assert blend_report_calls(sandbox) == []


def test_it_refuses_an_end_date_before_2000_alone(manager_client, sandbox):
    response = manager_client.get(URL, {"end_date": "0001-01-05"})
    assert response.context["form"].errors["end_date"] == ["Choose dates from 2000-01-01 on."]
    assert blend_report_calls(sandbox) == []
