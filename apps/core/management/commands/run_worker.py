"""`manage.py run_worker`: a queue worker. django-tasks-db's `db_worker` (same options), plus retries
of failed jobs with backoff and recovery of jobs whose worker died (apps.core.queue). Run as many as
needed, on as many machines as needed, against the same database; each takes one job at a time."""

from __future__ import annotations

import os
from typing import Any

from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker

from apps.core.queue import QueueWorker


class Command(db_worker.Command):
    help = "Run a BlendAdmin queue worker (django-tasks-db's db_worker with retries and recovery)"

    def handle(self, *, verbosity: int, reload: bool, batch: bool, **options: Any) -> None:
        self.configure_logging(verbosity)
        queue_names = options["queue_name"].split(",")
        excluded = options["exclude_queues"].split(",") if options["exclude_queues"] else []
        worker = QueueWorker(
            queue_names=queue_names,
            interval=options["interval"],
            batch=batch,
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
            excluded_queue_names=excluded,
        )
        if reload and not batch:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
