"""The patient page's risk-factor section: Refresh, confirm a match, deactivate, and free text for
Blend to match (it answers 202 and matches the text a little later). Each write goes through the one
write path; an HTMX request gets the section as Blend has it now (and a toast), a plain form goes
back to the patient page."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.decorators import permission_required
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from apps.audit.actor import Actor
from apps.blend.models.patients import RiskFactor
from apps.core.forms import TokenForm
from apps.core.htmx import HtmxHttpRequest, is_fragment
from apps.core.writes import Outcome, answer, send_once
from apps.patients import selectors, services, wording
from apps.patients.forms import RiskFactorTextForm
from apps.patients.rules import EDIT, VIEW
from apps.patients.views.common import (
    DETAIL,
    page_context,
    patient_url,
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
    *,
    text_form: RiskFactorTextForm | None = None,
    notice: str = "",
) -> HttpResponse:
    """The section as Blend has it now."""
    factors = selectors.patient_risk_factors_data(actor=Actor.from_request(request), patient_id=patient_id)
    context = risk_factors_context(request, patient_id, factors, text_form=text_form, notice=notice)
    return render(request, f"{DETAIL}#risk-factors", context)


def _page(request: HtmxHttpRequest, patient_id: str, text_form: RiskFactorTextForm) -> HttpResponse:
    """The patient page with the text form's errors (sent without HTMX)."""
    page = selectors.patient_page_data(actor=Actor.from_request(request), patient_id=patient_id)
    return render(request, DETAIL, page_context(request, page, text_form=text_form))


@require_GET
@permission_required(VIEW, raise_exception=True)
@vary_on_headers("HX-Request")
def risk_factors(request: HtmxHttpRequest, patient_id: str) -> HttpResponse:
    """Refresh: the section again (Blend may have matched text sent earlier)."""
    if not is_fragment(request):
        return HttpResponseRedirect(patient_url(patient_id, ANCHOR))
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
    after, section = patient_url(patient_id, ANCHOR), lambda: _section(request, patient_id)
    if not form.is_valid():
        return answer(request, Outcome.invalid(form), after=after, fragment=section)
    outcome = send_once(
        token=form.cleaned_data["token"],
        call=lambda: spec.service(
            actor=Actor.from_request(request), patient_id=patient_id, risk_factor_id=risk_factor_id
        ),
        verb=spec.verb,
        target="the risk factor",
        done=lambda factor: spec.done.format(factor=factor.display_name or "The risk factor"),
    )
    return answer(request, outcome, after=after, fragment=section)


@require_POST
@permission_required([VIEW, EDIT], raise_exception=True)
def risk_factors_text(request: HtmxHttpRequest, patient_id: str) -> HttpResponse:
    form = RiskFactorTextForm(request.POST)
    if not form.is_valid():  # nothing sent: the message at the box
        return answer(
            request,
            Outcome.invalid(form),
            form=form,
            fragment=lambda: _section(request, patient_id, text_form=form),
            again=lambda: _page(request, patient_id, form),
        )
    outcome = send_once(
        token=form.cleaned_data["token"],
        call=lambda: services.patient_risk_factors_text_add(
            actor=Actor.from_request(request), patient_id=patient_id, text=form.cleaned_data["text"]
        ),
        verb="add risk factors to",
        target="the patient's record",
        done=lambda _: wording.RISK_TEXT_QUEUED,
    )
    notice = wording.RISK_TEXT_PROCESSING if outcome.ok else ""
    return answer(
        request,
        outcome,
        after=patient_url(patient_id, ANCHOR),
        fragment=lambda: _section(request, patient_id, notice=notice),
    )
