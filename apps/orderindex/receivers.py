"""Blend's order events keep the index current: each event's job has just read the order from Blend,
so the index stores that answer without asking Blend again. Stored also when the read moved nothing
(another event's job got there first): the event itself may be news to the index (Blend's
`order.stuck`, which the order's own fields do not show)."""

from __future__ import annotations

from typing import Any

from apps.orderindex.services import index_order_store


def index_on_order_changed(sender: Any, *, order: object, **kwargs: Any) -> None:
    index_order_store(order)
