"""Tasks the queue tests enqueue (a task must be importable by its module path)."""

from __future__ import annotations

from django.tasks import TaskContext, task

from apps.core.queue import is_last_attempt

runs: list[str] = []  # what each run did, in order
failures_left: dict[str, int] = {}  # name -> how many more runs fail
last_attempt_seen: list[bool] = []


@task(takes_context=True)
def flaky(context: TaskContext, name: str) -> str:
    last_attempt_seen.append(is_last_attempt(context))
    if failures_left.get(name, 0) > 0:
        failures_left[name] -= 1
        runs.append(f"{name}:failed")
        raise RuntimeError(f"{name} failed on attempt {context.attempt}")
    runs.append(f"{name}:ok")
    return name
