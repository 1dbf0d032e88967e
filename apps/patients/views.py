"""The patient directory (search as you type) and one patient's record."""

from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from apps.audit.actor import Actor
from apps.blend.errors import BlendValidationError
from apps.core.htmx import HtmxHttpRequest, is_fragment
from apps.patients import selectors
from apps.patients.forms import PatientSearchForm

LIST = "patients/list.html"
DETAIL = "patients/detail.html"


@require_GET
@permission_required("accounts.view_patients", raise_exception=True)
@vary_on_headers("HX-Request")
def patient_list(request: HtmxHttpRequest) -> HttpResponse:
    form = PatientSearchForm(request.GET)
    q, page_number = form.values()
    try:
        patients, page = selectors.patient_directory(actor=Actor.from_request(request), q=q, page=page_number)
    except BlendValidationError as exc:  # Blend refused the query: say why, next to the box
        form.add_error("q", exc.message)
        patients, page = [], None
    context = {"form": form, "q": q, "patients": patients, "page": page}
    return render(request, f"{LIST}#results" if is_fragment(request) else LIST, context)


@require_GET
@permission_required("accounts.view_patients", raise_exception=True)
def patient_detail(request: HtmxHttpRequest, patient_id: str) -> HttpResponse:
    record = selectors.patient_record(actor=Actor.from_request(request), patient_id=patient_id)
    context = {"record": record, "patient": record.patient}
    return render(request, DETAIL, context)
