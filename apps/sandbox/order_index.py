"""Cached views of the orders table for `GET /orders` and `GET /orders/{id}`: all orders newest
first, the same filtered, and each order's JSON as Blend sends it (patient embedded). They are
`Table.derived()` values, so any write to the orders (or, for the JSON, to the patients) drops them
and the next request rebuilds what it needs.
"""

from __future__ import annotations

from operator import itemgetter

from apps.sandbox.http import encode_json
from apps.sandbox.lookups import render_order
from apps.sandbox.state import Row, SandboxState

NEWEST_FIRST = itemgetter("created_at", "id")
MAX_FILTERS = 64  # distinct filter combinations kept per version of the orders table

Filter = tuple[frozenset[str], bool | None]  # (statuses, or none for all; has unmatched prescriptions)


def has_unmatched_prescriptions(row: Row) -> bool:
    return any(not line.get("has_prescription") for line in row["products"]["prescription"])


def newest_first(state: SandboxState) -> list[Row]:
    """Every order, newest first (ties broken by id, descending)."""
    orders = state.orders
    return orders.derived("newest_first", lambda: sorted(orders.rows(), key=NEWEST_FIRST, reverse=True))


def filtered(state: SandboxState, statuses: frozenset[str], unmatched: bool | None) -> list[Row]:
    """The orders in one of `statuses` (any, if empty) whose unmatched-prescription flag is
    `unmatched` (either, if None), newest first."""
    lists: dict[Filter, list[Row]] = state.orders.derived("filtered", dict)
    key = (statuses, unmatched)
    if key not in lists:
        if len(lists) >= MAX_FILTERS:
            lists.clear()
        lists[key] = [row for row in newest_first(state) if _wanted(row, statuses, unmatched)]
    return lists[key]


def _wanted(row: Row, statuses: frozenset[str], unmatched: bool | None) -> bool:
    if statuses and row["status"] not in statuses:
        return False
    return unmatched is None or has_unmatched_prescriptions(row) == unmatched


def order_json(state: SandboxState, row: Row) -> bytes:
    """`encode_json(render_order(state, row))`, encoded once per version of the orders and patients."""
    encoded: dict[str, bytes] = state.orders.derived("json", dict, also=(state.patients,))
    if row["id"] not in encoded:
        encoded[row["id"]] = encode_json(render_order(state, row))
    return encoded[row["id"]]
