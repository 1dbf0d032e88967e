"""The order index's background work on the task queue: tasks take ids, never objects, and re-read
Blend. Safe to run twice: a second sync resumes (or finds nothing left), a refresh re-reads."""

from __future__ import annotations

from django.db import transaction
from django.tasks import task

from apps.orderindex import services

SLICE_SECONDS = 60  # one job's share of a long sync; it then queues the next share


@task
def order_index_sync_task() -> int:
    """Run or resume the full sync (the periodic reconciliation enqueues it) for about a minute, then
    queue the rest as a new job: a sync of a million orders never looks like a dead job, and other
    jobs run in between. A Blend failure fails the job; the queue retries it and it resumes."""
    run = services.order_index_sync(budget=SLICE_SECONDS)
    if not run.done:
        order_index_sync_task.enqueue()
    return run.pk


@task
def order_index_refresh_task(order_id: str) -> str:
    """Refresh one order from Blend (an event named it, or BlendAdmin changed it)."""
    row = services.index_order_refresh(order_id)
    return row.status if row else "gone"


def index_ensure() -> None:
    """Queue the first full sync when the index was never synced (a fresh installation, before the
    periodic reconciliation ran). The sync's row is written with the job, in one transaction, so
    the next page view finds it under way and queues nothing more."""
    with transaction.atomic():
        if services.IndexSync.objects.exists():
            return
        services.IndexSync.objects.create()
        order_index_sync_task.enqueue()
