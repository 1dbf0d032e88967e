"""What the patients views share: the permissions, the detail page's context (the user's rights
decided here, not in the template), and where a plain form goes after a write."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from apps.blend.models.patients import RiskFactor, RiskFactors
from apps.core.forms import TokenForm
from apps.core.htmx import HtmxHttpRequest
from apps.neworders import rules as neworders_rules
from apps.orders.rules import VIEW as VIEW_ORDERS
from apps.patients.forms import RiskFactorTextForm
from apps.patients.rules import EDIT
from apps.patients.selectors import PatientOrders, PatientPage
from apps.tasks import rules as tasks_rules

DETAIL = "patients/detail.html"
GROUPS = (("allergies", "Allergies"), ("conditions", "Conditions"), ("medications", "Medications"))


@dataclass(frozen=True)
class FactorRow:
    """One risk factor, with its forms and their URLs when the user may change it (None and ""
    otherwise, also when Blend sent an id no URL can carry)."""

    factor: RiskFactor
    confirm_form: TokenForm | None = None
    confirm_url: str = ""
    deactivate_form: TokenForm | None = None
    deactivate_url: str = ""


def reverse_or_blank(name: str, *args: str) -> str:
    """The URL, or "" for an id from Blend that no URL can carry (empty, with a slash): the row shows
    without its link or actions instead of taking the page down."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def _factor_row(patient_id: str, factor: RiskFactor, *, editable: bool) -> FactorRow:
    if not editable:
        return FactorRow(factor)
    action = "patients:risk_factor_action"
    deactivate_url = reverse_or_blank(action, patient_id, factor.id, "deactivate")
    if not deactivate_url:
        return FactorRow(factor)
    if not factor.needs_confirmation:
        return FactorRow(factor, deactivate_form=TokenForm(auto_id=False), deactivate_url=deactivate_url)
    return FactorRow(
        factor,
        TokenForm(auto_id=False),
        reverse_or_blank(action, patient_id, factor.id, "confirm"),
        TokenForm(auto_id=False),
        deactivate_url,
    )


@dataclass(frozen=True)
class FactorGroup:
    key: str
    heading: str
    active: list[FactorRow]
    inactive: list[RiskFactor]


def factor_groups(patient_id: str, factors: RiskFactors, *, editable: bool) -> list[FactorGroup]:
    """The risk factors by type as Blend groups them: the active ones with their actions (confirm a
    match Blend is unsure of, deactivate), the deactivated ones apart."""
    groups = []
    for key, heading in GROUPS:
        items: list[RiskFactor] = getattr(factors, key)
        active = [_factor_row(patient_id, f, editable=editable) for f in items if f.is_active]
        groups.append(FactorGroup(key, heading, active, [f for f in items if not f.is_active]))
    return groups


def risk_factors_context(
    request: HtmxHttpRequest,
    patient_id: str,
    factors: RiskFactors | None,
    *,
    text_form: RiskFactorTextForm | None = None,
    notice: str = "",
) -> dict[str, object]:
    """The risk-factor section's context (`#risk-factors`)."""
    editable = request.user.has_perm(EDIT)
    return {
        "patient_id": patient_id,
        "risk_factors": factors,
        "factor_groups": factor_groups(patient_id, factors, editable=editable) if factors is not None else [],
        "text_form": (text_form or RiskFactorTextForm()) if editable else None,
        "risk_notice": notice,
    }


def page_context(
    request: HtmxHttpRequest, page: PatientPage, *, text_form: RiskFactorTextForm | None = None
) -> dict[str, object]:
    """Everything the patient page shows."""
    patient = page.patient
    return {
        **risk_factors_context(request, patient.id, page.risk_factors, text_form=text_form),
        **orders_context(request, page.orders),
        "page": page,
        "patient": patient,
        "can_edit": request.user.has_perm(EDIT),
        "can_order": request.user.has_perm(neworders_rules.CREATE),
        "see_tasks": request.user.has_perm(tasks_rules.VIEW),
    }


def orders_context(request: HtmxHttpRequest, orders: PatientOrders) -> dict[str, object]:
    """The orders section's context (`#patient-orders`); links only for users who may see orders."""
    return {"orders": orders, "link_orders": request.user.has_perm(VIEW_ORDERS)}


def patient_url(patient_id: str, anchor: str = "") -> str:
    """The patient page (at `anchor`), where a plain form goes after a write."""
    url = reverse("patients:detail", args=[patient_id])
    return f"{url}#{anchor}" if anchor else url
