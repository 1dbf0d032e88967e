"""The order list's query string: search, filters and page (`OrderFilters`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.http import QueryDict

from apps.core.query import (
    FALSE_VALUES,
    PAGE_SIZES,
    SearchTerm,
    query_page_size,
    search_text,
    whole_number,
)


@dataclass(frozen=True, slots=True)
class OrderFilters(SearchTerm):
    """The list's search, filters and page, read from the query string. `status` may repeat or be
    a comma list (the selector sets aside the statuses Blend does not know); a query (`q`) of at
    least SEARCH_MIN_LENGTH characters searches, combined with the statuses chosen; a missing or
    bad page, size or checkbox value falls back to its default on its own: the list shows no field
    errors, so this is a plain parser rather than a form."""

    q: str = ""
    statuses: list[str] = field(default_factory=list)
    has_unmatched_prescriptions: bool = False
    page: int = 1
    page_size: int = PAGE_SIZES[0]

    @classmethod
    def from_query(cls, query: QueryDict) -> OrderFilters:
        asked = [s.strip() for raw in query.getlist("status") for s in raw.split(",") if s.strip()]
        return cls(
            q=search_text(query),
            statuses=list(dict.fromkeys(asked)),  # each status once, in the order asked
            has_unmatched_prescriptions=query.get("unmatched", "").strip().lower() not in FALSE_VALUES,
            page=whole_number(query.get("page"), default=1),
            page_size=query_page_size(query),
        )
