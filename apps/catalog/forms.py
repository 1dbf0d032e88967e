"""Forms of the catalog pages. Each field is defined once; a kind's form keeps the fields Blend lets
a customer send for that kind (creating and updating differ). Every form that writes is a `WriteForm`."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django import forms

from apps.blend.models.catalog import KIND_HEADINGS, KIND_LABELS, PRODUCT_KINDS, Product
from apps.catalog.wording import ADJUST_REASONS, LOT_FILTERS, STATUS_ANY, STATUSES
from apps.core.forms import WriteForm

SEARCH_MAX_LENGTH = 100
MAX_PAGE = 10_000

# What Blend takes for each kind (catalog-reports-notifications.md §2.2).
CREATE_FIELDS: dict[str, tuple[str, ...]] = {
    "prescription": (
        "name",
        "description",
        "category",
        "product_code",
        "form",
        "strength",
        "formula_id",
        "price",
        "is_active",
        "is_controlled_substance",
    ),
    "non_prescription": (
        "name",
        "description",
        "category",
        "form",
        "price",
        "unit_count",
        "unit_type",
        "is_active",
    ),
    "order_material": ("name", "description", "category", "is_global"),
}
UPDATE_FIELDS: dict[str, tuple[str, ...]] = {
    "prescription": ("name", "sku", "description", "product_code"),
    "non_prescription": ("name", "sku", "description", "price"),
    "order_material": ("name", "sku", "description"),
}


class CatalogFilterForm(forms.Form):
    """The list's search box, status filter and page (all in the URL)."""

    q = forms.CharField(label="Search", required=False, max_length=SEARCH_MAX_LENGTH, strip=True)
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", STATUS_ANY), *STATUSES.items()],
    )
    page = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE)

    def values(self) -> tuple[str, str, int]:
        """(q, status, page); a bad value falls back on its own default, the others are kept."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return data.get("q") or "", data.get("status") or "", data.get("page") or 1


class InventoryFilterForm(forms.Form):
    """The inventory list's filter (in the URL): all lots, or the expired, expiring or low-stock ones;
    an unknown value shows all lots."""

    show = forms.ChoiceField(required=False, choices=[("", "All lots"), *LOT_FILTERS.items()])

    def value(self) -> str:
        return self.cleaned_data["show"] if self.is_valid() else ""


class ProductForm(WriteForm):
    """A product of one kind: creating (`product` None) or editing it (only what changed is sent)."""

    name = forms.CharField(max_length=200)
    sku = forms.CharField(
        label="Your SKU",
        max_length=100,
        required=False,
        help_text="Your own SKU, which orders may use to name this product.",
    )
    description = forms.CharField(max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3}))
    category = forms.CharField(max_length=100, required=False)
    product_code = forms.CharField(
        label="Product code",
        max_length=100,
        required=False,
        help_text="The code e-prescriptions use for this product.",
    )
    form = forms.CharField(
        label="Form", max_length=100, required=False, help_text="For example cream, capsule."
    )
    strength = forms.CharField(max_length=100, required=False, help_text="For example 1%.")
    formula_id = forms.CharField(label="Formula id", max_length=100, required=False)
    price = forms.DecimalField(min_value=Decimal(0), max_digits=10, decimal_places=2, required=False)
    unit_count = forms.IntegerField(label="Units", min_value=0, max_value=1_000_000, required=False)
    unit_type = forms.CharField(label="Unit type", max_length=50, required=False, help_text="For example ml.")
    is_active = forms.BooleanField(label="Active (can be ordered)", required=False, initial=True)
    is_controlled_substance = forms.BooleanField(label="Controlled substance", required=False)
    is_global = forms.BooleanField(label="Blend-wide material", required=False)

    def __init__(
        self,
        data: Any = None,
        *,
        kind: str,
        product: Product | None = None,
        initial: dict[str, Any] | None = None,
    ) -> None:
        """`initial`: a new product's values to start from (a formula's id, from the formulas list)."""
        names = UPDATE_FIELDS[kind] if product is not None else CREATE_FIELDS[kind]
        super().__init__(data, initial=self.initial_for(product, names) if product else initial)
        self.kind = kind
        self.product = product
        for name in list(self.fields):
            if name != "token" and name not in names:
                del self.fields[name]

    @staticmethod
    def initial_for(product: Product, names: tuple[str, ...]) -> dict[str, Any]:
        return {name: getattr(product, name) for name in names}

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError("Give the product a name.")
        return name

    def clean_formula_id(self) -> str | int:
        value = self.cleaned_data["formula_id"].strip()
        return int(value) if value.isdigit() else value

    def _value(self, name: str) -> Any:
        value = self.cleaned_data[name]
        return float(value) if isinstance(value, Decimal) else value

    def values(self) -> dict[str, Any]:
        """A new product in Blend's create shape: the fields filled in (booleans always)."""
        values = {}
        for name in self.fields:
            if name == "token":
                continue
            value = self._value(name)
            if isinstance(value, bool) or value not in (None, ""):
                values[name] = value
        return values

    def changes(self) -> dict[str, Any]:
        """What differs from the product, in Blend's partial-update shape."""
        assert self.product is not None
        changes = {}
        for name in self.fields:
            if name == "token":
                continue
            value, before = self._value(name), getattr(self.product, name)
            if value in (None, "") and before in (None, ""):
                continue
            if value != before:
                changes[name] = value
        return changes


