"""Reads of the new-order steps: the user's drafts, what Blend knows that a step needs (read
together: one round trip per page), and the two type-aheads (one Blend search each)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from apps.audit.actor import Actor
from apps.audit.services import audit_view, audited_view
from apps.blend.concurrency import fetch_concurrently, optional
from apps.blend.errors import BlendNotFound
from apps.blend.models.orders import Order, OrderSummary
from apps.blend.models.patients import Patient
from apps.blend.models.prescribers import Prescriber
from apps.blend.runtime import get_blend
from apps.core.search import Matches, search_by_name
from apps.neworders.models import OrderDraft
from apps.neworders.steps import Reference, chosen_patient_id, chosen_prescriber_id

TYPEAHEAD_LIMIT = 8
_MISSING = object()

# What each step needs from Blend (the review needs everything: it re-validates every step).
NEEDS: dict[str, frozenset[str]] = {
    "patient": frozenset({"relationships", "patient"}),
    "prescriber": frozenset({"credentials", "prescriber"}),
    "medications": frozenset({"catalog", "units"}),
    "products": frozenset({"catalog"}),
    "shipping": frozenset({"shipping_options", "patient"}),
    "review": frozenset(
        {
            "relationships",
            "credentials",
            "catalog",
            "units",
            "shipping_options",
            "patient",
            "prescriber",
            "open_order",
        }
    ),
}


def draft_get(*, user: Any, draft_id: str) -> OrderDraft:
    """The user's own unsent, unexpired draft (404 for anyone else's: a draft is never shared)."""
    draft = OrderDraft.objects.live().filter(id=draft_id, user=user, sent_at__isnull=True).first()
    if draft is None:
        raise Http404("No such order draft")
    return draft


def draft_sent(*, user: Any, draft_id: str) -> OrderDraft:
    draft = OrderDraft.objects.filter(id=draft_id, user=user, sent_at__isnull=False).first()
    if draft is None:
        raise Http404("No such order")
    return draft


def drafts_open(*, user: Any) -> list[OrderDraft]:
    return list(OrderDraft.objects.live().filter(user=user, sent_at__isnull=True)[:20])


def _or_missing(call: Callable[[], Any]) -> Callable[[], Any]:
    def run() -> Any:
        try:
            return call()
        except BlendNotFound:
            return _MISSING

    return run


def _open_order(patient_id: str) -> OrderSummary | None:
    """The patient's open order Blend would merge into: the newest one still Received."""
    orders = get_blend().patient_orders(patient_id=patient_id, page_size=100).items
    received = [o for o in orders if o.status == "received"]
    return max(received, key=lambda o: o.created_at or timezone.now(), default=None)


def step_reference(*, actor: Actor, step: str, draft: dict[str, Any]) -> Reference:
    """What Blend knows that `step` shows or checks, read together. Showing a chosen patient is a
    view of patient data: audited."""
    blend = get_blend()
    needs = NEEDS[step]
    patient_id, prescriber_id = chosen_patient_id(draft), chosen_prescriber_id(draft)
    calls: dict[str, Callable[[], Any]] = {}
    # Blend's inferred reference lists: one that cannot be read leaves None (the step says so)
    if "relationships" in needs:
        calls["relationships"] = optional(blend.guardian_relationship_types)
    if "credentials" in needs:
        calls["credentials"] = optional(blend.prescriber_credentials)
    if "catalog" in needs:
        calls["catalog"] = blend.product_catalog
    if "units" in needs:
        calls["units"] = blend.quantity_units
    if "shipping_options" in needs:
        calls["shipping_options"] = optional(blend.shipping_options)
    if "patient" in needs and patient_id:
        calls["patient"] = _or_missing(lambda: blend.patient_get(patient_id=patient_id))
    if "prescriber" in needs and prescriber_id:
        calls["prescriber"] = _or_missing(lambda: blend.prescriber_get(prescriber_id=prescriber_id))
    if "open_order" in needs and patient_id:
        calls["open_order"] = _or_missing(lambda: _open_order(patient_id))
    found = fetch_concurrently(**calls)
    patient, prescriber = found.pop("patient", None), found.pop("prescriber", None)
    open_order = found.pop("open_order", None)
    ref = Reference(
        **found,
        patient=patient if isinstance(patient, Patient) else None,
        patient_missing=patient is _MISSING,
        prescriber=prescriber if isinstance(prescriber, Prescriber) else None,
        prescriber_missing=prescriber is _MISSING,
        open_order=open_order if isinstance(open_order, OrderSummary) else None,
    )
    if ref.patient is not None:
        audit_view(actor=actor, action="order_draft.view", shown={"patient": 1})
    return ref


@dataclass(frozen=True)
class ResultPage:
    order: Order | None
    prescriber: Prescriber | None
    prescription_url: str


@audited_view("order.view", shown=lambda page: {"order": 1 if page.order else 0})
def result_data(*, actor: Actor, made: Any) -> ResultPage:
    """The order just sent (its number, its patient's name) and the prescriber, read together; a
    read that fails leaves the link without its name."""
    blend = get_blend()
    prescriber_id = made.prescriber.id if made.prescriber else ""
    found = fetch_concurrently(
        order=optional(lambda: blend.order_get(order_id=made.order.id)),
        prescriber=optional(
            lambda: blend.prescriber_get(prescriber_id=prescriber_id) if prescriber_id else None
        ),
    )
    url = ""
    if made.electronic_prescription:
        try:
            url = reverse("prescriptions:detail", args=[made.electronic_prescription.id])
        except NoReverseMatch:
            url = ""
    return ResultPage(found["order"], found["prescriber"], url)


@audited_view("order_draft.patient_search", shown=lambda found: {"patient": len(found.items)})
def patient_typeahead(*, actor: Actor, q: str) -> Matches[Patient]:
    """The patients matching `q` as every search box reads it: a name as the app shows it or as
    "Last, First" (see `apps.core.search`); one round trip."""
    blend = get_blend()
    return search_by_name(lambda term: blend.search_patients(q=term, limit=TYPEAHEAD_LIMIT), q)


def prescriber_typeahead(*, q: str) -> Matches[Prescriber]:
    """The prescribers matching `q`: a name as the app shows it ("Mary Ryan Anthony, MD") or as
    "Last, First", or an NPI (see `apps.core.search`); one round trip."""
    blend = get_blend()
    return search_by_name(lambda term: blend.search_prescribers(q=term, limit=TYPEAHEAD_LIMIT), q)
