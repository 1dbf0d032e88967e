"""The order list's query string: search, filters and page (`OrderFilters`)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

from django.http import QueryDict

PAGE_SIZES = (25, 50, 100)
SEARCH_MIN_LENGTH = 2
SEARCH_MAX_LENGTH = 200
MAX_DIGITS = 9  # a page number longer than this is no page (and int() refuses 4,300 digits)


@dataclass(frozen=True, slots=True)
class OrderFilters:
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
            q=" ".join(query.get("q", "").split())[:SEARCH_MAX_LENGTH],
            statuses=list(dict.fromkeys(asked)),  # each status once, in the order asked
            has_unmatched_prescriptions=query.get("unmatched", "").strip().lower() not in FALSE_VALUES,
            page=_whole_number(query.get("page"), default=1, allowed=None),
            page_size=_whole_number(query.get("page_size"), default=PAGE_SIZES[0], allowed=PAGE_SIZES),
        )

    @property
    def searching(self) -> bool:
        return len(self.q) >= SEARCH_MIN_LENGTH

    @property
    def too_short(self) -> bool:
        return bool(self.q) and not self.searching


FALSE_VALUES = frozenset({"", "0", "false", "off", "no"})


def _whole_number(raw: str | None, *, default: int, allowed: Collection[int] | None) -> int:
    """A positive whole number from the query (one of `allowed` when given), else `default`."""
    value = (raw or "").strip()
    if not value.isascii() or not value.isdigit() or len(value) > MAX_DIGITS:
        return default
    number = int(value)
    if number < 1 or (allowed is not None and number not in allowed):
        return default
    return number
