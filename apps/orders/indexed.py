"""The order list's filters that Blend's list cannot answer (created between two dates, product,
shipping state, stuck at Blend, unchanged longer than usual, pending request, paused for more than a
day, sorting), answered from the
order index (apps.orderindex): the index selects and counts the orders exactly; the page's rows are
then read from Blend together (one round trip), so they show the patient and the status as Blend has
them now. The page says how current the index is ("as of")."""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from apps.blend.errors import BlendError
from apps.blend.models.orders import OrderSummary
from apps.blend.pagination import Page
from apps.blend.runtime import get_blend
from apps.orderindex.models import IndexedOrder
from apps.orderindex.selectors import (
    IndexFreshness,
    IndexQuery,
    index_freshness,
    order_index_select,
    order_index_window,
)
from apps.orders.filters import OrderFilters

READERS = 8  # Blend reads of one page's rows at a time


def index_query(filters: OrderFilters) -> IndexQuery:
    return IndexQuery(
        statuses=list(filters.statuses),
        created_from=filters.created_from,
        created_to=filters.created_to,
        product_id=filters.product,
        ship_state=filters.ship_state,
        stuck=filters.stuck,
        request=filters.request,
        paused_long=filters.paused_long,
        unmatched=filters.has_unmatched_prescriptions,
        blend_stuck=filters.blend_stuck,
        sort=filters.sort or "-created",
    )


def summary_of(row: IndexedOrder) -> OrderSummary:
    """What the index knows of an order, as a list row (no patient: the index keeps none)."""
    return OrderSummary(
        id=row.id,
        order_number=row.order_number,
        created_at=row.created_at,
        updated_at=row.updated_at,
        status=row.status,
        priority_requested=row.priority_requested,
        cancellation_requested=row.cancellation_requested,
        is_replacement=row.is_replacement,
        replacement_request_status=row.replacement_request_status or None,
    )


def read_rows(rows: Iterable[IndexedOrder]) -> list[OrderSummary]:
    """The orders of `rows` as Blend has them now, read together; one Blend cannot read shows as the
    index has it."""
    blend = get_blend()

    def read(row: IndexedOrder) -> OrderSummary:
        try:
            return blend.order_get(order_id=row.id)
        except BlendError:
            return summary_of(row)

    rows = list(rows)
    with ThreadPoolExecutor(max_workers=READERS, thread_name_prefix="order-rows") as pool:
        return list(pool.map(read, rows))


@dataclass(frozen=True)
class IndexedPage:
    orders: list[OrderSummary]
    page: Page[OrderSummary]
    freshness: IndexFreshness


def indexed_page(filters: OrderFilters) -> IndexedPage:
    """One page of the orders the filters select, with the exact count."""
    size = filters.page_size
    start = (filters.page - 1) * size
    total, rows = order_index_window(query=index_query(filters), start=start, size=size)
    orders = read_rows(rows)
    pages = max(1, math.ceil(total / size))
    page = Page(orders, filters.page, size, total, pages, max(0, total - start - len(orders)))
    return IndexedPage(orders, page, index_freshness())


def indexed_all(filters: OrderFilters, *, chunk: int = 50) -> Iterator[OrderSummary]:
    """Every order the filters select, read from Blend `chunk` at a time as the caller goes (an export)."""
    selected = order_index_select(query=index_query(filters))
    batch: list[IndexedOrder] = []
    for row in selected.iterator(chunk_size=500):
        batch.append(row)
        if len(batch) == chunk:
            yield from read_rows(batch)
            batch = []
    if batch:
        yield from read_rows(batch)


def indexed_ids(filters: OrderFilters) -> list[str]:
    return list(order_index_select(query=index_query(filters)).values_list("id", flat=True))
