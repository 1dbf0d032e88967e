"""Create a prescriber, and edit one's details. The NPI's check digit is checked before anything is
sent; for an NPI Blend already knows, Blend answers the prescriber it has, and the page says so and
opens that record. An edit sends only what changed, once per form, and does not overwrite a
prescriber changed at Blend since the form was shown."""

from __future__ import annotations

from dataclasses import replace

from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from apps.audit.actor import Actor
from apps.blend.models.prescribers import Prescriber
from apps.core.htmx import HtmxHttpRequest
from apps.core.writes import Outcome, answer, send_once
from apps.prescribers import rules, selectors, services, wording
from apps.prescribers.forms import PrescriberForm
from apps.prescribers.selectors import PrescriberFormData
from apps.prescribers.views.common import prescriber_url

TEMPLATE = "prescribers/form.html"
ALIASES = {"credential_code": "credentials", "addresses": "address_1"}


def _created(prescriber: Prescriber) -> str:
    if prescriber.created is False:
        return wording.ALREADY_ON_FILE.format(npi=prescriber.npi, name=prescriber.display_name)
    return wording.CREATED.format(name=prescriber.display_name)


@require_http_methods(["GET", "POST"])
@permission_required([rules.VIEW, rules.EDIT], raise_exception=True)
def prescriber_create(request: HtmxHttpRequest) -> HttpResponse:
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
        if outcome.value is not None and outcome.value.created is False:  # Blend already had it
            outcome = replace(outcome, level="info")
        # Blend keeps one prescriber per NPI: after a timeout, searching for it tells
        npi = form.cleaned_data["npi"] if outcome.timed_out else ""
        return answer(
            request,
            outcome,
            form=form,
            aliases=ALIASES,
            after=lambda created: prescriber_url(created.id),
            again=lambda: render(request, TEMPLATE, {"form": form, "prescriber": None, "timed_out_npi": npi}),
        )
    return render(request, TEMPLATE, {"form": form, "prescriber": None})


def _edit_page(
    request: HtmxHttpRequest, data: PrescriberFormData, form: PrescriberForm, outcome: Outcome | None = None
) -> HttpResponse:
    """The edit page; after a refusal because the prescriber changed at Blend meanwhile, the
    prescriber as they are now with a fresh form and why."""
    prescriber, refusal = data.prescriber, ""
    if outcome is not None and isinstance(outcome.current, Prescriber):
        prescriber, refusal = outcome.current, outcome.message
        form = PrescriberForm(credentials=data.credentials, prescriber=prescriber)  # a new token
    return render(request, TEMPLATE, {"form": form, "prescriber": prescriber, "refusal": refusal})


@require_http_methods(["GET", "POST"])
@permission_required([rules.VIEW, rules.EDIT], raise_exception=True)
def prescriber_edit(request: HtmxHttpRequest, prescriber_id: str) -> HttpResponse:
    data = selectors.prescriber_form_data(prescriber_id=prescriber_id)
    prescriber = data.prescriber
    assert prescriber is not None
    post = request.POST if request.method == "POST" else None
    form = PrescriberForm(post, credentials=data.credentials, prescriber=prescriber)
    if post is not None and form.is_valid():
        changes = form.changes()
        if not changes:
            return answer(request, Outcome.info(wording.NOTHING_CHANGED), after=prescriber_url(prescriber.id))
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
        return answer(
            request,
            outcome,
            form=form,
            aliases=ALIASES,
            after=prescriber_url(prescriber.id),
            again=lambda: _edit_page(request, data, form, outcome),
        )
    return _edit_page(request, data, form)
