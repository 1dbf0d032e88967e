"""The patient list: search as you type (name, email, phone, date of birth), page and page size, all
in the URL."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from apps.audit.actor import Actor
from apps.blend.models.patients import Patient
from apps.core.exports import csv_response, wants_csv
from apps.core.htmx import HtmxHttpRequest, is_fragment
from apps.patients import selectors, wording
from apps.patients.filters import SEARCH_MIN_LENGTH, PatientFilterForm
from apps.patients.rules import EDIT, VIEW
from apps.patients.views.common import reverse_or_blank

LIST = "patients/list.html"


@dataclass(frozen=True)
class PatientRow:
    patient: Patient
    url: str  # "" when Blend sent an id no URL can carry


@require_GET
@permission_required(VIEW, raise_exception=True)
@vary_on_headers("HX-Request")
def patient_list(request: HtmxHttpRequest) -> HttpResponse:
    form = PatientFilterForm(request.GET, auto_id="patient-%s")
    if wants_csv(request):  # every patient the list selects, streamed
        return csv_response(
            selectors.patient_export(actor=Actor.from_request(request), filters=form.filters())
        )
    found = selectors.patient_list_data(actor=Actor.from_request(request), filters=form.filters())
    filters = found.filters
    context = {
        "form": form.applied(),
        "filters": filters,
        "found": found,
        "page": found.page,
        "rows": [PatientRow(p, reverse_or_blank("patients:detail", p.id)) for p in found.patients],
        "search_help": wording.SEARCH_HELP,
        "too_short": wording.SEARCH_TOO_SHORT.format(minimum=SEARCH_MIN_LENGTH) if filters.too_short else "",
        "limited": wording.SEARCH_LIMITED.format(limit=selectors.SEARCH_LIMIT) if found.limited else "",
        "can_create": request.user.has_perm(EDIT),
    }
    return render(request, f"{LIST}#results" if is_fragment(request) else LIST, context)
