"""The steps of a new order: each step's forms bound to what the draft holds, their validation, and
Blend's refusal put back at the step and field it belongs to.

A draft keeps each step as the browser posted it (`{field: [values]}`), valid or not, so Back and a
reload show exactly what was typed; the forms re-validate it whenever a step or the review is shown.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.http import QueryDict

from apps.blend.models.catalog import KIND_HEADINGS, ProductCatalog
from apps.blend.models.orders import OrderSummary, ShippingOption
from apps.blend.models.patients import GuardianRelationshipType, Patient
from apps.blend.models.prescribers import Credential, Prescriber
from apps.blend.models.prescriptions import QuantityUnit
from apps.neworders import wording
from apps.neworders.forms import (
    MedicationFormSet,
    NewPatientForm,
    NewPrescriberForm,
    PatientStepForm,
    PrescriberStepForm,
    ProductFormSet,
    ReviewForm,
    ShippingForm,
)
from apps.patients import rules as patients_rules
from apps.prescribers import rules as prescribers_rules

STEPS = ("patient", "prescriber", "medications", "products", "shipping", "review")
FORM_STEPS = STEPS[:-1]
KEPT_OUT = frozenset({"csrfmiddlewaretoken", "token", "nav"})  # never stored in a draft


@dataclass
class Reference:
    """What Blend knows that the steps need, read for the step shown. Blend's inferred lists
    (relationships, credentials, shipping options) are None when they could not be read: the step
    says so and keeps what the draft chose."""

    relationships: list[GuardianRelationshipType] | None = field(default_factory=list)
    credentials: list[Credential] | None = field(default_factory=list)
    catalog: ProductCatalog | None = None
    units: list[QuantityUnit] = field(default_factory=list)
    shipping_options: list[ShippingOption] | None = field(default_factory=list)
    patient: Patient | None = None  # the existing patient chosen
    patient_missing: bool = False  # chosen, but Blend has no such patient
    prescriber: Prescriber | None = None
    prescriber_missing: bool = False
    open_order: OrderSummary | None = None  # the chosen patient's open order Blend would merge into


def posted(data: QueryDict) -> dict[str, list[str]]:
    """A step's POST as a draft keeps it (no CSRF or one-time token, no button)."""
    return {key: data.getlist(key) for key in data if key not in KEPT_OUT}


def as_query(raw: Mapping[str, list[str]] | None) -> QueryDict:
    query = QueryDict(mutable=True)
    for key, values in (raw or {}).items():
        query.setlist(key, [str(v) for v in values])
    return query


def first(raw: Mapping[str, list[str]] | None, key: str) -> str:
    values = (raw or {}).get(key) or [""]
    return values[0]


def patient_mode(draft: Mapping[str, Any]) -> str:
    return first(draft.get("patient"), "mode")


def prescriber_mode(draft: Mapping[str, Any]) -> str:
    return first(draft.get("prescriber"), "mode")


def chosen_patient_id(draft: Mapping[str, Any]) -> str:
    return first(draft.get("patient"), "patient_id") if patient_mode(draft) == "existing" else ""


def chosen_prescriber_id(draft: Mapping[str, Any]) -> str:
    return first(draft.get("prescriber"), "prescriber_id") if prescriber_mode(draft) == "existing" else ""


def with_one_more_line(raw: dict[str, list[str]], prefix: str) -> dict[str, list[str]]:
    """A formset's posted data with room for one more line (the "Add" button)."""
    total = f"{prefix}-TOTAL_FORMS"
    try:
        count = int(first(raw, total) or 0)
    except ValueError:
        count = 0
    return {**raw, total: [str(min(count + 1, 10))], f"{prefix}-INITIAL_FORMS": ["0"]}


# --- the bound forms of one step -------------------------------------------------------------------


