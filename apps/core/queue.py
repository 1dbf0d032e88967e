"""The task queue: Django's tasks framework (`django.tasks`) on django-tasks-db's database backend.

Jobs are rows of `django_tasks_db.DBTaskResult` in BlendAdmin's own database (SQLite by default,
PostgreSQL in production), so a job is enqueued in the same transaction as the data it is about, and
any number of workers on any number of machines share the queue (`manage.py run_worker`; on
PostgreSQL each takes the next job with `SELECT ... FOR UPDATE SKIP LOCKED`).

django-tasks-db runs a job once: an exception leaves it FAILED, and a job whose worker died stays
RUNNING for ever. `run_worker` is its `db_worker` plus the two things BlendAdmin needs on top:

- **retries**: a failed job goes back to the queue, due after a backoff (`TASKS_RETRY_BACKOFF` s,
  doubling each attempt, with jitter), until it has been tried `TASKS_MAX_ATTEMPTS` times; then it
  stays FAILED, with the last exception and traceback on the row, and the task itself can record the
  failure where people look (`is_last_attempt(context)`). The row keeps the last error while it waits.
  Django's `task_finished` signal is sent for every finished run, failed ones included; for a job that
  failed for good its `task_result.attempts` is `max_attempts()`.
- **recovery**: a job RUNNING for longer than `TASKS_RUNNING_TIMEOUT` s is taken to have died with its
  worker (killed, out of memory, machine gone) and is put back on the queue; each claim counts as an
  attempt, so a job that kills its worker every time ends FAILED too. Every worker does this every
  `RECOVER_EVERY` s. A job must therefore be safe to run twice, and finish well within the timeout
  (Blend calls time out after seconds).

A task takes ids, never objects, re-reads what it needs, and is idempotent. Tests run the worker's own
step in their process (`run_jobs()`): the same claim, run, retry and failure code as a worker, on the
same backend and transaction rules as production, at the moment the test chooses.
"""

from __future__ import annotations

import logging
import random
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import close_old_connections
from django.db.models import Case, DateTimeField, F, When
from django.tasks import TaskContext
from django.tasks.base import TaskResultStatus
from django.tasks.signals import task_finished
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker as DBWorker
from django_tasks_db.models import DBTaskResult, get_date_max
from django_tasks_db.utils import exclusive_transaction

logger = logging.getLogger("blendadmin.queue")

RECOVER_EVERY = 30.0  # seconds between a worker's looks for jobs whose worker died
MAX_DELAY = 3600.0  # a retry is never put off by more than an hour
WORKER_DIED = "apps.core.queue.WorkerDied"
RECOVERY_FIELDS = ("status", "run_after", "finished_at", "exception_class_path", "traceback")


class WorkerDied(Exception):
    """Recorded on a job whose worker stopped answering while it ran (the job itself never raised)."""


def max_attempts() -> int:
    return max(1, settings.TASKS_MAX_ATTEMPTS)


def is_last_attempt(context: TaskContext) -> bool:
    """True when this run of a `takes_context` task is its last: if it fails, the job stays failed."""
    return context.attempt >= max_attempts()


def retry_delay(attempt: int) -> float:
    """Seconds before the retry that follows failed attempt `attempt` (1-based): the backoff doubled
    each time, plus up to a quarter more at random, so jobs failing together do not retry together."""
    base = settings.TASKS_RETRY_BACKOFF * 2 ** (attempt - 1)
    return min(MAX_DELAY, base * (1 + random.random() / 4))


def job_retry_later(job: DBTaskResult) -> bool:
    """A job that just failed goes back to the queue, due after the backoff, unless it has had all its
    attempts (then it stays FAILED). Its last exception stays on the row. True when requeued."""
    attempts = len(job.worker_ids)
    if attempts >= max_attempts():
        logger.error("Job %s (%s) failed after %d attempts", job.id, job.task_path, attempts)
        return False
    delay = retry_delay(attempts)
    requeued = DBTaskResult.objects.filter(id=job.id, status=TaskResultStatus.FAILED).update(
        status=TaskResultStatus.READY, run_after=timezone.now() + timedelta(seconds=delay), finished_at=None
    )
    if requeued:
        job.refresh_from_db()
        logger.warning(
            "Job %s (%s) failed (attempt %d of %d); retrying in %.0f s",
            job.id,
            job.task_path,
            attempts,
            max_attempts(),
            delay,
        )
    return bool(requeued)


