"""The events area's queue job: process one stored event (apps.core.queue runs and retries it)."""

from __future__ import annotations

from typing import Any

from django.tasks import TaskContext, task
from django.tasks.base import TaskResultStatus

from apps.core.queue import WORKER_DIED, WorkerDied, is_last_attempt, max_attempts
from apps.events import processing


@task(takes_context=True)
def event_process_job(context: TaskContext, event_id: int) -> str:
    try:
        return processing.event_process(event_id=event_id, attempt=context.attempt)
    except Exception as exc:
        processing.event_failed(event_id=event_id, error=exc, final=is_last_attempt(context))
        raise


def event_job_finished(sender: Any, task_result: Any, **kwargs: Any) -> None:
    """An event whose job failed for good is FAILED, also when its last worker died under it (the
    job never got to say so itself)."""
    if task_result.task.module_path != event_process_job.module_path:
        return
    if task_result.status != TaskResultStatus.FAILED or task_result.attempts < max_attempts():
        return
    last = task_result.errors[-1] if task_result.errors else None
    if last is not None and last.exception_class_path == WORKER_DIED:  # others were recorded by the job
        processing.event_failed(event_id=task_result.args[0], error=WorkerDied(last.traceback), final=True)
