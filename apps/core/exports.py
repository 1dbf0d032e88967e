"""What every CSV export shares: cells a spreadsheet will not run as formulas, and a list streamed
as CSV (`csv_response`) row by row, so a 20,000-row export holds no more memory than a small one.

A list's export (`?format=csv` on the list's own URL) gives the rows its filters select, from every
page, with the columns the page shows. Its selector reads the first page before the response starts
(Blend failing then gives the usual error page) and the rest while the rows stream; `finished` is
called once at the end with the number of rows sent and whether the export is complete (an area
audits exports of patient data there). When Blend fails midway the file ends with a line saying so."""

from __future__ import annotations

import csv
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from django.http import HttpRequest, StreamingHttpResponse
from django.utils import timezone

from apps.blend.errors import BlendError

logger = logging.getLogger(__name__)

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
INCOMPLETE = "Export incomplete: Blend stopped answering after {count} rows. Export again for the rest."


def csv_cell(value: object) -> str:
    """`value` as a CSV cell a spreadsheet will not evaluate as a formula (CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def wants_csv(request: HttpRequest) -> bool:
    """The list's URL asks for its CSV (`format=csv`)."""
    return request.GET.get("format") == "csv"


@dataclass
class CsvExport:
    """A list as CSV: `name` (the file is `<name>-<date>.csv`), the header, the rows (lazy: read as
    they are sent) and what to do once they are all sent (`finished(count, complete)`)."""

    name: str
    header: Sequence[str]
    rows: Iterable[Sequence[object]]
    finished: Callable[[int, bool], None] | None = None


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(export: CsvExport) -> Iterator[str]:
    """The export's lines, each cell neutralised; `finished` is called once, however it ends."""
    writer = csv.writer(_Echo())
    count, complete = 0, False
    try:
        yield writer.writerow([csv_cell(h) for h in export.header])
        try:
            for row in export.rows:
                yield writer.writerow([csv_cell(value) for value in row])
                count += 1
        except Exception as exc:  # the response has started: the file says it is incomplete
            if not isinstance(exc, BlendError):
                logger.exception("CSV export %s failed after %s rows", export.name, count)
            yield writer.writerow([INCOMPLETE.format(count=count)])
            return
        complete = True
    finally:
        if export.finished is not None:
            export.finished(count, complete)


def csv_response(export: CsvExport) -> StreamingHttpResponse:
    response = StreamingHttpResponse(csv_lines(export), content_type="text/csv; charset=utf-8")
    filename = f"{export.name}-{timezone.localdate():%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def iso(moment: object) -> str:
    """A time as an ISO 8601 cell in the local time zone ("" when there is none)."""
    if moment is None:
        return ""
    return timezone.localtime(moment).isoformat(timespec="seconds")  # type: ignore[arg-type]
