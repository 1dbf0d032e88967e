"""A prescriber's supervisors: add one by NPI for a state (BlendAdmin checks first that the supervisor
holds an active licence there), remove one. POSTs from the prescriber page through the one write path."""

from __future__ import annotations

from functools import partial

from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse
from django.views.decorators.http import require_POST

from apps.audit.actor import Actor
from apps.core.htmx import HtmxHttpRequest
from apps.core.writes import Outcome, answer, send_once
from apps.prescribers import rules, services, wording
from apps.prescribers.forms import SupervisorAddForm, SupervisorRemoveForm
from apps.prescribers.views.common import prescriber_url, render_section

SECTION = "supervision"


@require_POST
@permission_required([rules.VIEW, rules.EDIT], raise_exception=True)
def supervisor_add(request: HtmxHttpRequest, prescriber_id: str) -> HttpResponse:
    form = SupervisorAddForm(request.POST)
    after, shown = (
        prescriber_url(prescriber_id),
        partial(render_section, request, prescriber_id, SECTION, form),
    )
    if not form.is_valid():
        return answer(request, Outcome.invalid(form), form=form, after=after, fragment=shown, again=shown)
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
    return answer(
        request,
        outcome,
        form=form,
        aliases={"supervisor_id": "supervisor_npi"},
        after=after,
        fragment=shown,
        again=shown,
    )


@require_POST
@permission_required([rules.VIEW, rules.EDIT], raise_exception=True)
def supervisor_remove(request: HtmxHttpRequest, prescriber_id: str, supervisor_id: str) -> HttpResponse:
    form = SupervisorRemoveForm(request.POST)
    after, shown = prescriber_url(prescriber_id), partial(render_section, request, prescriber_id, SECTION)
    if not form.is_valid():
        return answer(request, Outcome.invalid(form), after=after, fragment=shown)
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
    return answer(request, outcome, after=after, fragment=shown)
