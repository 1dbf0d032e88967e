"""The prescriber list's query string: search, page and page size (`PrescriberFilters`).

Blend's `GET /prescribers` takes only `page` and `page_size`; a query searches instead
(`GET /search/prescribers`, best match first)."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import QueryDict

PAGE_SIZES = (25, 50, 100)
SEARCH_MIN_LENGTH = 2
SEARCH_MAX_LENGTH = 200
MAX_DIGITS = 9  # a page number longer than this is no page


@dataclass(frozen=True, slots=True)
class PrescriberFilters:
    """A missing or bad page or size falls back to its default on its own (a plain parser, as for
    the order list: the list has no field to show an error at)."""

    q: str = ""
    page: int = 1
    page_size: int = PAGE_SIZES[0]

    @classmethod
    def from_query(cls, query: QueryDict) -> PrescriberFilters:
        size = _whole_number(query.get("page_size"), default=PAGE_SIZES[0])
        return cls(
            q=" ".join(query.get("q", "").split())[:SEARCH_MAX_LENGTH],
            page=_whole_number(query.get("page"), default=1),
            page_size=size if size in PAGE_SIZES else PAGE_SIZES[0],
        )

    @property
    def searching(self) -> bool:
        return len(self.q) >= SEARCH_MIN_LENGTH

    @property
    def too_short(self) -> bool:
        return bool(self.q) and not self.searching


def _whole_number(raw: str | None, *, default: int) -> int:
    value = (raw or "").strip()
    if not value.isascii() or not value.isdigit() or len(value) > MAX_DIGITS or int(value) < 1:
        return default
    return int(value)