@dataclass
class StepForms:
    """The forms of one step, bound to the draft (or to a POST), and how they validate together."""

    step: str
    main: forms.Form | None = None
    new: forms.Form | None = None  # a new patient or prescriber
    lines: forms.BaseFormSet | None = None

    def is_valid(self) -> bool:
        valid = True
        if self.main is not None:
            valid = self.main.is_valid()
            mode = self.main.cleaned_data.get("mode") if valid else None
            if mode == "new" and self.new is not None:
                valid = self.new.is_valid() and valid
        if self.lines is not None:
            valid = self.lines.is_valid() and valid
        return valid

    def add_blend_errors(self, errors: Mapping[str, Mapping[str, list[str]]]) -> None:
        """Blend's refusal for this step: `{part: {field: [messages]}}`, part `main`, `new` or the
        formset's `form-<i>`."""
        for part, fields in errors.items():
            form = self._part(part)
            for name, messages in fields.items():
                for message in messages:
                    if form is not None and name in form.fields:
                        form.add_error(name, message)
                    elif form is not None:
                        form.add_error(None, message)
                    elif self.main is not None:
                        self.main.add_error(None, message)
                    elif self.lines is not None:
                        self.lines.non_form_errors().append(message)

    def _part(self, part: str) -> forms.Form | None:
        if part == "main":
            return self.main
        if part == "new":
            return self.new
        if self.lines is not None and (m := re.fullmatch(r"form-(\d+)", part)):
            index = int(m.group(1))
            return self.lines.forms[index] if index < len(self.lines.forms) else None
        return self.main


def _product_groups(catalog: ProductCatalog | None) -> list[tuple[tuple[str, str], list[Any]]]:
    if catalog is None:
        return []
    return [
        ((kind, KIND_HEADINGS[kind]), sorted((p for p in products if p.is_active is not False), key=_by_name))
        for kind, products in catalog.by_kind()
        if kind != "prescription"
    ]


def _by_name(product: Any) -> str:
    return (product.name or "").lower()


def bind(
    step: str,
    draft: Mapping[str, Any],
    ref: Reference,
    *,
    user: Any,
    data: Mapping[str, list[str]] | None = None,
) -> StepForms:
    """The step's forms bound to `data` (a POST) or else to what the draft holds for it; unbound
    (blank) when neither has anything."""
    raw = data if data is not None else draft.get(step)
    query = as_query(raw) if raw is not None else None
    if step == "patient":
        return StepForms(
            step,
            main=PatientStepForm(query, may_create=user.has_perm(patients_rules.EDIT)),
            new=NewPatientForm(query, relationships=ref.relationships),
        )
    if step == "prescriber":
        return StepForms(
            step,
            main=PrescriberStepForm(query, may_create=user.has_perm(prescribers_rules.EDIT)),
            new=NewPrescriberForm(query, credentials=ref.credentials),
        )
    if step == "medications":
        products = ref.catalog.prescription if ref.catalog else []
        products = sorted((p for p in products if p.is_active is not False), key=_by_name)
        kwargs = {
            "products": products,
            "units": ref.units,
            "prescribed_here": prescriber_mode(draft) != "on_file",
        }
        return StepForms(step, lines=MedicationFormSet(query, prefix="medications", form_kwargs=kwargs))
    if step == "products":
        kwargs = {"groups": _product_groups(ref.catalog)}
        return StepForms(step, lines=ProductFormSet(query, prefix="products", form_kwargs=kwargs))
    if step == "shipping":
        return StepForms(
            step,
            main=ShippingForm(
                query,
                levels=service_levels(ref.shipping_options)
                if ref.shipping_options is not None
                else kept_level(first(raw, "service_level")),
                levels_unread=ref.shipping_options is None,
                patient_address=patient_address(draft, ref),
            ),
        )
    raise ValueError(f"No form step {step!r}")


def kept_level(code: str) -> list[tuple[str, Any]]:
    """The service level the draft chose, kept as it is while Blend's options cannot be read."""
    return [(wording.SHIPPING_KEPT, [(code, code)])] if code else []


def service_levels(options: list[ShippingOption]) -> list[tuple[str, Any]]:
    groups: list[tuple[str, Any]] = []
    for option in options:
        label = option.name or option.carrier or "Any carrier"
        groups.append((label, [(level.code, level.name or level.code) for level in option.service_levels]))
    return groups


def patient_address(draft: Mapping[str, Any], ref: Reference) -> str:
    """The address the order ships to by default: the chosen patient's, or the new patient's."""
    if patient_mode(draft) == "existing":
        address = ref.patient.address if ref.patient else None
        return address.one_line if address and address.address_1 else ""
    raw = draft.get("patient") or {}
    parts = [first(raw, f"new-{name}") for name in ("address_1", "address_2", "city", "state", "zip_code")]
    if not (parts[0] and parts[2] and parts[3] and parts[4]):
        return ""
    street = ", ".join(p for p in parts[:2] if p)
    return f"{street}, {parts[2]}, {parts[3]} {parts[4]}"


