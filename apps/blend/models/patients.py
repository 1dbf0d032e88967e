"""Patients, guardian relationship types and risk factors (allergies, conditions, medications).

Sensitive fields (SSN, date of birth, driver licence) are left out of `repr()` so a logged model
never carries them; templates show `ssn_masked` / `driver_license_masked`.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import Field, model_validator

from apps.blend.models.base import BlendModel
from apps.blend.models.orders import Address
from apps.core.people import age_on, mask_last4, mask_ssn


class Patient(BlendModel):
    id: str = ""
    created_at: datetime | None = None
    updated_at: datetime | None = None
    first_name: str = ""
    middle_name: str | None = None
    last_name: str = ""
    gender: str | None = None
    email: str | None = None
    phone: str | None = None
    date_of_birth: str | None = Field(default=None, repr=False)
    driver_license_number: str | None = Field(default=None, repr=False)
    driver_license_state: str | None = None
    ssn: str | None = Field(default=None, repr=False)
    primary_language: str | None = None
    guardian_name: str | None = None
    guardian_phone: str | None = None
    guardian_email: str | None = None
    guardian_relationship: str | None = None
    height_inches: float | None = None
    weight_pounds: float | None = None
    external_id: str | None = None
    is_smoker: bool | None = None
    is_diabetic: bool | None = None
    is_pregnant: bool | None = None
    receive_sms: bool | None = None
    receive_email: bool | None = None
    address: Address | None = None
    is_minor: bool | None = None
    rank: float | None = None  # on search results
    result_type: str | None = None  # on search-all results

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.first_name, self.middle_name, self.last_name) if p)

    @property
    def birth_date(self) -> date | None:
        try:
            return date.fromisoformat(self.date_of_birth or "")
        except ValueError:
            return None

    @property
    def age(self) -> int | None:
        born = self.birth_date
        if born is None:
            return None
        return age_on(born, date.today())

    @property
    def ssn_masked(self) -> str:
        """`•••-••-6789`, or "" when Blend has no SSN."""
        return mask_ssn(self.ssn)

    @property
    def driver_license_masked(self) -> str:
        """The licence number's last 4 characters behind dots, or ""."""
        return mask_last4(self.driver_license_number)


class GuardianRelationshipType(BlendModel):
    code: str = ""
    name: str = ""


class MedicationDetail(BlendModel):
    brand_name: str | None = None
    clinical_product_rxcui: str | None = None
    ingredient_name: str | None = None
    ingredient_rxcui: str | None = None
    name: str | None = None
    normalization_key: str | None = None
    product_rxcui: str | None = None
    scdf_name: str | None = None
    scdf_rxcui: str | None = None
    scdg_name: str | None = None
    scdg_rxcui: str | None = None


class RiskFactor(BlendModel):
    """A risk factor mapped to a patient: an allergy, a condition or a medication match."""

    id: str = ""
    created_at: datetime | None = None
    updated_at: datetime | None = None
    type: str | None = None
    name: str = ""
    original_name: str | None = None
    risk_factor_id: str | None = None
    confidence: float | None = None
    is_active: bool = True
    match_source: str | None = None
    match_type: str | None = None
    matched: bool = False
    matched_via_synonym: bool = False
    patient_id: str | None = None
    risk_factor_text_id: str | None = None
    text_chunk: str | None = None
    medication_detail: MedicationDetail | None = None

    @property
    def display_name(self) -> str:
        detail_name = self.medication_detail.name if self.medication_detail else None
        return self.name or detail_name or self.original_name or self.text_chunk or ""

    @property
    def needs_confirmation(self) -> bool:
        return self.is_active and not self.matched


class RiskFactors(BlendModel):
    """A patient's risk factors, grouped as Blend sends them."""

    allergies: list[RiskFactor] = Field(default_factory=list)
    conditions: list[RiskFactor] = Field(default_factory=list)
    medications: list[RiskFactor] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _types(cls, data: Any) -> Any:
        """Blend's allergy/condition items carry `type`; medication matches do not: add it."""
        if not isinstance(data, dict):
            return data
        data = dict(data)
        for key, kind in (
            ("allergies", "allergy"),
            ("conditions", "condition"),
            ("medications", "medication"),
        ):
            items = data.get(key)
            if items is None:
                data[key] = []
            elif isinstance(items, list):
                data[key] = [{"type": kind, **i} if isinstance(i, dict) else i for i in items]
        return data

    @property
    def all(self) -> list[RiskFactor]:
        return [*self.allergies, *self.conditions, *self.medications]

    @property
    def active(self) -> list[RiskFactor]:
        return [rf for rf in self.all if rf.is_active]


class RiskFactorText(BlendModel):
    """Free-form risk-factor text, queued for Blend's matcher."""

    id: str = ""
    text: str = ""
    status: str = ""
