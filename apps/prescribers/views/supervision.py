"""A prescriber's supervisors: add one by NPI for a state (BlendAdmin checks first that the supervisor
holds an active licence there), remove one. POSTs from the prescriber page through the one write path."""

from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse
from django.views.decorators.http import require_POST

from apps.audit.actor import Actor
from apps.core.forms import apply_blend_errors
from apps.core.htmx import HtmxHttpRequest
from apps.core.writes import send_once
from apps.prescribers import rules, services, wording
from apps.prescribers.forms import SupervisorAddForm, SupervisorRemoveForm
from apps.prescribers.views.common import Failed, answer

SECTION = "supervision"


@require_POST
@permission_required([rules.VIEW, rules.EDIT], raise_exception=True)
def supervisor_add(request: HtmxHttpRequest, prescriber_id: str) -> HttpResponse:
    form = SupervisorAddForm(request.POST)
    if not form.is_valid():
        errors = [e for field_errors in form.errors.values() for e in field_errors]
        return answer(request, prescriber_id, SECTION, message=errors[0], level="error", failed=Failed(form))
    npi, state = form.cleaned_data["supervisor_npi"], form.cleaned_data["state"]
    outcome = send_once(
        token=form.cleaned_data["token"],
        call=lambda: services.supervisor_add(
            actor=Actor.from_request(request), prescriber_id=prescriber_id, supervisor_npi=npi, state=state
        ),
        verb="add",
        target="the supervisor",
        done=lambda link: wording.SUPERVISOR_ADDED.format(
            name=link.prescriber.display_name, state=link.state
        ),
    )
    if (
        outcome.ok
        or outcome.timed_out
        or not (outcome.fields or isinstance(outcome.current, services.AtField))
    ):
        return answer(request, prescriber_id, SECTION, outcome)
    if isinstance(outcome.current, services.AtField):
        form.add_error(outcome.current.field, outcome.message)
    else:
        apply_blend_errors(form, outcome.fields, outcome.message, aliases={"supervisor_id": "supervisor_npi"})
    return answer(
        request, prescriber_id, SECTION, message=outcome.message, level="error", failed=Failed(form)
    )


@require_POST
@permission_required([rules.VIEW, rules.EDIT], raise_exception=True)
def supervisor_remove(request: HtmxHttpRequest, prescriber_id: str, supervisor_id: str) -> HttpResponse:
    form = SupervisorRemoveForm(request.POST)
    if not form.is_valid():
        errors = [e for field_errors in form.errors.values() for e in field_errors]
        return answer(request, prescriber_id, SECTION, message=errors[0], level="error")
    state = form.cleaned_data["state"]
    outcome = send_once(
        token=form.cleaned_data["token"],
        call=lambda: services.supervisor_remove(
            actor=Actor.from_request(request),
            prescriber_id=prescriber_id,
            supervisor_id=supervisor_id,
            state=state,
        ),
        verb="remove",
        target="the supervising relationship",
        done=lambda _: wording.SUPERVISOR_REMOVED.format(state=state),
    )
    return answer(request, prescriber_id, SECTION, outcome)
