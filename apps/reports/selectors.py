"""Reads for the report pages. Each report is one Blend call over the whole range (Blend counts the
days itself), so a year costs what a week does; the daily report's previous period is read in the
same concurrent round. Blend's answers stay in the cache for REPORT_TTL seconds, so flipping
between ranges does not wait on Blend again. Reports show counts only, no patient data: not audited."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from django.core.cache import cache
from django.urls import reverse

from apps.blend.concurrency import fetch_concurrently, optional
from apps.blend.models.catalog import KIND_HEADINGS
from apps.blend.models.orders import STATUS_CODE_SLUGS, status_slug
from apps.blend.models.reports import DailyReport, DayCount, OrdersReport
from apps.blend.runtime import get_blend
from apps.core.people import date_us, number
from apps.reports.charts import BarChart, LineChart, bar_chart, line_chart
from apps.reports.forms import DateRange

REPORT_TTL = 120  # seconds
TOP_PRODUCTS = 10
METRICS = (
    ("new_patients", "New patients"),
    ("new_prescriptions", "New prescriptions"),
    ("new_orders", "New orders"),
)


def _cached[T](key: str, call: Callable[[], T]) -> T:
    found = cache.get(key)
    if found is None:
        found = call()
        cache.set(key, found, REPORT_TTL)
    return found


def daily_report(date_range: DateRange) -> DailyReport:
    """Blend's daily report for the range (from the cache when read lately)."""
    return _cached(
        f"reports:daily:{date_range.start}:{date_range.end}",
        lambda: get_blend().report_daily(start_date=date_range.start, end_date=date_range.end),
    )


def orders_report(date_range: DateRange) -> OrdersReport:
    """Blend's orders report for the range, every part (from the cache when read lately)."""
    return _cached(
        f"reports:orders:{date_range.start}:{date_range.end}",
        lambda: get_blend().report_orders(start_date=date_range.start, end_date=date_range.end),
    )


@dataclass(frozen=True)
class Change:
    """One metric's total over the range against the previous period of the same length."""

    label: str
    current: int
    previous: int | None  # None: Blend's report for the previous period could not be read

    @property
    def delta(self) -> int:
        return self.current - (self.previous or 0)

    @property
    def text(self) -> str:
        """ "up 5 (29%)", "down 3 (10%)", "no change", "up 4 (none before)". Words, not signs: the
        same text goes into the CSV, where a leading + or - would be read as a formula."""
        if self.previous is None:
            return "previous period unavailable"
        if self.delta == 0:
            return "no change"
        direction = "up" if self.delta > 0 else "down"
        share = f"{abs(self.delta) / self.previous:.0%}" if self.previous else "none before"
        return f"{direction} {abs(self.delta)} ({share})"


def _count(cell: str) -> str:
    return number(int(cell)) if cell.isdigit() else cell


@dataclass(frozen=True)
class DailyReportPage:
    date_range: DateRange
    previous_range: DateRange
    days: list[DayCount]
    changes: list[Change]
    chart: LineChart

    @property
    def table_cells(self) -> list[dict[str, str]]:
        """`table_rows` for the template, counts with thousands separators: a dict's `row.name` is
        found at once, where a list's `row.0` first fails as a key and as an attribute (Django calls
        dir() on it) for each of ~1,500 cells of a year's table; see bench/README.md."""
        return [
            dict(zip(("name", "a", "b", "c"), [row[0], *(_count(cell) for cell in row[1:])], strict=True))
            for row in self.table_rows
        ]

    @property
    def table_head(self) -> list[str]:
        return ["Date", *(label for _, label in METRICS)]

    @property
    def table_rows(self) -> list[list[str]]:
        """The table's body and the CSV's rows: one per day, then the totals and the comparison.
        Four cells each (the day or row name, then one per metric); dates as every page writes them,
        counts as plain digits (a spreadsheet reads them as numbers)."""
        rows = [[date_us(d.date), *(str(getattr(d, k)) for k, _ in METRICS)] for d in self.days if d.date]
        rows.append(["Total", *(str(c.current) for c in self.changes)])
        rows.append(
            [
                f"Previous period ({self.previous_range})",
                *("" if c.previous is None else str(c.previous) for c in self.changes),
            ]
        )
        rows.append(["Change", *(c.text for c in self.changes)])
        return rows


def daily_report_data(*, date_range: DateRange) -> DailyReportPage:
    """The range and the period before it, read in one concurrent round; the period before is
    secondary: when it cannot be read the totals show without their comparison."""
    previous_range = date_range.previous()
    found = fetch_concurrently(
        current=lambda: daily_report(date_range),
        previous=optional(lambda: daily_report(previous_range)),
    )
    current, previous = found["current"], found["previous"]
    days = [d for d in current.days if d.date is not None]
    changes = [
        Change(label, getattr(current.totals, key), getattr(previous.totals, key) if previous else None)
        for key, label in METRICS
    ]
    chart = line_chart(
        [d.date for d in days if d.date], [(label, [getattr(d, key) for d in days]) for key, label in METRICS]
    )
    return DailyReportPage(date_range, previous_range, days, changes, chart)


@dataclass(frozen=True)
class CountRow:
    name: str
    count: int
    href: str = ""


@dataclass(frozen=True)
class ProductSection:
    kind: str
    label: str
    rows: list[CountRow]  # the top TOP_PRODUCTS, Blend's order
    listed: int  # how many products Blend listed for the kind


@dataclass(frozen=True)
class OrdersReportPage:
    date_range: DateRange
    total_orders: int | None
    statuses: list[CountRow]
    products: list[ProductSection]
    chart: BarChart

    @property
    def csv_rows(self) -> list[list[str]]:
        """What the page shows, section by section, as the CSV's rows (after its header)."""
        rows = [["Total orders", "", str(self.total_orders if self.total_orders is not None else "")]]
        rows += [["Orders by status", s.name, str(s.count)] for s in self.statuses]
        rows += [[p.label, r.name, str(r.count)] for p in self.products for r in p.rows]
        return rows


def status_list_url(status_code: str | None, name: str) -> str:
    """The order list filtered to this status (`/orders/?status=<slug>`)."""
    slug = STATUS_CODE_SLUGS.get(status_code or "") or status_slug(name)
    return f"{reverse('orders:list')}?{urlencode({'status': slug})}" if slug else ""


def orders_report_data(*, date_range: DateRange) -> OrdersReportPage:
    """Blend's counts as they come: none is derived from another (they need not add up)."""
    report = orders_report(date_range)
    statuses = [
        CountRow(
            s.status_name or s.status_code or "Unknown",
            s.count,
            status_list_url(s.status_code, s.status_name),
        )
        for s in report.orders_by_status or ()
    ]
    products = [
        ProductSection(
            kind,
            KIND_HEADINGS.get(kind, kind),
            [CountRow(p.name or p.id, p.count) for p in rows[:TOP_PRODUCTS]],
            len(rows),
        )
        for kind, rows in (report.orders_by_product.by_kind() if report.orders_by_product else ())
    ]
    chart = bar_chart([(s.name, s.count, s.href) for s in statuses])
    return OrdersReportPage(date_range, report.total_orders, statuses, products, chart)


def today_numbers(today: date) -> DailyReport:
    """Today's row of the daily report (the managers' home)."""
    return daily_report(DateRange(today, today))