def _codes(value: str) -> list[str]:
    return [code for code in re.split(r"[\s,;]+", value) if code]


class FormulaForm(WriteForm):
    """A new Blend formula: a name, and the codes it relates to (comma- or space-separated)."""

    name = forms.CharField(max_length=200)
    description = forms.CharField(max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3}))
    medication_scdgs = forms.CharField(
        label="Medications (RxNorm SCDG ids)",
        max_length=1000,
        required=False,
        help_text="For example 1156982.",
    )
    allergen_scdgs = forms.CharField(label="Allergens (RxNorm SCDG ids)", max_length=1000, required=False)
    allergen_snomeds = forms.CharField(label="Allergens (SNOMED CT codes)", max_length=1000, required=False)

    def _clean_codes(self, name: str) -> list[str]:
        codes = _codes(self.cleaned_data[name])
        if any(not code.isdigit() for code in codes):
            raise forms.ValidationError("Codes are digits, separated by commas or spaces.")
        return codes

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError("Give the formula a name.")
        return name

    def clean_medication_scdgs(self) -> list[str]:
        return self._clean_codes("medication_scdgs")

    def clean_allergen_scdgs(self) -> list[str]:
        return self._clean_codes("allergen_scdgs")

    def clean_allergen_snomeds(self) -> list[str]:
        return self._clean_codes("allergen_snomeds")

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.fields if name != "token"}


# ---- inventory --------------------------------------------------------------------------------

MAX_QUANTITY = 10_000_000


def product_choices(products: dict[str, list[Product]]) -> list[tuple[str, Any]]:
    """Products grouped by kind, each as "<kind>:<id>"."""
    groups: list[tuple[str, Any]] = [("", "Choose a product…")]
    for kind in PRODUCT_KINDS:
        items = sorted(products.get(kind, ()), key=lambda p: (p.name or "").casefold())
        if items:
            groups.append((KIND_HEADINGS[kind], [(f"{kind}:{p.id}", p.name or p.id) for p in items]))
    return groups


class ProductChoiceMixin:
    def product(self) -> tuple[str, str]:
        kind, _, product_id = self.cleaned_data["product"].partition(":")  # type: ignore[attr-defined]
        return kind, product_id


