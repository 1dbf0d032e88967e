"""The recall forms: what is recalled and why (a product of any kind, or an inventory lot), and the
bulk action a recall takes on its orders, with its reason."""

from __future__ import annotations

import re
from typing import Any

from django import forms

from apps.blend.models.catalog import KIND_LABELS, PRODUCT_KINDS
from apps.core.converters import BlendIdConverter
from apps.core.forms import WriteForm
from apps.orders import rules as order_rules
from apps.recalls import rules

BLEND_ID = re.compile(rf"^{BlendIdConverter.regex}$")
NOT_AN_ID = "That is not a Blend id: copy it from the product's or the lot's page."
ONE_SUBJECT = "Recall either a product or a lot: give one of them."
KIND_CHOICES = [("", "Choose the kind")] + [(kind, KIND_LABELS[kind]) for kind in PRODUCT_KINDS]
REASON_HELP = "Why it is recalled (e.g. the manufacturer's notice). Kept with the recall and its report."


def _blend_id(value: str) -> str:
    value = (value or "").strip()
    if value and not BLEND_ID.match(value):
        raise forms.ValidationError(NOT_AN_ID, code="invalid")
    return value


class RecallSubjectForm(forms.Form):
    """What is recalled: `lot`, or `kind` + `product` (the query of /recalls/new/ from a catalog page)."""

    lot = forms.CharField(label="Inventory lot id", required=False, max_length=128)
    kind = forms.ChoiceField(label="Product kind", required=False, choices=KIND_CHOICES)
    product = forms.CharField(label="Product id", required=False, max_length=128)

    def clean_lot(self) -> str:
        return _blend_id(self.cleaned_data["lot"])

    def clean_product(self) -> str:
        return _blend_id(self.cleaned_data["product"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        lot, product = cleaned.get("lot"), cleaned.get("product")
        if "lot" in self.errors or "product" in self.errors:
            return cleaned
        if bool(lot) == bool(product):
            raise forms.ValidationError(ONE_SUBJECT, code="one")
        if product and not cleaned.get("kind"):
            self.add_error("kind", "Choose the product's kind.")
        return cleaned

    @property
    def given(self) -> bool:
        return any(self.data.get(name) for name in ("lot", "product"))


class RecallStartForm(WriteForm, RecallSubjectForm):
    reason = forms.CharField(label="Reason for the recall", max_length=1000, help_text=REASON_HELP,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": "Give the reason for the recall."})  # fmt: skip

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("Give the reason for the recall.", code="required")
        return reason


class RecallRunForm(WriteForm):
    """A bulk action on the recall's orders, with the reason recorded for it (and sent to Blend
    where the action takes one)."""

    action = forms.ChoiceField(label="Action", choices=[])
    reason = forms.CharField(label="Reason", max_length=1000,
                             help_text="Recorded with the run; sent to Blend with a cancellation request.",
                             widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": "Give the reason for this action."})  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", "Choose an action")] + [
            (name, order_rules.ACTIONS[name].label) for name in rules.ACTIONS
        ]

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("Give the reason for this action.", code="required")
        return reason
