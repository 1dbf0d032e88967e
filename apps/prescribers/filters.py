"""The prescriber list's query string: search, page and page size (`PrescriberFilters`).

Blend's `GET /prescribers` takes only `page` and `page_size`; a query searches instead
(`GET /search/prescribers`, best match first)."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import QueryDict

from apps.core.query import (
    PAGE_SIZES,
    SearchTerm,
    query_page_size,
    search_text,
    whole_number,
)


@dataclass(frozen=True, slots=True)
class PrescriberFilters(SearchTerm):
    """A missing or bad page or size falls back to its default on its own (a plain parser, as for
    the order list: the list has no field to show an error at)."""

    q: str = ""
    page: int = 1
    page_size: int = PAGE_SIZES[0]

    @classmethod
    def from_query(cls, query: QueryDict) -> PrescriberFilters:
        return cls(
            q=search_text(query),
            page=whole_number(query.get("page"), default=1),
            page_size=query_page_size(query),
        )
