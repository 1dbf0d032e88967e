"""Forms of the orders pages: plain `forms.Form`s (`clean_<field>` converts, views copy `cleaned_data`);
every form that sends a change to Blend is a `WriteForm` (one-time token)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from django import forms

from apps.blend.models.catalog import KIND_HEADINGS, PRODUCT_KINDS
from apps.blend.models.orders import Order, OrderLine, Reason, ShippingOption
from apps.core.forms import StateSelect, WriteForm
from apps.core.us_states import state_choices
from apps.orders import wording
from apps.orders.rules import OrderAction
from apps.orders.services import NewLine

MAX_QUANTITY = 9999


class ActionForm(WriteForm):
    """An action's POST: the one-time token, where the answer goes, and its comments or reason.
    Field ids are prefixed with the action's name, so several action forms share a page."""

    return_to = forms.ChoiceField(choices=[("detail", "detail"), ("row", "row")], required=False)
    confirmed = forms.BooleanField(required=False)
    comments = forms.CharField(
        label="Comments for Blend (optional)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    reason = forms.CharField(
        label="Why is a replacement needed?",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, action: OrderAction, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"{action.name}-%s")
        super().__init__(*args, **kwargs)
        self.action = action
        for name in ("comments", "reason"):
            if name != action.field:  # a text the action does not take is neither read nor checked
                del self.fields[name]
        if action.field_required:
            self.fields[action.field].required = True
            self.fields[action.field].error_messages["required"] = wording.REASON_REQUIRED

    @property
    def text_field(self) -> forms.BoundField | None:
        """The comments or reason field this action takes, if any."""
        return self[self.action.field] if self.action.field else None

    @property
    def text(self) -> str:
        return self.cleaned_data.get(self.action.field, "") if self.action.field else ""


def _level_choices(options: Sequence[ShippingOption]) -> list[tuple[str, Any]]:
    groups: list[tuple[str, Any]] = [("", "Account default")]
    for option in options:
        label = option.name or option.carrier or "Any carrier"
        groups.append((label, [(level.code, level.name or level.code) for level in option.service_levels]))
    return groups


ADDRESS_FIELDS = ("address_1", "address_2", "city", "state", "zip_code")
SHIPPING_FORM_FIELDS = (*ADDRESS_FIELDS, "update_patient", "carrier", "service_level")


class OrderEditForm(WriteForm):
    """The order's editable fields, filled from `order`. Without `shipping_editable` (the order is past
    the statuses where Blend accepts shipping changes) only the external id remains; without
    `may_update_patient` the patient's address cannot be changed from here. `seen_updated_at` carries
    the order's version as shown, so a change made meanwhile is noticed rather than overwritten."""

    address_1 = forms.CharField(label="Street address", max_length=200)
    address_2 = forms.CharField(label="Apartment, suite (optional)", max_length=200, required=False)
    city = forms.CharField(max_length=100)
    state = forms.ChoiceField(choices=state_choices(), widget=StateSelect)
    zip_code = forms.CharField(label="ZIP code", max_length=10)
    update_patient = forms.BooleanField(
        required=False, label="Also change the patient's address (used for their future orders)"
    )
    carrier = forms.ChoiceField(required=False)
    service_level = forms.ChoiceField(required=False)
    external_id = forms.CharField(label="External id", max_length=100, required=False)
    seen_updated_at = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(
        self,
        data: Any = None,
        *,
        order: Order,
        shipping_options: Sequence[ShippingOption],
        shipping_editable: bool,
        may_update_patient: bool = True,
    ) -> None:
        seen = order.updated_at.isoformat() if order.updated_at else ""
        super().__init__(data, initial={**self.initial_for(order), "seen_updated_at": seen})
        self.order = order
        if not may_update_patient:
            del self.fields["update_patient"]
        if not shipping_editable:
            for name in SHIPPING_FORM_FIELDS:
                self.fields.pop(name, None)
            return
        carriers = [(o.carrier, o.name or o.carrier) for o in shipping_options if o.carrier]
        self.fields["carrier"].choices = [("", "No preference (Blend picks)"), *carriers]
        self.fields["service_level"].choices = _level_choices(shipping_options)
        self._levels = {
            level.code: (o.carrier, o.name or o.carrier or "generic", level.name or level.code)
            for o in shipping_options
            for level in o.service_levels
        }
        self._carrier_names = dict(carriers)
        self.fields["state"].choices = state_choices(self.initial.get("state", ""))
        self.fields["state"].error_messages["invalid_choice"] = wording.STATE_INVALID

    @staticmethod
    def initial_for(order: Order) -> dict[str, Any]:
        address = order.address
        shipping = order.shipping
        return {
            "address_1": address.address_1 if address else "",
            "address_2": (address.address_2 or "") if address else "",
            "city": address.city if address else "",
            "state": address.state if address else "",
            "zip_code": address.zip_code if address else "",
            "external_id": order.external_id or "",
            "carrier": (shipping.carrier or "") if shipping else "",
            "service_level": (shipping.service_level or "") if shipping else "",
        }

    def clean_zip_code(self) -> str:
        zip_code = self.cleaned_data["zip_code"].strip()
        if not re.fullmatch(r"\d{5}(-\d{4})?", zip_code):
            raise forms.ValidationError(wording.ZIP_INVALID)
        return zip_code

    def clean_external_id(self) -> str:
        external_id = self.cleaned_data["external_id"]
        if not external_id and self.order.external_id:
            raise forms.ValidationError(wording.EXTERNAL_ID_REQUIRED)
        return external_id

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        carrier, level = data.get("carrier"), data.get("service_level")
        if carrier and level and self._levels[level][0] != carrier:
            _, level_carrier, level_name = self._levels[level]
            message = wording.SERVICE_LEVEL_MISMATCH.format(
                level=level_name,
                level_carrier=level_carrier,
                carrier=self._carrier_names.get(carrier, carrier),
            )
            self.add_error("service_level", message)
        return data

    def changes(self) -> tuple[dict[str, Any], bool]:
        """What differs from the order, in Blend's update shape, and whether to update the patient too."""
        data, before = self.cleaned_data, self.initial_for(self.order)
        changes: dict[str, Any] = {}
        if data["external_id"] != before["external_id"]:
            changes["external_id"] = data["external_id"]
        if "address_1" not in self.fields:
            return changes, False
        update_patient = bool(data.get("update_patient", False))
        if update_patient or any(data[f] != before[f] for f in ADDRESS_FIELDS):
            country = (self.order.address.country if self.order.address else None) or "US"
            changes["address"] = {**{f: data[f] for f in ADDRESS_FIELDS}, "country": country}
        preference = (data["carrier"], data["service_level"])
        if preference != (before["carrier"], before["service_level"]):
            # Blend takes `null` to drop the preference (back to the account default).
            carrier, level = preference
            changes["shipping"] = (
                {"carrier": carrier or None, "service_level": level or None} if any(preference) else None
            )
        return changes, update_patient


