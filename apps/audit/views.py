"""The audit log page, its CSV export, and the 403 handler that writes every refusal to it."""

from __future__ import annotations

import csv
import logging
from collections.abc import Iterator

from django.contrib.auth.decorators import permission_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from apps.audit import rules
from apps.audit.actor import Actor
from apps.audit.forms import AuditFilterForm
from apps.audit.models import AuditEntry
from apps.audit.selectors import audit_action_names, audit_entry_list, audit_page_data
from apps.audit.services import audit_denied
from apps.core.exports import csv_cell
from apps.core.htmx import HtmxHttpRequest, is_fragment

logger = logging.getLogger(__name__)

TEMPLATE = "audit/list.html"
CSV_COLUMNS = [
    "created_at", "username", "role", "action", "action_words", "target_type", "target_id",
    "outcome", "error_message", "request_id", "client_ip",
]  # fmt: skip


@require_GET
@permission_required(rules.VIEW, raise_exception=True)
@vary_on_headers("HX-Request")
def audit_list(request: HtmxHttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET, actions=audit_action_names())
    if request.GET.get("format") == "csv":
        return _csv_response(form)
    entries = audit_entry_list(**form.selector_kwargs()) if form.is_valid() else AuditEntry.objects.none()
    data = audit_page_data(
        actor=Actor.from_request(request), entries=entries, page_number=request.GET.get("page")
    )
    context = {"form": form, "page": data.page}
    template = f"{TEMPLATE}#results" if is_fragment(request) else TEMPLATE
    return render(request, template, context)


@require_GET
@permission_required(rules.VIEW, raise_exception=True)
def audit_export(request: HtmxHttpRequest) -> HttpResponse:
    return _csv_response(AuditFilterForm(request.GET, actions=audit_action_names()))


def _csv_response(form: AuditFilterForm) -> HttpResponse:
    if not form.is_valid():
        errors = "; ".join(f"{name}: {' '.join(msgs)}" for name, msgs in form.errors.items())
        return HttpResponseBadRequest(f"Invalid filters: {errors}", content_type="text/plain; charset=utf-8")
    filename = f"audit-{timezone.localdate():%Y%m%d}.csv"
    response = StreamingHttpResponse(_csv_lines(audit_entry_list(**form.selector_kwargs())))
    response["Content-Type"] = "text/csv; charset=utf-8"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_lines(entries: QuerySet[AuditEntry]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(CSV_COLUMNS)
    for entry in entries.iterator(chunk_size=2000):
        created = timezone.localtime(entry.created_at).isoformat(timespec="seconds")
        row = [created] + [getattr(entry, column) for column in CSV_COLUMNS[1:]]
        yield writer.writerow([csv_cell(value) for value in row])


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler403: every refusal (PermissionDenied) is audited here, once: who, and the URL's route
    name. It lives with the audit log so that the core imports no area."""
    match = getattr(request, "resolver_match", None)
    route = (match.view_name if match is not None else "") or "(unresolved)"
    try:
        audit_denied(actor=Actor.from_request(request), route=route)
    except Exception:
        logger.exception("Could not write the audit entry for a refused request")
    return render(request, "403.html", status=403)
