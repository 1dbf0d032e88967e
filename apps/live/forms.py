"""The poller's question: changes since when, about which orders (the page's), in which statuses,
and for the order list, which filters it shows and from which creation time on (new orders)."""

from __future__ import annotations

from datetime import UTC, datetime

from django import forms

from apps.core.query import CommaListField

MAX_ORDERS = 100  # a page of the order list at its largest


def _aware(value: datetime | None) -> datetime | None:
    return value if value is None or value.tzinfo else value.replace(tzinfo=UTC)


class ChangesForm(forms.Form):
    since = forms.DateTimeField(input_formats=["iso-8601"])
    order = CommaListField(label="Orders")
    status = CommaListField(label="Statuses")
    # The order list's own query string: a new order its filters select concerns it ...
    listing = forms.CharField(label="List filters", required=False, max_length=2000)
    # ... when created at or after this (the oldest order of a full first page; none: room left)
    after = forms.DateTimeField(label="Created after", required=False, input_formats=["iso-8601"])

    def clean_since(self) -> datetime:
        return _aware(self.cleaned_data["since"])

    def clean_listing(self) -> str | None:
        """None when the page is not the order list (no `listing` at all), else its query string."""
        return self.cleaned_data.get("listing") if "listing" in self.data else None

    def clean_after(self) -> datetime | None:
        return _aware(self.cleaned_data.get("after"))

    def clean_order(self) -> list[str]:
        orders = self.cleaned_data.get("order") or []
        if len(orders) > MAX_ORDERS:
            raise forms.ValidationError(f"At most {MAX_ORDERS} orders.")
        return orders
