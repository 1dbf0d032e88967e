"""Bulk actions on the task queue: the task takes the run's id and carries it out (safe to run twice)."""

from __future__ import annotations

from django.tasks import task

from apps.bulk import services


@task
def bulk_run_task(run_id: int) -> str:
    return services.bulk_run_execute(run_id=run_id).state
