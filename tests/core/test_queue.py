"""The task queue: jobs run by the worker's own step, retried with backoff, left visibly failed,
recovered when their worker died, and reported by /healthz?deep=1."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.tasks.base import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from apps.core import queue
from tests.core import queue_tasks

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_tasks(settings):
    settings.TASKS_MAX_ATTEMPTS = 3
    settings.TASKS_RETRY_BACKOFF = 10.0
    queue_tasks.runs.clear()
    queue_tasks.failures_left.clear()
    queue_tasks.last_attempt_seen.clear()


def _job(result) -> DBTaskResult:
    return DBTaskResult.objects.get(id=result.id)


def test_it_runs_an_enqueued_job():
    result = queue_tasks.flaky.enqueue("a")
    assert queue.run_jobs() == 1
    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == "a"


def test_it_retries_a_failed_job_after_a_backoff_and_then_succeeds():
    queue_tasks.failures_left["b"] = 1
    result = queue_tasks.flaky.enqueue("b")
    before = timezone.now()
    queue.run_jobs()
    job = _job(result)
    assert job.status == TaskResultStatus.READY  # back on the queue, not lost
    assert job.run_after >= before + timedelta(seconds=10)
    assert "b failed on attempt 1" in job.traceback  # the last error stays visible
    assert queue.run_jobs() == 0  # not due yet
    queue.jobs_make_due()
    queue.run_jobs()
    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.attempts == 2
    assert queue_tasks.runs == ["b:failed", "b:ok"]


def test_the_backoff_doubles_with_each_attempt(settings):
    assert 10 <= queue.retry_delay(1) <= 12.5
    assert 20 <= queue.retry_delay(2) <= 25
    assert 40 <= queue.retry_delay(3) <= 50


def test_a_job_that_keeps_failing_ends_failed_after_its_attempts():
    queue_tasks.failures_left["c"] = 99
    result = queue_tasks.flaky.enqueue("c")
    for _ in range(5):
        queue.jobs_make_due()
        queue.run_jobs()
    result.refresh()
    assert result.status == TaskResultStatus.FAILED
    assert result.attempts == 3
    assert "c failed on attempt 3" in result.errors[0].traceback
    assert queue_tasks.last_attempt_seen == [False, False, True]
    assert queue.queue_health().failed == 1


def test_a_job_whose_worker_died_is_picked_up_again(settings):
    result = queue_tasks.flaky.enqueue("d")
    job = _job(result)
    job.claim("worker-that-died")  # taken, then the worker vanished: the row stays RUNNING
    DBTaskResult.objects.filter(id=job.id).update(started_at=timezone.now() - timedelta(minutes=10))
    assert queue.run_jobs() == 0
    assert queue.jobs_recover_stale() == 1
    assert queue.run_jobs() == 1
    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.worker_ids == ["worker-that-died", "in-process"]


def test_a_running_job_within_its_timeout_is_left_alone():
    result = queue_tasks.flaky.enqueue("e")
    _job(result).claim("busy-worker")
    assert queue.jobs_recover_stale() == 0
    assert _job(result).status == TaskResultStatus.RUNNING


def test_a_job_that_kills_its_worker_every_time_ends_failed():
    result = queue_tasks.flaky.enqueue("f")
    for attempt in range(3):
        _job(result).claim(f"worker-{attempt}")
        later = timezone.now() + timedelta(minutes=10 * (attempt + 1))
        queue.jobs_recover_stale(now=later)
    job = _job(result)
    assert job.status == TaskResultStatus.FAILED
    assert job.exception_class_path == queue.WORKER_DIED
    assert "worker-2 stopped" in job.traceback
    assert queue_tasks.runs == []


def test_deep_health_reports_the_oldest_waiting_job(client, monkeypatch):
    monkeypatch.setattr("apps.core.views.blend_check", lambda: "ok")
    result = queue_tasks.flaky.enqueue("g")
    DBTaskResult.objects.filter(id=result.id).update(enqueued_at=timezone.now() - timedelta(seconds=30))
    body = client.get("/healthz?deep=1").json()
    assert body["queue"] == "ok"
    assert body["queue_waiting"] == 1
    assert 30 <= body["queue_oldest_waiting_seconds"] < 60


def test_deep_health_fails_when_no_worker_takes_jobs(client, monkeypatch, settings):
    monkeypatch.setattr("apps.core.views.blend_check", lambda: "ok")
    settings.TASKS_MAX_WAIT = 60
    result = queue_tasks.flaky.enqueue("h")
    DBTaskResult.objects.filter(id=result.id).update(enqueued_at=timezone.now() - timedelta(minutes=5))
    response = client.get("/healthz?deep=1")
    assert response.status_code == 503
    assert response.json()["queue"] == "error"


def test_the_plain_health_check_does_not_look_at_the_queue(client):
    assert "queue" not in client.get("/healthz").json()


@pytest.mark.django_db(transaction=True)
def test_the_worker_command_runs_waiting_jobs_and_retries_failures():
    import signal

    from django.core.management import call_command

    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    queue_tasks.failures_left["i"] = 1
    good, flaky = queue_tasks.flaky.enqueue("j"), queue_tasks.flaky.enqueue("i")
    try:
        call_command("run_worker", "--batch", "--no-startup-delay", "--queue-name", "*", verbosity=0)
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)
    good.refresh()
    flaky.refresh()
    assert good.status == TaskResultStatus.SUCCESSFUL
    assert flaky.status == TaskResultStatus.READY  # failed once, waiting for its retry
