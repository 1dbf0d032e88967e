"""A prescriber's licences: add one, change an active one (a new number replaces it), deactivate one.
Each is a POST from the prescriber page through the one write path; the answer is the licences
section as Blend has it now (HTMX) or the page."""

from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse
from django.views.decorators.http import require_POST

from apps.audit.actor import Actor
from apps.blend.models.prescribers import Qualification
from apps.core.forms import TokenForm, apply_blend_errors
from apps.core.htmx import HtmxHttpRequest
from apps.core.writes import Outcome, send_once
from apps.prescribers import rules, selectors, services, wording
from apps.prescribers.forms import LicenceForm, LicenceUpdateForm
from apps.prescribers.views.common import Failed, answer

SECTION = "licences"
TARGET = "the licence"


def _refused(request, prescriber_id: str, form, outcome: Outcome, licence_id: str = "") -> HttpResponse:
    """The form again with the refusal next to its field (or at its top), or just the message."""
    if isinstance(outcome.current, services.AtField):
        form.add_error(outcome.current.field, outcome.message)
    elif outcome.fields:
        apply_blend_errors(form, outcome.fields, outcome.message)
    else:
        return answer(request, prescriber_id, SECTION, outcome)
    return answer(
        request,
        prescriber_id,
        SECTION,
        message=outcome.message,
        level="error",
        failed=Failed(form, licence_id),
    )


def _invalid(request, prescriber_id: str, form, licence_id: str = "") -> HttpResponse:
    """Bad input: nothing is sent; the form again with its messages at the fields."""
    errors = [e for field_errors in form.errors.values() for e in field_errors]
    return answer(
        request, prescriber_id, SECTION, message=errors[0], level="error", failed=Failed(form, licence_id)
    )


@require_POST
@permission_required([rules.VIEW, rules.EDIT], raise_exception=True)
def licence_add(request: HtmxHttpRequest, prescriber_id: str) -> HttpResponse:
    form = LicenceForm(request.POST)
    if not form.is_valid():
        return _invalid(request, prescriber_id, form)
    licence = form.licence()
    outcome = send_once(
        token=form.cleaned_data["token"],
        call=lambda: services.licence_add(
            actor=Actor.from_request(request), prescriber_id=prescriber_id, licence=licence
        ),
        verb="add",
        target=TARGET,
        done=lambda added: wording.LICENCE_ADDED.format(number=added.license_number, state=added.state),
    )
    if outcome.ok or outcome.timed_out:
        return answer(request, prescriber_id, SECTION, outcome)
    return _refused(request, prescriber_id, form, outcome)


def _updated(before: Qualification, after: Qualification) -> str:
    if after.id and after.id != before.id:
        return wording.LICENCE_REPLACED.format(number=after.license_number, state=after.state)
    return wording.LICENCE_UPDATED.format(number=after.license_number, state=after.state)


@require_POST
@permission_required([rules.VIEW, rules.EDIT], raise_exception=True)
def licence_update(request: HtmxHttpRequest, prescriber_id: str, licence_id: str) -> HttpResponse:
    prescriber = selectors.prescriber_get(prescriber_id=prescriber_id)
    licence = next((q for q in prescriber.qualifications if q.id == licence_id), None)
    if licence is None:
        return answer(request, prescriber_id, SECTION, message=wording.LICENCE_GONE, level="error")
    form = LicenceUpdateForm(request.POST, licence=licence)
    if not form.is_valid():
        return _invalid(request, prescriber_id, form, licence_id)
    changes = form.changes(licence)
    if not changes:
        return answer(request, prescriber_id, SECTION, message=wording.NOTHING_CHANGED, level="info")
    outcome = send_once(
        token=form.cleaned_data["token"],
        call=lambda: services.licence_update(
            actor=Actor.from_request(request),
            prescriber_id=prescriber_id,
            licence_id=licence_id,
            changes=changes,
        ),
        verb="change",
        target=TARGET,
        done=lambda after: _updated(licence, after),
    )
    if outcome.ok or outcome.timed_out:
        return answer(request, prescriber_id, SECTION, outcome)
    return _refused(request, prescriber_id, form, outcome, licence_id)


@require_POST
@permission_required([rules.VIEW, rules.EDIT], raise_exception=True)
def licence_deactivate(request: HtmxHttpRequest, prescriber_id: str, licence_id: str) -> HttpResponse:
    form = TokenForm(request.POST)
    if not form.is_valid():  # an out-of-date form: nothing to show again but the message
        return answer(request, prescriber_id, SECTION, message=form.errors["token"][0], level="error")
    outcome = send_once(
        token=form.cleaned_data["token"],
        call=lambda: services.licence_deactivate(
            actor=Actor.from_request(request), prescriber_id=prescriber_id, licence_id=licence_id
        ),
        verb="deactivate",
        target=TARGET,
        done=lambda gone: wording.LICENCE_DEACTIVATED.format(number=gone.license_number, state=gone.state),
    )
    return answer(request, prescriber_id, SECTION, outcome)
