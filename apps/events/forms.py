"""The /events/ filters (a Django form, like every list's)."""

from __future__ import annotations

import re
from typing import Any

from django import forms

from apps.core.query import PageField

# Blend's event codes (reference §5.2, and the sandbox's choice where the docs are silent).
EVENT_KINDS = [
    ("order.created", "Order created"),
    ("order.status_changed", "Order status changed"),
    ("order.shipped", "Order shipped"),
    ("order.delivered", "Order delivered"),
    ("order.stuck", "Order stuck"),
    ("order.cancelled", "Order cancelled"),
    ("prescription.created", "Prescription created"),
    ("prescription.cancelled", "Prescription cancelled"),
]
KIND_NAMES = dict(EVENT_KINDS)
STATES = [
    ("waiting", "Waiting"),
    ("processed", "Processed"),
    ("failed", "Failed"),
    ("duplicate", "Received more than once"),
]
ORDER_ID = re.compile(r"^[A-Za-z0-9-]{1,100}$")


class EventFilterForm(forms.Form):
    kind = forms.ChoiceField(label="Kind", required=False, choices=[("", "Any kind"), *EVENT_KINDS])
    state = forms.ChoiceField(label="State", required=False, choices=[("", "Any state"), *STATES])
    order = forms.CharField(
        label="Order id",
        required=False,
        max_length=100,
        help_text="Blend's id of the order, as in its page's address.",
    )
    page = PageField()

    def clean_order(self) -> str:
        value = self.cleaned_data["order"].strip()
        if value and not ORDER_ID.match(value):
            raise forms.ValidationError("An order id has only letters, digits and dashes.")
        return value

    def selector_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "state": data["state"],
            "order_id": data["order"],
            "page": data.get("page") or 1,
        }
