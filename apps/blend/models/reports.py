"""The orders report and the daily report."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import Field, model_validator

from apps.blend.models.base import BlendModel
from apps.blend.models.catalog import PRODUCT_KINDS


def _range_day(date_range: str, index: int) -> dt.date | None:
    parts = date_range.split(" to ")
    try:
        return dt.date.fromisoformat(parts[index].strip()) if len(parts) == 2 else None
    except ValueError:
        return None


class StatusCount(BlendModel):
    status_code: str | None = None
    status_name: str = ""
    count: int = 0


class ProductCount(BlendModel):
    """Units of one product ordered in the range (not a number of orders)."""

    id: str = ""
    name: str = ""
    count: int = 0


class ProductCounts(BlendModel):
    prescription: list[ProductCount] = Field(default_factory=list)
    non_prescription: list[ProductCount] = Field(default_factory=list)
    order_material: list[ProductCount] = Field(default_factory=list)

    def by_kind(self) -> list[tuple[str, list[ProductCount]]]:
        return [(kind, getattr(self, kind)) for kind in PRODUCT_KINDS]


class OrdersReport(BlendModel):
    """`GET /reports/orders`. Parts not asked for with `include` stay None. Blend's own numbers need
    not add up (statuses may not sum to the total): show them as they come."""

    date_range: str = ""
    total_orders: int | None = None
    orders_by_status: list[StatusCount] | None = None
    orders_by_product: ProductCounts | None = None

    @property
    def start_date(self) -> dt.date | None:
        return _range_day(self.date_range, 0)

    @property
    def end_date(self) -> dt.date | None:
        return _range_day(self.date_range, 1)


class DayCount(BlendModel):
    date: dt.date | None = None
    new_patients: int = 0
    new_prescriptions: int = 0
    new_orders: int = 0


class DayTotals(BlendModel):
    new_patients: int = 0
    new_prescriptions: int = 0
    new_orders: int = 0


class DailyReport(BlendModel):
    """`GET /reports/daily`: one entry per day, ascending. Also read from a bare list of days."""

    date_range: str = ""
    days: list[DayCount] = Field(default_factory=list)
    totals: DayTotals = Field(default_factory=DayTotals)

    @model_validator(mode="before")
    @classmethod
    def _understand_bare_list(cls, data: Any) -> Any:
        if isinstance(data, list):
            data = {"days": data}
        if not isinstance(data, dict):
            return data
        data = dict(data)
        days = data.get("days") if isinstance(data.get("days"), list) else []
        if data.get("totals") is None:
            names = ("new_patients", "new_prescriptions", "new_orders")
            data["totals"] = {n: sum(int(d.get(n) or 0) for d in days if isinstance(d, dict)) for n in names}
        if not data.get("date_range") and days:
            first, last = days[0], days[-1]
            if isinstance(first, dict) and isinstance(last, dict) and first.get("date") and last.get("date"):
                data["date_range"] = f"{first['date']} to {last['date']}"
        return data

    @property
    def start_date(self) -> dt.date | None:
        return _range_day(self.date_range, 0)

    @property
    def end_date(self) -> dt.date | None:
        return _range_day(self.date_range, 1)
