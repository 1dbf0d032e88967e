"""Create a prescriber, and edit one's details. The NPI's check digit is checked before anything is
sent; for an NPI Blend already knows, Blend answers the prescriber it has, and the page says so and
opens that record. An edit sends only what changed, once per form, and does not overwrite a
prescriber changed at Blend since the form was shown."""

from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from apps.audit.actor import Actor
from apps.blend.models.prescribers import Prescriber
from apps.core.forms import apply_blend_errors
from apps.core.htmx import HtmxHttpRequest
from apps.core.writes import Outcome, send_once
from apps.prescribers import rules, selectors, services, wording
from apps.prescribers.forms import PrescriberForm
from apps.prescribers.views.common import redirect_to_prescriber

TEMPLATE = "prescribers/form.html"
ALIASES = {"credential_code": "credentials", "addresses": "address_1"}


def _show_refusal(form: PrescriberForm, outcome: Outcome) -> None:
    """A refusal's messages next to the fields they concern, or at the top of the form."""
    if isinstance(outcome.current, services.AtField):
        form.add_error(outcome.current.field, outcome.message)
    else:
        apply_blend_errors(form, outcome.fields, outcome.message, aliases=ALIASES)


def _created(prescriber: Prescriber) -> str:
    if prescriber.created is False:
        return wording.ALREADY_ON_FILE.format(npi=prescriber.npi, name=prescriber.display_name)
    return wording.CREATED.format(name=prescriber.display_name)


@require_http_methods(["GET", "POST"])
@permission_required([rules.VIEW, rules.EDIT], raise_exception=True)
def prescriber_new(request: HtmxHttpRequest) -> HttpResponse:
    data = selectors.prescriber_form_data()
    post = request.POST if request.method == "POST" else None
    form = PrescriberForm(post, credentials=data.credentials)
    if post is not None and form.is_valid():
        outcome = send_once(
            token=form.cleaned_data["token"],
            call=lambda: services.prescriber_create(
                actor=Actor.from_request(request), npi=form.cleaned_data["npi"], details=form.details()
            ),
            verb="create",
            target="the prescriber",
            done=_created,
        )
        if outcome.value is not None:
            level = "info" if outcome.value.created is False else "success"
            return redirect_to_prescriber(request, outcome.value.id, outcome.message, level)
        if outcome.timed_out:  # Blend keeps one prescriber per NPI: searching for it tells
            npi = form.cleaned_data["npi"]
            context = {"form": form, "prescriber": None, "refusal": outcome.message, "timed_out_npi": npi}
            return render(request, TEMPLATE, context)
        _show_refusal(form, outcome)
    return render(request, TEMPLATE, {"form": form, "prescriber": None, "refusal": ""})


@require_http_methods(["GET", "POST"])
@permission_required([rules.VIEW, rules.EDIT], raise_exception=True)
def prescriber_edit(request: HtmxHttpRequest, prescriber_id: str) -> HttpResponse:
    data = selectors.prescriber_form_data(prescriber_id=prescriber_id)
    prescriber = data.prescriber
    assert prescriber is not None
    post = request.POST if request.method == "POST" else None
    form = PrescriberForm(post, credentials=data.credentials, prescriber=prescriber)
    refusal = ""
    if post is not None and form.is_valid():
        changes = form.changes()
        if not changes:
            return redirect_to_prescriber(request, prescriber.id, wording.NOTHING_CHANGED, "info")
        outcome = send_once(
            token=form.cleaned_data["token"],
            call=lambda: services.prescriber_update(
                actor=Actor.from_request(request),
                prescriber_id=prescriber.id,
                changes=changes,
                seen_updated_at=form.cleaned_data["seen_updated_at"],
                summary=form.change_summary(),
            ),
            verb="change",
            target=f"prescriber {prescriber.display_name}",
            done=lambda updated: wording.SAVED.format(name=updated.display_name),
        )
        if outcome.value is not None or outcome.level == "info":  # saved, or the form was sent before
            return redirect_to_prescriber(request, prescriber.id, outcome.message, outcome.level)
        if isinstance(outcome.current, Prescriber):  # changed at Blend meanwhile: its values now
            prescriber = outcome.current
            form = PrescriberForm(credentials=data.credentials, prescriber=prescriber)  # a new token
            refusal = outcome.message
        else:
            _show_refusal(form, outcome)
    return render(request, TEMPLATE, {"form": form, "prescriber": prescriber, "refusal": refusal})
