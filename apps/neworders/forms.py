"""The forms of the new-order steps. Each step validates its own fields; the new patient and the new
prescriber are the patients' and prescribers' own forms (their rules, their messages), without the
one-time token (only the review sends anything) and, for a patient, without the SSN and driver
licence (a draft is kept for days: those numbers are added on the patient's page, never stored here)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from django import forms
from django.forms import formset_factory

from apps.blend.models.catalog import Product
from apps.blend.models.patients import GuardianRelationshipType
from apps.blend.models.prescribers import Credential
from apps.blend.models.prescriptions import QuantityUnit
from apps.core.forms import StateSelect, WriteForm
from apps.core.query import SearchField
from apps.core.us_states import state_choices
from apps.neworders import wording
from apps.patients.forms import PatientForm
from apps.prescribers.forms import PrescriberForm

MAX_LINES = 10
MAX_QUANTITY = 9999
PATIENT_MODES = [("existing", "A patient Blend knows"), ("new", "A new patient")]
PRESCRIBER_MODES = [
    ("existing", "A prescriber Blend knows"),
    ("new", "A new prescriber (by NPI)"),
    ("on_file", "None: the prescription is already at Blend (sent electronically)"),
]
MERGE_CHOICES = [
    ("merge", "Add the items to the patient's open order, if there is one (Blend's default)"),
    ("new", "Always make a new order (force new)"),
]
BLEND_ID = r"[A-Za-z0-9_-]{1,64}"


class TypeaheadForm(forms.Form):
    """What a type-ahead searches for (the `q` typed, spaces folded)."""

    q = SearchField()

    @classmethod
    def term(cls, data: Any) -> str:
        form = cls(data)
        return form.cleaned_data["q"] if form.is_valid() else ""


class PatientStepForm(forms.Form):
    mode = forms.ChoiceField(
        label="Who is the order for?", choices=PATIENT_MODES, widget=forms.RadioSelect, initial="existing"
    )
    q = forms.CharField(label="Find the patient", required=False, max_length=200)
    patient_id = forms.RegexField(regex=BLEND_ID, required=False)

    def __init__(self, *args: Any, may_create: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not may_create:
            self.fields["mode"].choices = PATIENT_MODES[:1]
        self.fields["q"].widget.attrs.update(type="search", autocomplete="off")
        self.fields["q"].help_text = "Name, date of birth, phone or email; choose the patient below."

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("mode") == "existing" and not data.get("patient_id"):
            self.add_error("patient_id", wording.CHOOSE_PATIENT)
        return data


class NewPatientForm(PatientForm):
    """A new patient by the patients area's rules, kept in a draft: no token, no SSN or licence."""

    NOT_KEPT = ("token", "ssn", "driver_license_number", "driver_license_state")

    def __init__(
        self, *args: Any, relationships: Sequence[GuardianRelationshipType] | None = (), **kwargs: Any
    ):
        super().__init__(*args, relationships=relationships)
        for name in self.NOT_KEPT:
            del self.fields[name]
        self.prefix = "new"
        chosen = self.data.get("new-guardian_relationship") if self.is_bound else ""
        field = self.fields["guardian_relationship"]
        if relationships is None:
            field.help_text = wording.RELATIONSHIPS_UNREAD
            if chosen and chosen not in dict(field.choices):
                field.choices = [*field.choices, (chosen, chosen)]  # kept while Blend's list cannot be read

    def fields_for_blend(self) -> dict[str, Any]:
        for name in self.NOT_KEPT:
            self.cleaned_data.setdefault(name, "")
        return super().fields_for_blend()


