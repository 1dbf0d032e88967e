"""Electronic prescriptions, NCPDP quantity units and composite creation."""

from __future__ import annotations

from typing import Any

from apps.blend.api.base import APIBase
from apps.blend.models.prescriptions import CompositeResult, ElectronicPrescription, QuantityUnit

EPRESCRIPTIONS = "/prescriptions/electronic_prescriptions"


class PrescriptionsAPI(APIBase):
    def eprescription_create(self, *, eprescription: dict[str, Any]) -> ElectronicPrescription:
        """`eprescription` = `{medications: [...], patient: {...}, prescriber: {id}, order: {id}}`."""
        return self._one(ElectronicPrescription, "POST", EPRESCRIPTIONS, json=eprescription)

    def eprescription_create_xml(self, *, xml: bytes) -> ElectronicPrescription:
        """An NCPDP SCRIPT NewRx document, sent to Blend as it is."""
        return self._one(
            ElectronicPrescription, "POST", EPRESCRIPTIONS, content=xml, content_type="application/xml"
        )

    def eprescription_get(self, *, eprescription_id: str) -> ElectronicPrescription:
        return self._one(
            ElectronicPrescription,
            "GET",
            EPRESCRIPTIONS + "/{eprescription_id}",
            path={"eprescription_id": eprescription_id},
        )

    def quantity_units(self) -> list[QuantityUnit]:
        return self._reference(
            "quantity_units", lambda: self._many(QuantityUnit, "GET", "/prescriptions/quantity_units")
        )

    def composite_create(
        self,
        *,
        patient: dict[str, Any] | None = None,
        prescriber: dict[str, Any] | None = None,
        electronic_prescription: dict[str, Any] | None = None,
        order: dict[str, Any] | None = None,
        force_new: bool = False,
    ) -> CompositeResult:
        """Create (or reference) any of the four entities in one all-or-nothing request."""
        parts = {
            "patient": patient,
            "prescriber": prescriber,
            "electronic_prescription": electronic_prescription,
            "order": order,
        }
        body = {key: value for key, value in parts.items() if value is not None}
        params = {"force_new": True if force_new else None}
        return self._one(CompositeResult, "POST", EPRESCRIPTIONS + "/composite", json=body, params=params)
