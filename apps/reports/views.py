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

from apps.blend.errors import BlendError, BlendNotFound, BlendValidationError
from apps.core.exports import csv_cell
from apps.core.htmx import HtmxHttpRequest, is_fragment
from apps.reports import rules, selectors
from apps.reports.forms import DateRange, DateRangeForm, presets

INDEX = "reports/index.html"
DAILY = "reports/daily.html"
ORDERS = "reports/orders.html"
NO_REPORT = "Blend has no daily report for these dates. Try another range."
REPORT_UNAVAILABLE = "Blend's daily report is unavailable just now. Reload to try again."


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


class Unavailable(Exception):
    """Blend's daily report (an endpoint the reference marks inferred) could not be read: the page
    says so under the dates instead of failing."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _read[T](form: DateRangeForm, read: Callable[[], T], *, inferred: bool = False) -> T | None:
    """The report, or None when Blend refused the range: its reason goes next to the dates. For an
    inferred endpoint any other failure raises `Unavailable` (the page says so and stands)."""
    try:
        return read()
    except BlendValidationError as exc:
        for name in ("start_date", "end_date"):
            for message in exc.fields.get(name, ()):
                form.add_error(name, f"Blend refused this date: {message}")
        if not form.errors:
            form.add_error("end_date", f"Blend refused this range: {exc.message}")
        return None
    except BlendNotFound as exc:
        if not inferred:
            raise
        raise Unavailable(NO_REPORT) from exc
    except BlendError as exc:
        if not inferred:
            raise
        raise Unavailable(REPORT_UNAVAILABLE) from exc


def _page(
    request: HtmxHttpRequest, template: str, form: DateRangeForm, report: object, unavailable: str = ""
) -> HttpResponse:
    context = {
        "form": form,
        "report": report,
        "presets": presets(timezone.localdate()),
        "unavailable": unavailable,
    }
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
    *,
    inferred: bool = False,
) -> HttpResponse:
    """A report page (or its CSV): the range checked before any Blend call, then one read. For an
    inferred endpoint (`inferred`) a failed read leaves the page with a note (a CSV fails as usual)."""
    form = DateRangeForm(request.GET)
    date_range = form.date_range
    as_csv = request.GET.get("format") == "csv"
    try:
        report = _read(form, lambda: read(date_range), inferred=inferred) if date_range is not None else None
    except Unavailable as unavailable:
        if as_csv:
            raise unavailable.__cause__ from None  # type: ignore[misc]
        return _page(request, template, form, None, unavailable.message)
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
        inferred=True,  # the reference marks GET /reports/daily inferred
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
