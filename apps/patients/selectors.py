"""Reads for the patients pages. Every view is audited: one patient's record (who looked, when), and
the directory (which kind of record and how many were shown; never the search term)."""

from __future__ import annotations

from dataclasses import dataclass

from apps.audit.actor import Actor
from apps.audit.services import audited, audited_view
from apps.blend.concurrency import fetch_concurrently
from apps.blend.errors import BlendError
from apps.blend.models.orders import Order
from apps.blend.models.patients import Patient, RiskFactors
from apps.blend.pagination import Page
from apps.blend.runtime import get_blend

SEARCH_LIMIT = 50


@dataclass(frozen=True)
class PatientRecord:
    patient: Patient
    orders: Page[Order]
    risk_factors: RiskFactors | None


@audited_view("patient.list", shown=lambda found: {"patient": len(found[0])})
def patient_directory(*, actor: Actor, q: str, page: int) -> tuple[list[Patient], Page[Patient] | None]:
    """Patients matching `q` (best first), or one page of all patients when `q` is empty."""
    blend = get_blend()
    if q:
        return blend.search_patients(q=q, limit=SEARCH_LIMIT), None
    listing = blend.patient_list(page=page, page_size=25)
    return listing.items, listing


def _risk_factors(patient_id: str) -> RiskFactors | None:
    try:
        return get_blend().patient_risk_factors(patient_id=patient_id)
    except BlendError:
        return None  # the record still shows; the panel says the list is unavailable


@audited("patient.view", target_type="patient", target_id_arg="patient_id")
def patient_record(*, actor: Actor, patient_id: str) -> PatientRecord:
    """The patient, their latest orders and risk factors, read concurrently (one round trip)."""
    blend = get_blend()
    found = fetch_concurrently(
        patient=lambda: blend.patient_get(patient_id=patient_id),
        orders=lambda: blend.patient_orders(patient_id=patient_id, page=1, page_size=10),
        risk_factors=lambda: _risk_factors(patient_id),
    )
    return PatientRecord(**found)
