"""The poller's question: changes since when, about which orders (the page's), in which statuses."""

from __future__ import annotations

from datetime import UTC, datetime

from django import forms

from apps.core.query import CommaListField

MAX_ORDERS = 100  # a page of the order list at its largest


class ChangesForm(forms.Form):
    since = forms.DateTimeField(input_formats=["iso-8601"])
    order = CommaListField(label="Orders")
    status = CommaListField(label="Statuses")

    def clean_since(self) -> datetime:
        since = self.cleaned_data["since"]
        return since if since.tzinfo else since.replace(tzinfo=UTC)

    def clean_order(self) -> list[str]:
        orders = self.cleaned_data.get("order") or []
        if len(orders) > MAX_ORDERS:
            raise forms.ValidationError(f"At most {MAX_ORDERS} orders.")
        return orders
