"""The prescriber list's query string: search, page and page size, read by a Django form
(`PrescriberFilterForm`) into `PrescriberFilters`, what the list's selector takes.

Blend's `GET /prescribers` takes only `page` and `page_size`; a query searches instead
(`GET /search/prescribers`, best match first)."""

from __future__ import annotations

from dataclasses import dataclass

from apps.core.query import PAGE_SIZES, ListFilterForm, SearchField, SearchTerm


@dataclass(frozen=True, slots=True)
class PrescriberFilters(SearchTerm):
    q: str = ""
    page: int = 1
    page_size: int = PAGE_SIZES[0]


class PrescriberFilterForm(ListFilterForm):
    """A missing or bad page or size falls back to its default on its own."""

    q = SearchField(label="Search", placeholder="Name, NPI, DEA, licence number, email, phone or id")

    def filters(self) -> PrescriberFilters:
        values = self.values()
        return PrescriberFilters(q=values["q"], page=values["page"], page_size=values["page_size"])