def jobs_recover_stale(*, now: datetime | None = None) -> int:
    """Put back on the queue the jobs RUNNING for longer than TASKS_RUNNING_TIMEOUT (their worker died);
    a job that has had all its attempts ends FAILED instead. Returns how many were recovered."""
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.TASKS_RUNNING_TIMEOUT)
    recovered = 0
    stale = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, started_at__lt=cutoff)
    for job_id in list(stale.values_list("id", flat=True)[:500]):
        with exclusive_transaction(DBTaskResult.objects.db):
            job = stale.filter(id=job_id).select_for_update(skip_locked=True).first()
            if job is None:  # finished, or another worker is recovering it
                continue
            worker = job.worker_ids[-1] if job.worker_ids else "?"
            message = f"The worker {worker} stopped while running this job (started {job.started_at:%c})."
            job.exception_class_path = WORKER_DIED
            job.traceback = message
            if len(job.worker_ids) >= max_attempts():
                job.status, job.finished_at = TaskResultStatus.FAILED, now
                logger.error("Job %s (%s): worker died on its last attempt", job.id, job.task_path)
            else:
                job.status, job.run_after = TaskResultStatus.READY, timezone.now()
                logger.warning("Job %s (%s): its worker died; queued again", job.id, job.task_path)
            job.save(update_fields=[*RECOVERY_FIELDS])
            recovered += 1
        if job.status == TaskResultStatus.FAILED:  # as a worker does when a job fails for good
            try:
                task_finished.send(sender=type(job.task.get_backend()), task_result=job.task_result)
            except Exception:
                logger.exception("Job %s: a task_finished receiver failed", job.id)
    return recovered


class QueueWorker(DBWorker):
    """django-tasks-db's worker, with retries of failed jobs and recovery of jobs whose worker died."""

    def run(self) -> None:
        if not self.batch:
            threading.Thread(target=self._recover_forever, name="queue-recovery", daemon=True).start()
        super().run()

    def run_task(self, db_task_result: DBTaskResult) -> None:
        super().run_task(db_task_result)  # ends SUCCESSFUL or FAILED (never raises)
        if db_task_result.status == TaskResultStatus.FAILED:
            job_retry_later(db_task_result)

    def _recover_forever(self) -> None:
        stop = threading.Event()
        while self.running and not stop.wait(RECOVER_EVERY):
            try:
                jobs_recover_stale()
            except Exception:
                logger.exception("Recovering jobs whose worker died failed; trying again later")
            finally:
                close_old_connections()


def worker(*, worker_id: str, queue_names: list[str] | None = None, batch: bool = False) -> QueueWorker:
    return QueueWorker(
        queue_names=queue_names or ["*"],
        interval=1.0,
        batch=batch,
        backend_name="default",
        startup_delay=not batch,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
    )


def run_jobs(*, worker_id: str = "in-process", limit: int = 10_000) -> int:
    """Run every job that is due, one after another in this process, as a worker would (claim, run,
    retry or fail); jobs enqueued by those jobs run too. For tests and benchmarks. Returns how many
    ran. (A worker's loop also closes old database connections, which would end a test's transaction:
    this is the same step without it.)"""
    step = worker(worker_id=worker_id, batch=True)
    ran = 0
    while ran < limit:
        with exclusive_transaction(DBTaskResult.objects.db):
            job = DBTaskResult.objects.ready().filter(backend_name="default").get_locked()
            if job is None:
                return ran
            job.claim(worker_id)
        step.run_task(job)
        ran += 1
    return ran


def jobs_make_due() -> int:
    """Tests: every job waiting for its retry time becomes due now."""
    return DBTaskResult.objects.filter(status=TaskResultStatus.READY).update(run_after=timezone.now())


@dataclass(frozen=True)
class QueueHealth:
    waiting: int  # due jobs no worker has taken yet
    oldest_waiting_seconds: float  # how long the oldest of them has been due (0 when none)
    failed: int  # jobs that ended failed (all attempts used)

    @property
    def ok(self) -> bool:
        return self.oldest_waiting_seconds <= settings.TASKS_MAX_WAIT


def queue_health() -> QueueHealth:
    """The queue as a health check sees it: a job due for longer than TASKS_MAX_WAIT seconds means no
    worker is taking jobs (or too few)."""
    now = timezone.now()
    due = DBTaskResult.objects.ready().annotate(
        due_at=Case(
            When(run_after=get_date_max(), then=F("enqueued_at")),
            default=F("run_after"),
            output_field=DateTimeField(),
        )
    )
    oldest = due.order_by("due_at").values_list("due_at", flat=True).first()
    return QueueHealth(
        waiting=due.count(),
        oldest_waiting_seconds=round(max(0.0, (now - oldest).total_seconds()), 1) if oldest else 0.0,
        failed=DBTaskResult.objects.failed().count(),
    )
