"""Pages of Blend's paginated lists, read from the X-Total-Count / X-Page / X-Page-Size /
X-Total-Pages / X-Remaining-Count headers, and a lazy walk over every page."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Executor
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


def _header_int(headers: Mapping[str, str], name: str, default: int) -> int:
    try:
        return int(headers.get(name, default))
    except (TypeError, ValueError):
        return default


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    page: int
    page_size: int
    total_count: int
    total_pages: int
    remaining_count: int

    @classmethod
    def from_headers(
        cls, items: list[T], headers: Mapping[str, str], *, page: int, page_size: int
    ) -> Page[T]:
        size = _header_int(headers, "X-Page-Size", page_size) or page_size
        total = _header_int(headers, "X-Total-Count", len(items))
        number = _header_int(headers, "X-Page", page)
        pages = _header_int(headers, "X-Total-Pages", max(1, math.ceil(total / size)))
        remaining = _header_int(
            headers, "X-Remaining-Count", max(0, total - (number - 1) * size - len(items))
        )
        return cls(items, number, size, total, pages, remaining)

    @property
    def has_next(self) -> bool:
        return self.page < self.total_pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def first_index(self) -> int:
        return (self.page - 1) * self.page_size + 1 if self.items else 0

    @property
    def last_index(self) -> int:
        return (self.page - 1) * self.page_size + len(self.items)


def iter_all(fetch_page: Callable[[int], Page[T]]) -> Iterator[T]:
    """Every item of every page, fetching each page only when the previous one is used up."""
    number = 1
    while True:
        page = fetch_page(number)
        yield from page.items
        if not page.has_next or not page.items:
            return
        number += 1


def iter_from(
    first: Page[T], fetch_page: Callable[[int], Page[T]], *, prefetch: Executor | None = None
) -> Iterator[T]:
    """Every item of `first` and of the pages after it (an export reads the first page before it
    starts answering, the rest as it streams). With `prefetch`, the next page is read on it while
    the caller works through the current one, so at most two pages are held at a time."""
    page = first
    while True:
        more = page.has_next and bool(page.items)
        following = prefetch.submit(fetch_page, page.page + 1) if more and prefetch is not None else None
        yield from page.items
        if not more:
            return
        page = following.result() if following is not None else fetch_page(page.page + 1)
