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
from apps.core.htmx import HtmxHttpRequest
from apps.core.writes import Outcome, answer, send_once
from apps.patients import selectors, services, wording
from apps.patients.forms import SECRET_FIELDS, PatientForm
from apps.patients.rules import EDIT, VIEW
from apps.patients.selectors import PatientEditData
from apps.patients.views.common import patient_url

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
        hint = wording.CREATE_TIMED_OUT.format(name=name) if outcome.timed_out else ""
        return answer(
            request,
            outcome,
            form=form,
            after=lambda patient: patient_url(patient.id),
            again=lambda: render(request, TEMPLATE, {"form": form, "patient": None, "refusal": hint}),
        )
    return render(request, TEMPLATE, {"form": form, "patient": None})


def _edit_page(
    request: HtmxHttpRequest, data: PatientEditData, form: PatientForm, outcome: Outcome | None = None
) -> HttpResponse:
    """The edit page; after a refusal because the patient changed at Blend meanwhile, the patient as
    they are now with a fresh form and why."""
    patient, refusal = data.patient, ""
    if outcome is not None and isinstance(outcome.current, Patient):
        patient, refusal = outcome.current, outcome.message
        form = PatientForm(patient=patient, relationships=data.relationships)  # current values, new token
    return render(request, TEMPLATE, {"form": form, "patient": patient, "refusal": refusal})


@require_http_methods(["GET", "POST"])
@permission_required([VIEW, EDIT], raise_exception=True)
def patient_edit(request: HtmxHttpRequest, patient_id: str) -> HttpResponse:
    actor = Actor.from_request(request)
    data = selectors.patient_edit_data(actor=actor, patient_id=patient_id)
    patient = data.patient
    form = PatientForm(
        request.POST if request.method == "POST" else None, patient=patient, relationships=data.relationships
    )
    if request.method == "POST" and form.is_valid():
        changes = form.changes()
        if not changes:
            return answer(request, Outcome.info(wording.NOTHING_CHANGED), after=patient_url(patient.id))
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
        return answer(
            request,
            outcome,
            form=form,
            after=patient_url(patient.id),
            again=lambda: _edit_page(request, data, form, outcome),
        )
    return _edit_page(request, data, form)
