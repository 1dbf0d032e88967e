"""The patient page's risk-factor section: Refresh, confirm a match, deactivate, and free text for
Blend to match (it answers 202 and matches the text a little later). Each write goes through the one
write path; an HTMX request gets the section as Blend has it now (and a toast), a plain form goes
back to the patient page."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.decorators import permission_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from apps.audit.actor import Actor
from apps.blend.models.patients import RiskFactor
from apps.core.forms import FORM_EXPIRED, TokenForm
from apps.core.htmx import HtmxHttpRequest, add_toast, is_fragment
from apps.core.writes import Outcome, send_once
from apps.patients import selectors, services, wording
from apps.patients.forms import RiskFactorTextForm
from apps.patients.rules import EDIT, VIEW
from apps.patients.views.common import (
    DETAIL,
    answer_timeout,
    page_context,
    redirect_to_patient,
    risk_factors_context,
)

ANCHOR = "risk-factors"


@dataclass(frozen=True)
class FactorAction:
    service: Callable[..., RiskFactor]
    verb: str
    done: str


FACTOR_ACTIONS = {
    "confirm": FactorAction(
        services.patient_risk_factor_confirm, "confirm the match of", wording.RISK_FACTOR_CONFIRMED
    ),
    "deactivate": FactorAction(
        services.patient_risk_factor_deactivate, "deactivate", wording.RISK_FACTOR_DEACTIVATED
    ),
}


def _section(
    request: HtmxHttpRequest,
    patient_id: str,
    message: str = "",
    level: str = "success",
    *,
    text_form: RiskFactorTextForm | None = None,
    notice: str = "",
) -> HttpResponse:
    """The section as Blend has it now (HTMX), or the patient page (a plain request)."""
    if not is_fragment(request):
        return redirect_to_patient(request, patient_id, message, level, anchor=ANCHOR)
    factors = selectors.patient_risk_factors_data(actor=Actor.from_request(request), patient_id=patient_id)
    context = risk_factors_context(request, patient_id, factors, text_form=text_form, notice=notice)
    response = render(request, f"{DETAIL}#risk-factors", context)
    return add_toast(response, message, level) if message else response


@require_GET
@permission_required(VIEW, raise_exception=True)
@vary_on_headers("HX-Request")
def risk_factors(request: HtmxHttpRequest, patient_id: str) -> HttpResponse:
    """Refresh: the section again (Blend may have matched text sent earlier)."""
    return _section(request, patient_id)


@require_POST
@permission_required([VIEW, EDIT], raise_exception=True)
def risk_factor_action(
    request: HtmxHttpRequest, patient_id: str, risk_factor_id: str, action: str
) -> HttpResponse:
    spec = FACTOR_ACTIONS.get(action)
    if spec is None:
        raise Http404("No such risk factor action")
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _section(request, patient_id, FORM_EXPIRED, "error")
    outcome = send_once(
        token=form.cleaned_data["token"],
        call=lambda: spec.service(
            actor=Actor.from_request(request), patient_id=patient_id, risk_factor_id=risk_factor_id
        ),
        verb=spec.verb,
        target="the risk factor",
        done=lambda factor: spec.done.format(factor=factor.display_name or "The risk factor"),
    )
    return _written(request, patient_id, outcome)


@require_POST
@permission_required([VIEW, EDIT], raise_exception=True)
def risk_factors_text(request: HtmxHttpRequest, patient_id: str) -> HttpResponse:
    form = RiskFactorTextForm(request.POST)
    if not form.is_valid():  # nothing sent: the message at the box
        if is_fragment(request):
            return _section(request, patient_id, text_form=form)
        page = selectors.patient_page_data(actor=Actor.from_request(request), patient_id=patient_id)
        return render(request, DETAIL, page_context(request, page, text_form=form))
    outcome = send_once(
        token=form.cleaned_data["token"],
        call=lambda: services.patient_risk_factors_text_add(
            actor=Actor.from_request(request), patient_id=patient_id, text=form.cleaned_data["text"]
        ),
        verb="add risk factors to",
        target="the patient's record",
        done=lambda _: wording.RISK_TEXT_QUEUED,
    )
    return _written(request, patient_id, outcome, notice=wording.RISK_TEXT_PROCESSING if outcome.ok else "")


def _written(
    request: HtmxHttpRequest, patient_id: str, outcome: Outcome, *, notice: str = ""
) -> HttpResponse:
    if outcome.timed_out:
        return answer_timeout(request, patient_id, outcome)
    return _section(request, patient_id, outcome.message, outcome.level, notice=notice)
