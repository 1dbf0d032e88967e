"""The reports: an index, the daily report and the orders report, each also as CSV (`?format=csv`:
exactly the rows the page shows). A bad range is refused at the field before anything is sent."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from typing import Any

from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from apps.blend.errors import BlendValidationError
from apps.core.exports import csv_cell
from apps.core.htmx import HtmxHttpRequest, is_fragment
from apps.reports import rules, selectors
from apps.reports.forms import DateRange, DateRangeForm, presets

INDEX = "reports/index.html"
DAILY = "reports/daily.html"
ORDERS = "reports/orders.html"


def _csv(
    name: str, date_range: DateRange, head: Sequence[str], rows: Sequence[Sequence[str]]
) -> HttpResponse:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([csv_cell(v) for v in head])
    writer.writerows([csv_cell(v) for v in row] for row in rows)
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}-{date_range.start}-{date_range.end}.csv"'
    return response


def _refused(form: DateRangeForm) -> HttpResponse:
    errors = "; ".join(" ".join(messages) for messages in form.errors.values())
    return HttpResponseBadRequest(f"Invalid range: {errors}", content_type="text/plain; charset=utf-8")


def _read[T](form: DateRangeForm, read: Callable[[], T]) -> T | None:
    """The report, or None when Blend refused the range: its reason goes next to the dates."""
    try:
        return read()
    except BlendValidationError as exc:
        for name in ("start_date", "end_date"):
            for message in exc.fields.get(name, ()):
                form.add_error(name, f"Blend refused this date: {message}")
        if not form.errors:
            form.add_error("end_date", f"Blend refused this range: {exc.message}")
        return None


def _page(request: HtmxHttpRequest, template: str, form: DateRangeForm, report: object) -> HttpResponse:
    context = {"form": form, "report": report, "presets": presets(timezone.localdate())}
    return render(request, f"{template}#results" if is_fragment(request) else template, context)


@require_GET
@permission_required(rules.VIEW, raise_exception=True)
def report_index(request: HtmxHttpRequest) -> HttpResponse:
    return render(request, INDEX)


def _report(
    request: HtmxHttpRequest,
    template: str,
    read: Callable[[DateRange], Any],
    csv_name: str,
    csv_table: Callable[[Any], tuple[list[str], list[list[str]]]],
) -> HttpResponse:
    """A report page (or its CSV): the range checked before any Blend call, then one read."""
    form = DateRangeForm(request.GET)
    date_range = form.date_range
    as_csv = request.GET.get("format") == "csv"
    report = _read(form, lambda: read(date_range)) if date_range is not None else None
    if report is None:
        return _refused(form) if as_csv else _page(request, template, form, None)
    if as_csv:
        return _csv(csv_name, date_range, *csv_table(report))
    return _page(request, template, form, report)


@require_GET
@permission_required(rules.VIEW, raise_exception=True)
@vary_on_headers("HX-Request")
def daily_report(request: HtmxHttpRequest) -> HttpResponse:
    return _report(
        request,
        DAILY,
        lambda date_range: selectors.daily_report_data(date_range=date_range),
        "daily-report",
        lambda report: (report.table_head, report.table_rows),
    )


@require_GET
@permission_required(rules.VIEW, raise_exception=True)
@vary_on_headers("HX-Request")
def orders_report(request: HtmxHttpRequest) -> HttpResponse:
    return _report(
        request,
        ORDERS,
        lambda date_range: selectors.orders_report_data(date_range=date_range),
        "orders-report",
        lambda report: (["Section", "Name", "Count"], report.csv_rows),
    )
