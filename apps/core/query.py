"""Reading a list page's query string, the same way in every area: a plain parser (a list has no
field to show an error at), where a missing or bad value falls back to its default on its own."""

from __future__ import annotations

from collections.abc import Collection

from django.http import QueryDict

PAGE_SIZES = (25, 50, 100)
SEARCH_MIN_LENGTH = 2
SEARCH_MAX_LENGTH = 200
MAX_DIGITS = 9  # a page number longer than this is no page (and int() refuses 4,300 digits)
FALSE_VALUES = frozenset({"", "0", "false", "off", "no"})


class SearchTerm:
    """`searching` and `too_short` for a list's filters, from the `q` typed (a dataclass field)."""

    __slots__ = ()
    q: str

    @property
    def searching(self) -> bool:
        return len(self.q) >= SEARCH_MIN_LENGTH

    @property
    def too_short(self) -> bool:
        return bool(self.q) and len(self.q) < SEARCH_MIN_LENGTH


def whole_number(raw: str | None, *, default: int, allowed: Collection[int] | None = None) -> int:
    """A positive whole number from the query (one of `allowed` when given), else `default`."""
    value = (raw or "").strip()
    if not value.isascii() or not value.isdigit() or len(value) > MAX_DIGITS:
        return default
    number = int(value)
    if number < 1 or (allowed is not None and number not in allowed):
        return default
    return number


def search_text(query: QueryDict) -> str:
    """The `q` typed, its spaces folded, at most SEARCH_MAX_LENGTH characters."""
    return " ".join(query.get("q", "").split())[:SEARCH_MAX_LENGTH]


def query_page_size(query: QueryDict) -> int:
    return whole_number(query.get("page_size"), default=PAGE_SIZES[0], allowed=PAGE_SIZES)
