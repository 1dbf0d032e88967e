"""What a finished draft sends to Blend, built once and shown on the review exactly as it is sent.

Blend has two ways to make an order (docs: composite creation; create an order):
- anything new (a new patient, a new prescriber, or the e-prescription typed in from paper) goes in
  ONE composite call, `POST /prescriptions/electronic_prescriptions/composite`, which creates all
  of it or nothing;
- a patient Blend knows and a prescription already at Blend (sent electronically) need only the
  plain `POST /orders`, and Blend matches the prescription lines to it.
Either call merges into the patient's open order unless `force_new` is sent (the review asks).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from apps.neworders.steps import FORM_STEPS, Reference, StepForms, bind, existing_record_errors

COMPOSITE_PATH = "/prescriptions/electronic_prescriptions/composite"
ORDER_PATH = "/orders"


@dataclass(frozen=True)
class Line:
    """One line as the review lists it."""

    kind: str
    name: str
    quantity: int
    detail: str = ""


@dataclass
class Plan:
    composite: bool
    body: dict[str, Any]
    lines_from: dict[str, list[int]]  # product kind -> the formset index each sent line came from
    patient_label: str
    patient_new: bool
    prescriber_label: str
    prescriber_new: bool
    prescription_new: bool
    lines: list[Line] = field(default_factory=list)
    ship_to: str = ""
    shipping_label: str = ""
    external_id: str = ""

    @property
    def path(self) -> str:
        return COMPOSITE_PATH if self.composite else ORDER_PATH

    def request_line(self, *, force_new: bool | None) -> str:
        query = "?force_new=true" if force_new else ""
        return f"POST {self.path}{query}"

    @property
    def body_json(self) -> str:
        return json.dumps(self.body, indent=2, sort_keys=False)

    @property
    def patient_id(self) -> str:
        if self.composite:
            return str((self.body.get("patient") or {}).get("id") or "")
        return str(self.body.get("patient_id") or "")


@dataclass(frozen=True)
class Incomplete:
    """The first step that does not validate (the review sends the user back to it)."""

    step: str


def _patient_part(forms: StepForms, ref: Reference) -> tuple[dict[str, Any], str, bool]:
    main = forms.main.cleaned_data  # type: ignore[union-attr]
    if main["mode"] == "existing":
        name = ref.patient.full_name if ref.patient else main["patient_id"]
        return {"id": ref.patient.id if ref.patient else main["patient_id"]}, name, False
    new = forms.new  # NewPatientForm
    return new.fields_for_blend(), new.name, True  # type: ignore[union-attr]


def _prescriber_part(forms: StepForms, ref: Reference) -> tuple[dict[str, Any] | None, str, bool]:
    main = forms.main.cleaned_data  # type: ignore[union-attr]
    if main["mode"] == "existing":
        name = ref.prescriber.display_name if ref.prescriber else main["prescriber_id"]
        return {"id": ref.prescriber.id if ref.prescriber else main["prescriber_id"]}, name, False
    if main["mode"] == "new":
        new = forms.new.cleaned_data  # type: ignore[union-attr]
        name = " ".join(p for p in (new["first_name"], new["last_name"]) if p)
        return forms.new.for_blend(), f"{name} (NPI {new['npi']})", True  # type: ignore[union-attr]
    return None, "", False


def build_plan(draft: Mapping[str, Any], ref: Reference, *, user: Any) -> Plan | Incomplete:
    """The request for `draft`, or the first step that needs the user first."""
    bound = {step: bind(step, draft, ref, user=user) for step in FORM_STEPS}
    gone = existing_record_errors(draft, ref)
    for step in FORM_STEPS:
        if not bound[step].is_valid() or step in gone:
            return Incomplete(step)
    patient, patient_label, patient_new = _patient_part(bound["patient"], ref)
    prescriber, prescriber_label, prescriber_new = _prescriber_part(bound["prescriber"], ref)
    prescribed_here = prescriber is not None

    units = {u.code: u.term or u.code for u in ref.units}
    products: dict[str, list[dict[str, Any]]] = {
        "prescription": [],
        "non_prescription": [],
        "order_material": [],
    }
    lines_from: dict[str, list[int]] = {kind: [] for kind in products}
    medications, lines = [], []
    medication_forms = bound["medications"].lines
    for index, form in enumerate(medication_forms.forms):  # type: ignore[union-attr]
        data = form.cleaned_data
        if not data or data.get("DELETE"):
            continue
        products["prescription"].append({"id": data["product"], "quantity": data["quantity"]})
        lines_from["prescription"].append(index)
        detail = ""
        if prescribed_here:
            medications.append(
                {
                    "prescription_product_id": data["product"],
                    "quantity": data["quantity"],
                    "units": data["units"],
                    "days_supply": data["days_supply"],
                    "refills": data["refills"],
                    "sig": data["directions"],
                    "substitution_allowed": data["substitution_allowed"],
                }
            )
            refills, unit = data["refills"], units.get(data["units"], data["units"])
            detail = (
                f"{data['quantity']} {unit}, {data['days_supply']} days' supply, "
                f"{refills} refill{'s' if refills != 1 else ''}, "
                f"{'substitution allowed' if data['substitution_allowed'] else 'no substitution'}: "
                f"“{data['directions']}”"
            )
        lines.append(Line("prescription", form.product_name, data["quantity"], detail))
    for index, form in enumerate(bound["products"].lines.forms):  # type: ignore[union-attr]
        data = form.cleaned_data
        if not data or data.get("DELETE"):
            continue
        kind, _, product_id = data["product"].partition(":")
        products[kind].append({"id": product_id, "quantity": data["quantity"]})
        lines_from[kind].append(index)
        lines.append(Line(kind, form.names.get(data["product"], product_id), data["quantity"]))

    shipping = bound["shipping"].main
    order: dict[str, Any] = {"products": products}
    if (address := shipping.address()) is not None:  # type: ignore[union-attr]
        order["address"] = address
    level = shipping.cleaned_data["service_level"]  # type: ignore[union-attr]
    if level:
        order["shipping"] = {"service_level": level}
    external_id = shipping.cleaned_data["external_id"]  # type: ignore[union-attr]
    if external_id:
        order["external_id"] = external_id
    level_names = {
        code: f"{group} · {name}"
        for group, levels in shipping.fields["service_level"].choices[1:]
        for code, name in levels
    }  # type: ignore[union-attr]

    composite = patient_new or prescriber_new or prescribed_here
    if composite:
        body: dict[str, Any] = {"patient": patient}
        if prescriber is not None:
            body["prescriber"] = prescriber
        if medications:
            body["electronic_prescription"] = {"medications": medications}
        body["order"] = order
    else:
        body = {"patient_id": patient["id"], **order}
    return Plan(
        composite=composite,
        body=body,
        lines_from=lines_from,
        patient_label=patient_label,
        patient_new=patient_new,
        prescriber_label=prescriber_label,
        prescriber_new=prescriber_new,
        prescription_new=bool(medications),
        lines=lines,
        ship_to=(
            address
            and ", ".join(
                p
                for p in (
                    address["address_1"],
                    address["address_2"],
                    address["city"],
                    f"{address['state']} {address['zip_code']}",
                )
                if p
            )
        )
        or shipping.patient_address,  # type: ignore[union-attr]
        shipping_label=level_names.get(level, "Account default"),
        external_id=external_id,
    )
