"""The order list's query string: search, filters and page, read by a Django form
(`OrderFilterForm`) into `OrderFilters`, what the list's selector takes."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from urllib.parse import urlencode

from django import forms
from django.urls import reverse

from apps.core.query import PAGE_SIZES, CommaListField, FlagField, ListFilterForm, SearchTerm
from apps.core.us_states import state_choices

# Filters Blend's list cannot answer: the order index answers them (apps.orderindex).
REQUEST_CHOICES = [("", "Any"), ("cancellation", "Cancellation requested"),
                   ("replacement", "Replacement pending"), ("priority", "Priority requested")]  # fmt: skip
# Two different "stuck"s, named apart: Blend's order.stuck (with Blend's reason), and BlendAdmin's
# own measure of an order left in one status longer than usual (apps.orderindex.selectors).
BLEND_STUCK_LABEL = "Stuck at Blend (Blend's reason)"
UNCHANGED_LABEL = "Unchanged longer than usual (1–10 days by status)"
SORT_CHOICES = [
    ("-created", "Newest first"), ("created", "Oldest first"), ("-updated", "Changed most recently"),
    ("updated", "Unchanged longest"), ("number", "Order number"), ("status", "Status"),
]  # fmt: skip


@dataclass(frozen=True, slots=True)
class OrderFilters(SearchTerm):
    """The list's search, filters and page. A query (`q`) of at least SEARCH_MIN_LENGTH characters
    searches, combined with the statuses chosen (the selector sets aside the statuses Blend does not
    know)."""

    q: str = ""
    statuses: list[str] = field(default_factory=list)
    has_unmatched_prescriptions: bool = False
    blend_stuck: bool = False  # stuck at Blend: its order.stuck event, with its reason (the index)
    page: int = 1
    page_size: int = PAGE_SIZES[0]
    created_from: date | None = None
    created_to: date | None = None
    product: str = ""
    ship_state: str = ""
    stuck: bool = False  # unchanged longer than its status usually takes (BlendAdmin's measure)
    request: str = ""
    paused_long: bool = False
    sort: str = ""

    @property
    def uses_index(self) -> bool:
        """A filter or order only the order index can answer (Blend's list filters by status alone)."""
        return bool(
            self.created_from or self.created_to or self.product or self.ship_state or self.stuck
            or self.request or self.paused_long or self.sort or self.blend_stuck
        )  # fmt: skip

    @property
    def indexed(self) -> OrderFilters:
        """The same filters answered from the order index (newest first unless a sort is chosen)."""
        return self if self.sort else replace(self, sort="-created")


def filters_query(filters: OrderFilters) -> str:
    """The query string of the list's filters (no search words, no page): what a saved view keeps
    and what a home counter links to; `OrderFilterForm` reads it back to the same filters."""
    pairs: list[tuple[str, str]] = []
    if filters.statuses:
        pairs.append(("status", ",".join(filters.statuses)))
    flags = (("unmatched", filters.has_unmatched_prescriptions), ("blend_stuck", filters.blend_stuck))
    pairs.extend((name, "on") for name, on in flags if on)
    for name, day in (("created_from", filters.created_from), ("created_to", filters.created_to)):
        if day:
            pairs.append((name, day.isoformat()))
    for name, value in (("product", filters.product), ("ship_state", filters.ship_state)):
        if value:
            pairs.append((name, value))
    if filters.stuck:
        pairs.append(("stuck", "on"))
    if filters.request:
        pairs.append(("request", filters.request))
    if filters.paused_long:
        pairs.append(("paused_long", "on"))
    if filters.sort:
        pairs.append(("sort", filters.sort))
    return urlencode(pairs, safe=",")


def list_url(filters: OrderFilters) -> str:
    """The order list showing these filters (the search words left out)."""
    query = filters_query(filters)
    return f"{reverse('orders:list')}?{query}" if query else reverse("orders:list")


class OrderFilterForm(ListFilterForm):
    """`status` may repeat or be a comma list; `unmatched` is the "has unmatched prescriptions" box.
    A missing or bad value falls back to its default on its own (`ListFilterForm.values`)."""

    status = CommaListField(label="Status")
    unmatched = FlagField(label="Has unmatched prescriptions")
    created_from = forms.DateField(
        label="Created from", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    created_to = forms.DateField(
        label="Created to", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    product = forms.RegexField(label="Product", regex=r"^[A-Za-z0-9_-]{1,64}$", required=False)
    ship_state = forms.ChoiceField(label="Shipping state", choices=state_choices(), required=False)
    stuck = FlagField(label=UNCHANGED_LABEL)
    request = forms.ChoiceField(label="Pending request", choices=REQUEST_CHOICES, required=False)
    paused_long = FlagField(label="Paused for more than a day")
    sort = forms.ChoiceField(label="Sort", choices=[("", "Newest first"), *SORT_CHOICES], required=False)
    blend_stuck = FlagField(label=BLEND_STUCK_LABEL)

    def filters(self) -> OrderFilters:
        values = self.values()
        return OrderFilters(
            q=values["q"],
            statuses=values["status"],
            has_unmatched_prescriptions=values["unmatched"],
            blend_stuck=values["blend_stuck"],
            page=values["page"],
            page_size=values["page_size"],
            created_from=values["created_from"],
            created_to=values["created_to"],
            product=values["product"] or "",
            ship_state=values["ship_state"] or "",
            stuck=values["stuck"],
            request=values["request"] or "",
            paused_long=values["paused_long"],
            sort=values["sort"] or "",
        )
