"""A new patient, and changes to a patient's details. Invalid input sends nothing; a form reaches
Blend once however often it is sent; an edit sends only the changed fields and does not overwrite a
patient changed at Blend since the form was shown; Blend's own refusals show at the fields."""

from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from apps.audit.actor import Actor
from apps.blend.models.patients import Patient
from apps.core.forms import apply_blend_errors
from apps.core.htmx import HtmxHttpRequest
from apps.core.writes import send_once
from apps.patients import selectors, services, wording
from apps.patients.forms import SECRET_FIELDS, PatientForm
from apps.patients.rules import EDIT, VIEW
from apps.patients.views.common import redirect_to_patient

TEMPLATE = "patients/form.html"


@require_http_methods(["GET", "POST"])
@permission_required([VIEW, EDIT], raise_exception=True)
def patient_create(request: HtmxHttpRequest) -> HttpResponse:
    relationships = selectors.guardian_relationships()
    form = PatientForm(request.POST if request.method == "POST" else None, relationships=relationships)
    if request.method == "POST" and form.is_valid():
        name = form.name
        outcome = send_once(
            token=form.cleaned_data["token"],
            call=lambda: services.patient_create(
                actor=Actor.from_request(request), fields=form.fields_for_blend()
            ),
            verb="add",
            target=f"patient {name}",
            done=lambda patient: wording.CREATED.format(name=patient.full_name or name),
        )
        if outcome.ok and isinstance(outcome.value, Patient):
            return redirect_to_patient(request, outcome.value.id, outcome.message)
        if outcome.timed_out:
            form.add_error(None, wording.CREATE_TIMED_OUT.format(name=name))
        else:
            apply_blend_errors(form, outcome.fields, outcome.message)
    return render(request, TEMPLATE, {"form": form, "patient": None})


@require_http_methods(["GET", "POST"])
@permission_required([VIEW, EDIT], raise_exception=True)
def patient_edit(request: HtmxHttpRequest, patient_id: str) -> HttpResponse:
    actor = Actor.from_request(request)
    data = selectors.patient_edit_data(actor=actor, patient_id=patient_id)
    patient = data.patient
    form = PatientForm(
        request.POST if request.method == "POST" else None, patient=patient, relationships=data.relationships
    )
    refusal = ""
    if request.method == "POST" and form.is_valid():
        changes = form.changes()
        if not changes:
            return redirect_to_patient(request, patient.id, wording.NOTHING_CHANGED, "info")
        name = patient.full_name or "the patient"
        outcome = send_once(
            token=form.cleaned_data["token"],
            call=lambda: services.patient_update(
                actor=actor,
                patient_id=patient.id,
                changes=changes,
                seen_updated_at=form.cleaned_data["seen_updated_at"],
                summary=form.change_summary(secret=SECRET_FIELDS),
            ),
            verb="change the details of",
            target=name,
            done=lambda updated: wording.SAVED.format(name=updated.full_name or name),
        )
        if outcome.fields:  # Blend refused values: its messages at the fields
            apply_blend_errors(form, outcome.fields, outcome.message)
        elif isinstance(outcome.current, Patient):  # changed at Blend meanwhile
            patient = outcome.current
            form = PatientForm(patient=patient, relationships=data.relationships)  # current values, new token
            refusal = outcome.message
        else:
            return redirect_to_patient(request, patient.id, outcome.message, outcome.level)
    return render(request, TEMPLATE, {"form": form, "patient": patient, "refusal": refusal})
