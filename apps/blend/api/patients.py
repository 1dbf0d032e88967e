"""Patients, guardian relationship types, a patient's orders and risk factors."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from apps.blend.api.base import APIBase
from apps.blend.models.orders import Order
from apps.blend.models.patients import (
    GuardianRelationshipType,
    Patient,
    RiskFactor,
    RiskFactors,
    RiskFactorText,
)
from apps.blend.pagination import Page

PATIENT = "/patients/{patient_id}"
RISK_FACTOR = PATIENT + "/risk_factors/{risk_factor_id}"


class PatientsAPI(APIBase):
    def patient_list(self, *, page: int = 1, page_size: int = 25) -> Page[Patient]:
        return self._page(Patient, "/patients", page=page, page_size=page_size)

    def patient_create(self, *, patient: dict[str, Any]) -> Patient:
        return self._one(Patient, "POST", "/patients", json=patient)

    def patient_get(self, *, patient_id: str) -> Patient:
        """By Blend id (Blend documents external ids in paths for orders only)."""
        return self._one(Patient, "GET", PATIENT, path={"patient_id": patient_id})

    def patient_update(self, *, patient_id: str, changes: dict[str, Any]) -> Patient:
        """Partial: send only the fields that change."""
        return self._one(Patient, "PUT", PATIENT, path={"patient_id": patient_id}, json=changes)

    def guardian_relationship_types(self) -> list[GuardianRelationshipType]:
        return self._reference(
            "guardian_relationship_types",
            lambda: self._many(GuardianRelationshipType, "GET", "/patients/guardian_relationship_types"),
        )

    def patient_orders(self, *, patient_id: str, page: int = 1, page_size: int = 25) -> Page[Order]:
        return self._page(
            Order, PATIENT + "/orders", page=page, page_size=page_size, path={"patient_id": patient_id}
        )

    def patient_risk_factors(self, *, patient_id: str, type: str | None = None) -> RiskFactors:
        """All of a patient's risk factors, or one `type` (allergy, condition, medication)."""
        return self._one(
            RiskFactors,
            "GET",
            PATIENT + "/risk_factors",
            path={"patient_id": patient_id},
            params={"type": type},
        )

    def patient_risk_factors_create(
        self, *, patient_id: str, risk_factors: Sequence[dict[str, Any]]
    ) -> RiskFactors:
        return self._one(
            RiskFactors,
            "POST",
            PATIENT + "/risk_factors",
            path={"patient_id": patient_id},
            json=list(risk_factors),
        )

    def patient_risk_factor_create(self, *, patient_id: str, risk_factor: dict[str, Any]) -> RiskFactor:
        return self._one(
            RiskFactor, "POST", PATIENT + "/risk_factor", path={"patient_id": patient_id}, json=risk_factor
        )

    def patient_risk_factor_confirm(self, *, patient_id: str, risk_factor_id: str) -> RiskFactor:
        path = {"patient_id": patient_id, "risk_factor_id": risk_factor_id}
        return self._one(RiskFactor, "PATCH", RISK_FACTOR, path=path)

    def patient_risk_factor_deactivate(self, *, patient_id: str, risk_factor_id: str) -> RiskFactor:
        path = {"patient_id": patient_id, "risk_factor_id": risk_factor_id}
        return self._one(RiskFactor, "DELETE", RISK_FACTOR, path=path)

    def patient_risk_factor_text_add(self, *, patient_id: str, text: str) -> RiskFactorText:
        """Free text ("penicillin; asthma"); Blend matches it to risk factors a little later."""
        return self._one(
            RiskFactorText,
            "POST",
            PATIENT + "/risk_factors/text",
            path={"patient_id": patient_id},
            json={"text": text},
        )
