"""The order list's query string: search, filters and page, read by a Django form
(`OrderFilterForm`) into `OrderFilters`, what the list's selector takes."""

from __future__ import annotations

from dataclasses import dataclass, field

from apps.core.query import PAGE_SIZES, CommaListField, FlagField, ListFilterForm, SearchTerm


@dataclass(frozen=True, slots=True)
class OrderFilters(SearchTerm):
    """The list's search, filters and page. A query (`q`) of at least SEARCH_MIN_LENGTH characters
    searches, combined with the statuses chosen (the selector sets aside the statuses Blend does not
    know)."""

    q: str = ""
    statuses: list[str] = field(default_factory=list)
    has_unmatched_prescriptions: bool = False
    page: int = 1
    page_size: int = PAGE_SIZES[0]


class OrderFilterForm(ListFilterForm):
    """`status` may repeat or be a comma list; `unmatched` is the "has unmatched prescriptions" box.
    A missing or bad value falls back to its default on its own (`ListFilterForm.values`)."""

    status = CommaListField(label="Status")
    unmatched = FlagField(label="Has unmatched prescriptions")

    def filters(self) -> OrderFilters:
        values = self.values()
        return OrderFilters(
            q=values["q"],
            statuses=values["status"],
            has_unmatched_prescriptions=values["unmatched"],
            page=values["page"],
            page_size=values["page_size"],
        )
