"""`manage.py orderindex_sync`: the order index's reconciliation. It runs (or resumes) a full sync
of the index from Blend's order list. django.tasks has no scheduler: run it from cron (or any
scheduler) every 15 minutes; `--enqueue` puts it on the task queue instead of running it here."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from apps.orderindex import services
from apps.orderindex.tasks import order_index_sync_task


class Command(BaseCommand):
    help = "Sync (or resume syncing) the order index from Blend's order list."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--enqueue", action="store_true", help="run it on the task queue")
        parser.add_argument("--max-pages", type=int, default=None, help="stop after this many pages")

    def handle(self, *args, enqueue: bool = False, max_pages: int | None = None, **options) -> None:
        if enqueue:
            result = order_index_sync_task.enqueue()
            self.stdout.write(f"Order index sync enqueued ({result.id}).")
            return
        run = services.order_index_sync(max_pages=max_pages)
        state = "finished" if run.done else f"stopped before page {run.next_page}"
        self.stdout.write(
            f"Order index sync {run.pk} {state}: {run.orders_seen} orders read in {run.blend_calls} pages, "
            f"{run.removed} removed."
        )
