"""The orders report and the daily report, checked against numbers computed here from the sandbox's
own rows (never from the report code)."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta

import pytest

from apps.blend.errors import BlendBadRequest
from apps.blend.models.reports import DailyReport
from apps.sandbox.reference import ORDER_STATUSES

CODES = {status["slug"]: status["code"] for status in ORDER_STATUSES}


def _day(row) -> date:
    return datetime.fromisoformat(row["created_at"].replace("Z", "+00:00")).astimezone(UTC).date()


def _orders(sandbox, start, end):
    return [o for o in sandbox.state.orders.rows() if start <= _day(o) <= end and o["status"] != "cancelled"]


def _today():
    return datetime.now(UTC).date()


@pytest.fixture
def span():
    """The last 60 days."""
    return _today() - timedelta(days=59), _today()


def test_it_counts_the_orders_of_the_range(blend, sandbox, span):
    report = blend.report_orders(start_date=span[0], end_date=span[1])

    assert report.total_orders == len(_orders(sandbox, *span)) > 0
    assert report.date_range == f"{span[0]} to {span[1]}"
    assert (report.start_date, report.end_date) == span


def test_it_leaves_cancelled_orders_out(blend, sandbox, span):
    before = blend.report_orders(start_date=span[0], end_date=span[1], include=["count"]).total_orders
    order = _orders(sandbox, *span)[0]
    sandbox.state.orders.edit(order["id"])["status"] = "cancelled"

    after = blend.report_orders(start_date=span[0], end_date=span[1], include=["count"]).total_orders

    assert after == before - 1
    assert any(o["status"] == "cancelled" for o in sandbox.state.orders.rows())


def test_it_includes_both_ends_of_the_range(blend, sandbox):
    day = _day(next(iter(_orders(sandbox, _today() - timedelta(days=30), _today() - timedelta(days=1)))))

    one_day = blend.report_orders(start_date=day, end_date=day, include=["count"])

    assert one_day.total_orders == len(_orders(sandbox, day, day)) > 0


def test_it_counts_orders_by_status_with_blends_codes(blend, sandbox, span):
    expected = Counter(CODES[o["status"]] for o in _orders(sandbox, *span))

    report = blend.report_orders(start_date=span[0], end_date=span[1], include=["status"])

    assert {s.status_code: s.count for s in report.orders_by_status} == expected
    assert "X01" not in expected
    names = {s["code"]: s["name"] for s in ORDER_STATUSES}
    assert all(s.status_name == names[s.status_code] for s in report.orders_by_status)


def test_it_counts_units_per_product(blend, sandbox, span):
    expected = {kind: Counter() for kind in ("prescription", "non_prescription", "order_material")}
    for order in _orders(sandbox, *span):
        for kind, lines in order["products"].items():
            for line in lines:
                expected[kind][line["id"]] += line["quantity"]

    report = blend.report_orders(start_date=span[0], end_date=span[1], include=["products"])

    for kind, counts in report.orders_by_product.by_kind():
        assert {c.id: c.count for c in counts} == expected[kind]
        assert [c.count for c in counts] == sorted((c.count for c in counts), reverse=True)


def test_it_returns_only_the_parts_asked_for(blend, span):
    report = blend.report_orders(start_date=span[0], end_date=span[1], include=["status", "count"])

    assert report.total_orders and report.orders_by_status and report.orders_by_product is None


def test_it_returns_an_empty_report_for_a_quiet_range(blend):
    report = blend.report_orders(start_date="2001-01-01", end_date="2001-01-31")

    assert (report.total_orders, report.orders_by_status) == (0, [])
    assert report.orders_by_product.prescription == []


@pytest.mark.parametrize("bad", ["", "2025-13-01", "2025/01/01", "20250101", "yesterday"])
def test_it_refuses_a_missing_or_malformed_date(blend, bad):
    with pytest.raises(BlendBadRequest):
        blend.report_orders(start_date=bad, end_date="2025-01-31")


def test_it_refuses_a_start_after_the_end(blend):
    with pytest.raises(BlendBadRequest):
        blend.report_orders(start_date="2025-02-01", end_date="2025-01-31")


def test_it_refuses_an_unknown_part(blend):
    with pytest.raises(BlendBadRequest):
        blend.report_orders(start_date="2025-01-01", end_date="2025-01-31", include=["status", "revenue"])


def test_it_reports_the_last_30_days_by_default(blend):
    report = blend.report_daily()

    assert len(report.days) == 30 and report.end_date == _today()
    assert [d.date for d in report.days] == [_today() - timedelta(days=n) for n in range(29, -1, -1)]


def test_it_counts_new_patients_prescriptions_and_orders_per_day(blend, sandbox, span):
    state = sandbox.state
    patients = Counter(_day(p) for p in state.patients.rows())
    prescriptions = Counter(
        _day(e)
        for e in state.eprescriptions.rows()
        if not (e.get("medications") and all(m.get("status") == "cancelled" for m in e["medications"]))
    )
    orders = Counter(_day(o) for o in state.orders.rows() if o["status"] != "cancelled")

    report = blend.report_daily(start_date=span[0], end_date=span[1])

    assert len(report.days) == 60
    for day in report.days:
        assert (day.new_patients, day.new_prescriptions, day.new_orders) == (
            patients[day.date],
            prescriptions[day.date],
            orders[day.date],
        )
    assert report.totals.new_orders == sum(d.new_orders for d in report.days) > 0
    assert report.totals.new_patients == sum(d.new_patients for d in report.days) > 0


def test_it_zero_fills_days_without_activity(blend):
    report = blend.report_daily(start_date="2001-01-01", end_date="2001-01-03")

    assert [(d.date.isoformat(), d.new_orders) for d in report.days] == [
        ("2001-01-01", 0),
        ("2001-01-02", 0),
        ("2001-01-03", 0),
    ]


def test_it_refuses_a_daily_report_with_a_bad_range(blend):
    with pytest.raises(BlendBadRequest):
        blend.report_daily(start_date="2025-02-01", end_date="2025-01-01")
    with pytest.raises(BlendBadRequest):
        blend.report_daily(start_date="2025-2-1")


def test_it_reads_a_bare_list_of_days():
    report = DailyReport.model_validate(
        [
            {"date": "2025-01-01", "new_patients": 1, "new_prescriptions": 2, "new_orders": 3},
            {"date": "2025-01-02", "new_patients": 4, "new_prescriptions": 0, "new_orders": 1},
        ]
    )

    assert (report.totals.new_patients, report.totals.new_orders) == (5, 4)
    assert (report.start_date, report.end_date) == (date(2025, 1, 1), date(2025, 1, 2))
