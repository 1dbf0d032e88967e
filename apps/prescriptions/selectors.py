"""The e-prescription page: the prescription, then (together) its patient, its prescriber and the
patient's orders that name it. Audited: it shows patient data."""

from __future__ import annotations

from dataclasses import dataclass

from apps.audit.actor import Actor
from apps.audit.services import audited
from apps.blend.concurrency import fetch_concurrently, optional
from apps.blend.models.orders import Order
from apps.blend.models.patients import Patient
from apps.blend.models.prescribers import Prescriber
from apps.blend.models.prescriptions import ElectronicPrescription
from apps.blend.runtime import get_blend

ORDERS_READ = 100  # the patient's most recent orders searched for this prescription


@dataclass(frozen=True)
class PrescriptionPage:
    prescription: ElectronicPrescription
    patient: Patient | None  # None: not matched yet, or Blend could not say
    prescriber: Prescriber | None
    orders: list[Order] | None  # None: could not be read


@audited("eprescription.view", target_type="eprescription", target_id_arg="eprescription_id")
def prescription_page_data(*, actor: Actor, eprescription_id: str) -> PrescriptionPage:
    blend = get_blend()
    erx = blend.eprescription_get(eprescription_id=eprescription_id)
    patient_id, prescriber_id = erx.patient_id or "", erx.prescriber_id or ""
    found = fetch_concurrently(
        patient=optional(lambda: blend.patient_get(patient_id=patient_id) if patient_id else None),
        prescriber=optional(
            lambda: blend.prescriber_get(prescriber_id=prescriber_id) if prescriber_id else None
        ),
        orders=optional(
            lambda: (
                blend.patient_orders(patient_id=patient_id, page_size=ORDERS_READ).items if patient_id else []
            )
        ),
    )
    orders = found["orders"]
    if orders is not None:
        orders = [o for o in orders if erx.id.upper() in {i.upper() for i in o.electronic_prescription_ids}]
    return PrescriptionPage(erx, found["patient"], found["prescriber"], orders)
