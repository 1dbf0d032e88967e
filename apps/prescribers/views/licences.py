"""A prescriber's licences: add one, change an active one (a new number replaces it), deactivate one.
Each is a POST from the prescriber page through the one write path; the answer is the licences
section as Blend has it now (HTMX) or the page."""

from __future__ import annotations

from functools import partial

from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse
from django.views.decorators.http import require_POST

from apps.audit.actor import Actor
from apps.blend.models.prescribers import Qualification
from apps.core.forms import TokenForm
from apps.core.htmx import HtmxHttpRequest
from apps.core.writes import Outcome, answer, send_once
from apps.prescribers import rules, selectors, services, wording
from apps.prescribers.forms import LicenceForm, LicenceUpdateForm
from apps.prescribers.views.common import prescriber_url, render_section

SECTION = "licences"
TARGET = "the licence"


@require_POST
@permission_required([rules.VIEW, rules.EDIT], raise_exception=True)
def licence_add(request: HtmxHttpRequest, prescriber_id: str) -> HttpResponse:
    form = LicenceForm(request.POST)
    shown = partial(render_section, request, prescriber_id, SECTION, form)
    after = prescriber_url(prescriber_id)
    if not form.is_valid():
        return answer(request, Outcome.invalid(form), form=form, after=after, fragment=shown, again=shown)
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
    return answer(request, outcome, form=form, after=after, fragment=shown, again=shown)


def _updated(before: Qualification, after: Qualification) -> str:
    if after.id and after.id != before.id:
        return wording.LICENCE_REPLACED.format(number=after.license_number, state=after.state)
    return wording.LICENCE_UPDATED.format(number=after.license_number, state=after.state)


@require_POST
@permission_required([rules.VIEW, rules.EDIT], raise_exception=True)
def licence_update(request: HtmxHttpRequest, prescriber_id: str, licence_id: str) -> HttpResponse:
    prescriber = selectors.prescriber_get(prescriber_id=prescriber_id)
    licence = next((q for q in prescriber.qualifications if q.id == licence_id), None)
    after = prescriber_url(prescriber_id)
    if licence is None:
        gone = Outcome(message=wording.LICENCE_GONE, level="error")
        return answer(
            request, gone, after=after, fragment=lambda: render_section(request, prescriber_id, SECTION)
        )
    form = LicenceUpdateForm(request.POST, licence=licence)
    shown = partial(render_section, request, prescriber_id, SECTION, form, licence_id)
    if not form.is_valid():
        return answer(request, Outcome.invalid(form), form=form, after=after, fragment=shown, again=shown)
    changes = form.changes(licence)
    if not changes:
        return answer(request, Outcome.info(wording.NOTHING_CHANGED), after=after, fragment=shown)
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
        done=lambda updated: _updated(licence, updated),
    )
    return answer(request, outcome, form=form, after=after, fragment=shown, again=shown)


@require_POST
@permission_required([rules.VIEW, rules.EDIT], raise_exception=True)
def licence_deactivate(request: HtmxHttpRequest, prescriber_id: str, licence_id: str) -> HttpResponse:
    form = TokenForm(request.POST)
    after, shown = prescriber_url(prescriber_id), partial(render_section, request, prescriber_id, SECTION)
    if not form.is_valid():  # an out-of-date form: nothing to show again but the message
        return answer(request, Outcome.invalid(form), after=after, fragment=shown)
    outcome = send_once(
        token=form.cleaned_data["token"],
        call=lambda: services.licence_deactivate(
            actor=Actor.from_request(request), prescriber_id=prescriber_id, licence_id=licence_id
        ),
        verb="deactivate",
        target=TARGET,
        done=lambda gone: wording.LICENCE_DEACTIVATED.format(number=gone.license_number, state=gone.state),
    )
    return answer(request, outcome, after=after, fragment=shown)
