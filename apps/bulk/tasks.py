"""Bulk actions on the task queue: the task takes the run's id and carries it out (safe to run twice)."""

from __future__ import annotations

from django.tasks import task

from apps.bulk import runner

SLICE_SECONDS = 60  # one job's share of a long run; it then queues the rest


@task
def bulk_run_task(run_id: int) -> str:
    """Carry out a run for about a minute, then queue the rest as a new job (a 5,000-order run never
    looks like a dead job to the queue, and other jobs run in between)."""
    run = runner.bulk_run_execute(run_id=run_id, budget=SLICE_SECONDS)
    if run.state != "done":
        bulk_run_task.enqueue(run_id)
    return run.state