class AdjustForm(WriteForm):
    """Add to or remove from a lot's quantity, with BlendAdmin's reason (Blend takes none)."""

    change = forms.IntegerField(
        label="Add (or remove, with a minus sign)",
        min_value=-MAX_QUANTITY,
        max_value=MAX_QUANTITY,
        help_text="For example 100 to add 100 units, -5 to remove 5.",
    )
    reason = forms.ChoiceField(choices=[("", "Choose a reason…"), *ADJUST_REASONS])
    note = forms.CharField(label="Note (optional)", max_length=200, required=False)

    def __init__(self, *args: Any, held: int, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "adjust-%s")
        super().__init__(*args, **kwargs)
        self.held = held

    def clean_change(self) -> int:
        change = self.cleaned_data["change"]
        if change == 0:
            raise forms.ValidationError("Give a number other than 0.")
        if self.held + change < 0:
            raise forms.ValidationError(
                f"The lot holds {self.held}; it cannot go below zero. Remove at most {self.held}."
            )
        return change

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("reason") == "other" and not data.get("note"):
            self.add_error("note", "Say why in the note.")
        return data

    @property
    def reason_label(self) -> str:
        return dict(ADJUST_REASONS).get(self.cleaned_data["reason"], "")


class AssociationForm(ProductChoiceMixin, WriteForm):
    """Link a lot to a product: how many lot units one unit of the product uses."""

    product = forms.ChoiceField(label="Product")
    units_per_product = forms.IntegerField(
        label="Lot units per product", min_value=1, max_value=100_000, initial=1
    )

    def __init__(self, *args: Any, products: dict[str, list[Product]], **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "link-%s")
        super().__init__(*args, **kwargs)
        self.fields["product"].choices = product_choices(products)
        self.fields["product"].error_messages["invalid_choice"] = "Choose a product from the list."


class LotForm(ProductChoiceMixin, WriteForm):
    """A new lot for one product."""

    product = forms.ChoiceField(label="Product")
    batch_number = forms.CharField(label="Lot number", max_length=100)
    initial_quantity = forms.IntegerField(label="Quantity received", min_value=0, max_value=MAX_QUANTITY)
    units_per_product = forms.IntegerField(
        label="Lot units per product", min_value=1, max_value=100_000, initial=1
    )
    expiration_date = forms.DateField(label="Expires", widget=forms.DateInput(attrs={"type": "date"}))
    unit_type = forms.CharField(
        label="Unit type", max_length=50, required=False, help_text="For example each, ml."
    )
    manufacturer = forms.CharField(max_length=200, required=False)
    cost_per_unit = forms.DecimalField(
        label="Cost per unit", min_value=Decimal(0), max_digits=10, decimal_places=2, required=False
    )
    notes = forms.CharField(max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, products: dict[str, list[Product]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["product"].choices = product_choices(products)
        self.fields["product"].error_messages["invalid_choice"] = "Choose a product from the list."

    def lot(self) -> dict[str, Any]:
        data = self.cleaned_data
        lot: dict[str, Any] = {
            "batch_number": data["batch_number"],
            "initial_quantity": data["initial_quantity"],
            "current_quantity": data["initial_quantity"],
            "expiration_date": data["expiration_date"].isoformat(),
            "is_active": True,
        }
        for name in ("unit_type", "manufacturer", "notes"):
            if data[name]:
                lot[name] = data[name]
        if data["cost_per_unit"] is not None:
            lot["cost_per_unit"] = float(data["cost_per_unit"])
        return lot


class VerifyForm(forms.Form):
    code = forms.CharField(label="Scan or type a barcode", max_length=300, strip=True)


# ---- compounding reasons ------------------------------------------------------------------------


class ReasonForm(WriteForm):
    """One of the company's own compounding reasons; `parents` are the top-level reasons it may sit under."""

    name = forms.CharField(max_length=100)
    description = forms.CharField(max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2}))
    parent_id = forms.ChoiceField(label="Sub-reason of", required=False)

    def __init__(self, *args: Any, parents: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent_id"].choices = [("", "None: a top-level reason"), *parents]
        self.fields["parent_id"].error_messages["invalid_choice"] = "Choose a reason from the list."

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError("Give the reason a name.")
        return name