class LineRemoveForm(WriteForm):
    """One product line of an order; `line` (when rendering) fills the line's item id."""

    order_item_id = forms.CharField(max_length=64, required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, line: OrderLine | None = None, **kwargs: Any) -> None:
        if line is not None:
            kwargs["initial"] = {"order_item_id": line.order_item_id or "", **kwargs.get("initial", {})}
        super().__init__(*args, **kwargs)


class LineQuantityForm(LineRemoveForm):
    quantity = forms.IntegerField(
        min_value=1, max_value=MAX_QUANTITY, widget=forms.NumberInput(attrs={"class": "input-quantity"})
    )

    def __init__(self, *args: Any, line: OrderLine | None = None, **kwargs: Any) -> None:
        if line is not None:
            kwargs["initial"] = {"quantity": line.quantity, **kwargs.get("initial", {})}
        super().__init__(*args, line=line, **kwargs)
        if line is not None:
            self.fields["quantity"].widget.attrs["aria-label"] = f"Quantity of {line.name or line.id}"


def reason_choices(reasons: Sequence[Reason]) -> list[tuple[str, str]]:
    """Blend's compounding reasons, each subcategory after its parent as "Parent › Child"."""
    choices = []
    for reason in sorted(reasons, key=lambda r: (r.name or "").lower()):
        if not reason.id:
            continue
        choices.append((reason.id, reason.name or reason.id))
        for child in sorted(reason.subcategories, key=lambda r: (r.name or "").lower()):
            if child.id:
                choices.append((child.id, f"{reason.name} › {child.name or child.id}"))
    return choices


class LinesAddForm(WriteForm):
    """One catalog product (chosen as "<kind>:<product id>"), its quantity and, for a prescription
    product, the compounding reasons to send with it."""

    product = forms.ChoiceField(label="Product")
    quantity = forms.IntegerField(min_value=1, max_value=MAX_QUANTITY, initial=1)
    reasons = forms.MultipleChoiceField(
        label="Compounding reasons (optional)",
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text="For a prescription product: why it is compounded. Hold Ctrl (⌘ on a Mac) for several.",
    )

    def __init__(
        self, *args: Any, catalog: dict[str, Sequence[Any]], reasons: Sequence[Reason] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.names: dict[str, str] = {}
        groups: list[tuple[str, Any]] = [("", "Choose a product…")]
        for kind in PRODUCT_KINDS:
            choices = []
            for product in catalog.get(kind, ()):
                value = f"{kind}:{product.id}"
                label = " · ".join(str(p) for p in (product.name, product.sku) if p)
                self.names[value] = product.name or product.sku or product.id
                choices.append((value, label))
            if choices:
                groups.append((KIND_HEADINGS[kind], choices))
        self.fields["product"].choices = groups
        self.fields["product"].error_messages["invalid_choice"] = wording.PRODUCT_UNKNOWN
        self.fields["product"].error_messages["required"] = wording.PRODUCT_UNKNOWN
        self.fields["reasons"].choices = reason_choices(reasons)
        self.fields["reasons"].error_messages["invalid_choice"] = wording.REASON_UNKNOWN
        if not reasons:  # Blend's list could not be read: the line goes without reasons
            del self.fields["reasons"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        product, reasons = cleaned.get("product") or "", cleaned.get("reasons")
        if reasons and product and not product.startswith("prescription:"):
            self.add_error("reasons", wording.REASONS_PRESCRIPTION_ONLY)
        return cleaned

    def line(self) -> NewLine:
        kind, _, product_id = self.cleaned_data["product"].partition(":")
        reasons = tuple(self.cleaned_data.get("reasons") or ())
        return NewLine(kind, product_id, self.cleaned_data["quantity"], reasons)

    @property
    def product_name(self) -> str:
        return self.names.get(self.cleaned_data["product"], "")
