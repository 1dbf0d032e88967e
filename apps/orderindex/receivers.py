"""Blend's order events keep the index current: each event's job has just read the order from Blend,
so the index stores that answer without asking Blend again."""

from __future__ import annotations

from typing import Any

from apps.orderindex.services import index_order_store


def index_on_order_changed(sender: Any, *, order: object, changed: bool, **kwargs: Any) -> None:
    if changed:
        index_order_store(order)
