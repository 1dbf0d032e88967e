"""The order index's background work on the task queue: tasks take ids, never objects, and re-read
Blend. Safe to run twice: a second sync resumes (or finds nothing left), a refresh re-reads."""

from __future__ import annotations

from django.tasks import task

from apps.orderindex import services


@task
def order_index_sync_task() -> int:
    """Run or resume the full sync (the periodic reconciliation enqueues it). Returns the sync's id."""
    return services.order_index_sync().pk


@task
def order_index_refresh_task(order_id: str) -> str:
    """Refresh one order from Blend (an event named it, or BlendAdmin changed it)."""
    row = services.index_order_refresh(order_id)
    return row.status if row else "gone"