def existing_record_errors(
    draft: Mapping[str, Any], ref: Reference
) -> dict[str, dict[str, dict[str, list[str]]]]:
    """A chosen patient or prescriber Blend no longer has, as errors at the step's field."""
    errors: dict[str, dict[str, dict[str, list[str]]]] = {}
    if chosen_patient_id(draft) and ref.patient_missing:
        errors["patient"] = {"main": {"patient_id": [wording.PATIENT_GONE]}}
    if chosen_prescriber_id(draft) and ref.prescriber_missing:
        errors["prescriber"] = {"main": {"prescriber_id": [wording.PRESCRIBER_GONE]}}
    return errors


def review_form(draft: Mapping[str, Any], data: QueryDict | None = None) -> ReviewForm:
    return ReviewForm(data, merge_applies=patient_mode(draft) == "existing")


# --- Blend's refusal, put back where it belongs -----------------------------------------------------

_MEDICATION_FIELDS = {
    "sig": "directions",
    "prescription_product_id": "product",
    "product_code": "product",
    "drug_name": "product",
    "id": "product",
    "sku": "product",
}
_INDEXED = re.compile(r"^(?P<head>[a-z_.]+)\[(?P<index>\d+)\](?:\.(?P<rest>.+))?$")


def _leaf(name: str) -> str:
    return name.rsplit(".", 1)[-1]


def place_blend_errors(
    fields: Mapping[str, list[str]], lines: Mapping[str, list[int]]
) -> dict[str, dict[str, dict[str, list[str]]]]:
    """Blend's 422 `fields` (composite names like `patient.address.zip_code`,
    `electronic_prescription.medications[0].quantity`, `order.products.non_prescription[1].id`; or
    the plain order's `patient_id`, `products...`, `address.zip_code`) as `{step: {part: {field:
    [messages]}}}`. `lines`: for each product kind, the formset index each sent line came from."""
    placed: dict[str, dict[str, dict[str, list[str]]]] = {}

    def put(step: str, part: str, name: str, messages: list[str]) -> None:
        placed.setdefault(step, {}).setdefault(part, {}).setdefault(name, []).extend(messages)

    for name, messages in fields.items():
        messages = [str(m) for m in (messages if isinstance(messages, list) else [messages])]
        plain = name.removeprefix("order.")
        if name in ("patient.id", "patient.external_id", "patient_id") or plain == "patient_id":
            put("patient", "main", "patient_id", messages)
        elif name.startswith("patient.") or name == "patient":
            put("patient", "new", _leaf(name), messages)
        elif name in ("prescriber.id", "prescriber"):
            put("prescriber", "main", "prescriber_id", messages)
        elif name.startswith("prescriber."):
            put("prescriber", "new", _leaf(name), messages)
        elif name.startswith("electronic_prescription.medications"):
            found = _INDEXED.match(name.removeprefix("electronic_prescription."))
            if found:
                leaf = _leaf(found["rest"] or "product")
                put("medications", f"form-{found['index']}", _MEDICATION_FIELDS.get(leaf, leaf), messages)
            else:
                put("medications", "main", "", messages)
        elif plain.startswith("products."):
            found = _INDEXED.match(plain.removeprefix("products."))
            if not found:
                put(
                    "medications" if plain.split(".")[-1] == "prescription" else "products",
                    "main",
                    "",
                    messages,
                )
                continue
            kind, index = found["head"], int(found["index"])
            step = "medications" if kind == "prescription" else "products"
            origin = lines.get(kind, [])
            at = origin[index] if index < len(origin) else index
            leaf = _leaf(found["rest"] or "product")
            put(step, f"form-{at}", _MEDICATION_FIELDS.get(leaf, leaf), messages)
        elif plain == "products":
            put("medications", "main", "", messages)
        elif plain.startswith("address") or plain.startswith("shipping") or plain == "external_id":
            leaf = _leaf(plain)
            target = "service_level" if plain.startswith("shipping") else leaf
            put("shipping", "main", target, messages)
        else:
            put("review", "main", name, messages)
    return placed
