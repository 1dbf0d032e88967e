"""The orders report and the daily report."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from apps.blend.api.base import APIBase
from apps.blend.models.reports import DailyReport, OrdersReport

REPORT_PARTS = ("status", "count", "products")


def _day(value: date | str | None) -> str | None:
    return value.isoformat() if isinstance(value, date) else value


class ReportsAPI(APIBase):
    def report_orders(
        self, *, start_date: date | str, end_date: date | str, include: Sequence[str] = ()
    ) -> OrdersReport:
        """Orders created in [start_date, end_date] (cancelled left out); `include` picks parts
        among `status`, `count`, `products` (all when empty)."""
        params = {
            "start_date": _day(start_date),
            "end_date": _day(end_date),
            "include": list(include) or None,
        }
        return self._one(OrdersReport, "GET", "/reports/orders", params=params)

    def report_daily(
        self, *, start_date: date | str | None = None, end_date: date | str | None = None
    ) -> DailyReport:
        """New patients, prescriptions and orders per day (Blend's default: the last 30 days)."""
        params = {"start_date": _day(start_date), "end_date": _day(end_date)}
        return self._one(DailyReport, "GET", "/reports/daily", params=params)