class PrescriberStepForm(forms.Form):
    mode = forms.ChoiceField(
        label="Who prescribed it?", choices=PRESCRIBER_MODES, widget=forms.RadioSelect, initial="existing"
    )
    q = forms.CharField(label="Find the prescriber", required=False, max_length=200)
    prescriber_id = forms.RegexField(regex=BLEND_ID, required=False)

    def __init__(self, *args: Any, may_create: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not may_create:
            self.fields["mode"].choices = [c for c in PRESCRIBER_MODES if c[0] != "new"]
        self.fields["q"].widget.attrs.update(type="search", autocomplete="off")
        self.fields["q"].help_text = "Name, NPI, phone or email; choose the prescriber below."

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("mode") == "existing" and not data.get("prescriber_id"):
            self.add_error("prescriber_id", wording.CHOOSE_PRESCRIBER)
        return data


class NewPrescriberForm(PrescriberForm):
    """A new prescriber by the prescribers area's rules (the NPI check digit), without the token."""

    def __init__(self, *args: Any, credentials: Sequence[Credential] | None = (), **kwargs: Any) -> None:
        super().__init__(*args, credentials=credentials)
        del self.fields["token"]
        del self.fields["seen_updated_at"]
        self.prefix = "new"
        if credentials is None:  # Blend's list cannot be read: the codes the draft chose are kept
            field = self.fields["credentials"]
            chosen = self.data.getlist("new-credentials") if hasattr(self.data, "getlist") else []
            field.disabled, field.choices = False, [(code, code) for code in chosen]

    def for_blend(self) -> dict[str, Any]:
        return {**self.details(), "npi": self.cleaned_data["npi"]}


def _product_label(product: Product) -> str:
    return " · ".join(str(p) for p in (product.name, product.strength, product.sku) if p)


class MedicationForm(forms.Form):
    """One prescribed medication. With `prescribed_here` False (the prescription is already at
    Blend) only the product and quantity are asked: Blend matches the line to that prescription."""

    product = forms.ChoiceField(label="Product")
    quantity = forms.IntegerField(label="Quantity", min_value=1, max_value=MAX_QUANTITY, initial=1)
    units = forms.ChoiceField(label="Unit", required=False)
    days_supply = forms.IntegerField(label="Days' supply", min_value=1, max_value=365, required=False)
    refills = forms.IntegerField(label="Refills", min_value=0, max_value=99, required=False, initial=0)
    directions = forms.CharField(
        label="Directions (sig)", max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    substitution_allowed = forms.BooleanField(label="Substitution allowed", required=False, initial=True)

    def __init__(
        self,
        *args: Any,
        products: Sequence[Product] = (),
        units: Sequence[QuantityUnit] = (),
        prescribed_here: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.prescribed_here = prescribed_here
        self.names = {p.id: p.name or p.sku or p.id for p in products}
        self.fields["product"].choices = [("", "Choose a product…")] + [
            (p.id, _product_label(p)) for p in products
        ]
        self.fields["product"].error_messages["invalid_choice"] = wording.PRODUCT_UNKNOWN
        self.fields["units"].choices = [("", "Choose a unit…")] + [(u.code, u.term or u.code) for u in units]
        if prescribed_here:
            for name in ("units", "days_supply", "refills", "directions"):
                self.fields[name].required = True
        else:
            for name in ("units", "days_supply", "refills", "directions", "substitution_allowed"):
                del self.fields[name]

    @property
    def product_name(self) -> str:
        return self.names.get(self.cleaned_data.get("product", ""), "")


class BaseMedicationFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        if not self.kept():
            raise forms.ValidationError(wording.MEDICATION_REQUIRED)

    def kept(self) -> list[MedicationForm]:
        return [f for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]


MedicationFormSet = formset_factory(
    MedicationForm, formset=BaseMedicationFormSet, extra=0, min_num=1, max_num=MAX_LINES, can_delete=True
)


class ProductLineForm(forms.Form):
    """A non-prescription product or order material ("<kind>:<id>") and its quantity."""

    product = forms.ChoiceField(label="Product or material")
    quantity = forms.IntegerField(label="Quantity", min_value=1, max_value=MAX_QUANTITY, initial=1)

    def __init__(self, *args: Any, groups: Sequence[tuple[str, Sequence[Product]]] = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.names: dict[str, str] = {}
        choices: list[tuple[str, Any]] = [("", "Choose…")]
        for (kind, label), products in groups:
            options = []
            for product in products:
                self.names[f"{kind}:{product.id}"] = product.name or product.sku or product.id
                options.append((f"{kind}:{product.id}", _product_label(product)))
            choices.append((label, options))
        self.fields["product"].choices = choices
        self.fields["product"].error_messages["invalid_choice"] = wording.PRODUCT_UNKNOWN


class BaseProductFormSet(forms.BaseFormSet):
    def kept(self) -> list[ProductLineForm]:
        return [f for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]


ProductFormSet = formset_factory(
    ProductLineForm, formset=BaseProductFormSet, extra=0, max_num=MAX_LINES, can_delete=True
)


class ShippingForm(forms.Form):
    ADDRESS_FIELDS = ("address_1", "address_2", "city", "state", "zip_code")

    ship_to = forms.ChoiceField(
        label="Ship to",
        choices=[("patient", "The patient's address"), ("other", "Another address (this order only)")],
        widget=forms.RadioSelect,
        initial="patient",
    )
    address_1 = forms.CharField(label="Street address", max_length=200, required=False)
    address_2 = forms.CharField(label="Apartment, suite (optional)", max_length=200, required=False)
    city = forms.CharField(max_length=100, required=False)
    state = forms.ChoiceField(choices=state_choices(), required=False, widget=StateSelect)
    zip_code = forms.CharField(label="ZIP code", max_length=10, required=False)
    service_level = forms.ChoiceField(label="Shipping", required=False)
    external_id = forms.CharField(
        label="Your order id (external id, optional)",
        max_length=100,
        required=False,
        help_text="Blend finds the order by this id too.",
    )

    def __init__(
        self,
        *args: Any,
        levels: Sequence[tuple[str, Any]] = (),
        patient_address: str = "",
        levels_unread: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.patient_address = patient_address
        self.fields["service_level"].choices = [("", "Account default"), *levels]
        if levels_unread:
            self.fields["service_level"].help_text = wording.SHIPPING_UNREAD
        if patient_address:
            self.fields["ship_to"].choices = [
                ("patient", f"The patient's address: {patient_address}"),
                self.fields["ship_to"].choices[1],
            ]

    def clean_zip_code(self) -> str:
        zip_code = self.cleaned_data["zip_code"].strip()
        if zip_code and not re.fullmatch(r"\d{5}(-\d{4})?", zip_code):
            raise forms.ValidationError(wording.ZIP_INVALID)
        return zip_code

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("ship_to") == "patient" and not self.patient_address:
            self.add_error("ship_to", wording.PATIENT_HAS_NO_ADDRESS)
        if data.get("ship_to") == "other":
            for name in ("address_1", "city", "state", "zip_code"):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, wording.ADDRESS_REQUIRED)
        return data

    def address(self) -> dict[str, str] | None:
        data = self.cleaned_data
        if data["ship_to"] != "other":
            return None
        return {**{name: data[name] for name in self.ADDRESS_FIELDS}, "country": "US"}


class ReviewForm(WriteForm):
    """The one form that sends: its one-time token, and Blend's merge rule chosen explicitly when
    the patient already exists (a new patient has no open order to merge into)."""

    merge = forms.ChoiceField(
        label="If the patient has an open order", choices=MERGE_CHOICES, widget=forms.RadioSelect
    )

    def __init__(self, *args: Any, merge_applies: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["merge"].error_messages["required"] = wording.MERGE_REQUIRED
        if not merge_applies:
            del self.fields["merge"]

    @property
    def force_new(self) -> bool:
        return self.cleaned_data.get("merge") == "new"
