"""Electronic prescriptions, their medications, NCPDP quantity units and composite-creation results.

An e-prescription's medications come under three names across doc builds: `medication` (one object,
legacy), `medications` (create response) and `prescriptions` (newest details page); all land in
`medications`. Medication times are naive in Blend's JSON and read as UTC.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field, model_validator

from apps.blend.models.base import BlendModel
from apps.blend.models.catalog import UtcDatetime


class QuantityUnit(BlendModel):
    code: str = ""
    term: str = ""
    definition: str | None = None
    type: str | None = None
    type_code: str | None = None


class Medication(BlendModel):
    """One prescribed item of an e-prescription (Blend calls it a prescription)."""

    id: str | None = None
    electronic_prescription_id: str | None = None
    patient_id: str | None = None
    prescriber_id: str | None = None
    prescription_product_id: str | None = None
    drug_name: str | None = None
    name: str | None = None
    description: str | None = None
    strength: str | None = None
    product_code: str | None = None
    product_code_type: str | None = None
    quantity: float | None = None
    units: str | None = None
    days_supply: int | None = None
    refills: int | None = None
    fills_remaining: int | None = None
    sig: str | None = None
    directions: str | None = None
    notes: str | None = None
    serial_number: str | None = None
    status: str | None = None
    substitution_allowed: bool | None = None
    written_at: UtcDatetime | None = None
    expires_at: UtcDatetime | None = None

    @property
    def label(self) -> str:
        return self.name or self.drug_name or self.product_code or ""


class PrescriptionPatient(BlendModel):
    """The patient block as imported with the e-prescription (not the Blend patient record)."""

    patientid: str | None = None
    first_name: str | None = None
    middle_name: str | None = None
    last_name: str | None = None
    date_of_birth: str | None = None
    gender: str | None = None


class ElectronicPrescription(BlendModel):
    id: str = ""
    created_at: UtcDatetime | None = None
    updated_at: UtcDatetime | None = None
    customer_id: str | None = None
    patient_id: str | None = None
    prescriber_id: str | None = None
    source: str | None = None
    type: str | None = None
    reference_number: str | None = None
    patient: PrescriptionPatient | None = None
    medications: list[Medication] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _one_list_of_medications(cls, data: Any) -> Any:
        if not isinstance(data, dict) or data.get("medications"):
            return data
        data = dict(data)
        if isinstance(data.get("prescriptions"), list):
            data["medications"] = data["prescriptions"]
        elif isinstance(data.get("medication"), dict):
            data["medications"] = [data["medication"]]
        return data


class CompositeEntity(BlendModel):
    id: str = ""
    created: bool = False


class CompositeSummary(BlendModel):
    entities_created: int = 0
    entities_referenced: int = 0


class CompositeResult(BlendModel):
    """What composite creation made (`created: true`) or referenced, per entity sent."""

    patient: CompositeEntity | None = None
    prescriber: CompositeEntity | None = None
    electronic_prescription: CompositeEntity | None = None
    order: CompositeEntity | None = None
    summary: CompositeSummary = Field(default_factory=CompositeSummary)
