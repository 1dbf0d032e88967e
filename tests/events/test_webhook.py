"""POST /webhooks/blend/: Blend's deliveries, checked, stored once and answered at once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.tasks.base import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from apps.events.models import Event, WebhookSecret
from apps.events.secrets import webhook_secret_save
from tests.events.conftest import SECRET, URL, deliver

pytestmark = pytest.mark.django_db

# Blend's documented `order.created` example body (reference §6).
DOCS_ORDER_CREATED = {
    "event_code": "order.created",
    "data": {
        "id": "0227d1e5-ba9a-42b5-8fe2-38882aa65708",
        "created_at": "2025-03-16T22:55:37.920593",
        "updated_at": "2025-03-16T22:55:37.920593",
        "url": "https://app.byblend.com/orders/0227d1e5-ba9a-42b5-8fe2-38882aa65708",
        "order_number": "ORD250316225537XHWD",
        "first_name": "Rodrigo",
        "last_name": "Davis",
        "status_code": "N01",
        "status_name": "Received",
    },
}


def _later(event: dict, updated_at: str = "2025-03-17T08:00:00") -> dict:
    return {**event, "data": {**event["data"], "updated_at": updated_at}}


def _jobs() -> int:
    return DBTaskResult.objects.filter(task_path="apps.events.tasks.event_process_job").count()


def test_it_accepts_blends_documented_order_created_example(webhook_secret):
    response = deliver(DOCS_ORDER_CREATED)
    assert response.status_code == 200
    assert response.json()["message"] == "Webhook received successfully"
    event = Event.objects.get()
    assert (event.event_code, event.order_id) == ("order.created", "0227d1e5-ba9a-42b5-8fe2-38882aa65708")
    assert event.object_updated_at == "2025-03-16T22:55:37.920593"
    assert event.state == Event.State.WAITING
    assert _jobs() == 1


def test_it_stores_the_raw_body_as_received(webhook_secret):
    raw = b'{"event_code": "order.created",   "data": {"id": "x-1", "updated_at": "2025-01-01T00:00:00"}}'
    deliver(raw)
    assert Event.objects.get().body == raw.decode()


def test_it_needs_no_sign_in_and_no_csrf_token(webhook_secret):
    from django.test import Client

    response = deliver(DOCS_ORDER_CREATED, client=Client(enforce_csrf_checks=True))
    assert response.status_code == 200


def test_it_refuses_a_missing_secret(webhook_secret):
    response = deliver(DOCS_ORDER_CREATED, secret=None)
    assert response.status_code == 401
    assert not Event.objects.exists()


def test_it_refuses_a_wrong_secret(webhook_secret):
    assert deliver(DOCS_ORDER_CREATED, secret="whsec_not-it").status_code == 401
    assert deliver(DOCS_ORDER_CREATED, secret=SECRET[:-1]).status_code == 401
    assert not Event.objects.exists()


def test_it_refuses_a_secret_sent_otherwise_than_as_a_bearer_token(webhook_secret):
    assert deliver(DOCS_ORDER_CREATED, secret=None, Authorization=f"Basic {SECRET}").status_code == 401
    assert deliver(DOCS_ORDER_CREATED, secret=None, Authorization=SECRET).status_code == 401


def test_it_refuses_everything_before_a_secret_was_generated(db):
    assert deliver(DOCS_ORDER_CREATED, secret="anything").status_code == 401


def test_the_previous_secret_works_for_a_short_overlap_after_a_rotation(webhook_secret, settings):
    settings.WEBHOOK_SECRET_OVERLAP = 600
    webhook_secret_save("whsec_the-new-one")
    assert deliver(DOCS_ORDER_CREATED, secret="whsec_the-new-one").status_code == 200
    assert deliver(_later(DOCS_ORDER_CREATED), secret=SECRET).status_code == 200  # the previous one
    WebhookSecret.objects.filter(replaced_at__isnull=False).update(
        replaced_at=timezone.now() - timedelta(seconds=601)
    )
    assert deliver(DOCS_ORDER_CREATED, secret=SECRET).status_code == 401
    assert deliver(DOCS_ORDER_CREATED, secret="whsec_the-new-one").status_code == 200


def test_the_secret_is_stored_encrypted(webhook_secret):
    stored = WebhookSecret.objects.get().encrypted
    assert SECRET not in stored
    assert stored.startswith("gAAAA")  # a Fernet token


@pytest.mark.parametrize(
    "body",
    [
        b"{not json",
        b"",
        b"\xff\xfe",
        b"[1, 2]",
        b'{"data": {"id": "x"}}',
        b'{"event_code": "", "data": {}}',
        b'{"event_code": "order.created", "data": "x"}',
        b'{"event_code": "order.created", "data": {"id": {"nested": 1}}}',
    ],
)
def test_it_answers_400_to_a_malformed_body(webhook_secret, body):
    response = deliver(body)
    assert response.status_code == 400
    assert response.json()["error"]
    assert not Event.objects.exists()


def test_it_answers_413_to_an_oversized_body(webhook_secret, settings):
    settings.WEBHOOK_MAX_BYTES = 1024
    big = {"event_code": "order.created", "data": {"id": "x", "padding": "a" * 2000}}
    assert deliver(big).status_code == 413
    assert not Event.objects.exists()


def test_it_answers_413_before_reading_a_body_declared_too_large(webhook_secret, settings):
    from django.test import Client

    settings.WEBHOOK_MAX_BYTES = 1024
    response = Client().generic(
        "POST", URL, b"{}", content_type="application/json",
        headers={"Authorization": f"Bearer {SECRET}"}, CONTENT_LENGTH="5000000",
    )  # fmt: skip
    assert response.status_code == 413


def test_a_wrong_secret_is_refused_before_the_size_is_looked_at(webhook_secret, settings):
    settings.WEBHOOK_MAX_BYTES = 10
    assert deliver(DOCS_ORDER_CREATED, secret="whsec_wrong").status_code == 401


def test_a_repeated_delivery_is_stored_once_and_processed_once(webhook_secret):
    first = deliver(DOCS_ORDER_CREATED)
    again = deliver(DOCS_ORDER_CREATED)
    assert (first.status_code, again.status_code) == (200, 200)
    assert again.json()["duplicate"] is True
    event = Event.objects.get()
    assert event.deliveries == 2
    assert _jobs() == 1


def test_the_database_refuses_a_second_copy_of_an_event(webhook_secret):
    from django.db import IntegrityError, transaction

    deliver(DOCS_ORDER_CREATED)
    stored = Event.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.create(
            event_code=stored.event_code,
            object_id=stored.object_id,
            object_updated_at=stored.object_updated_at,
            body="{}",
        )


def test_the_same_order_updated_again_is_a_new_event(webhook_secret):
    deliver(DOCS_ORDER_CREATED)
    deliver(_later(DOCS_ORDER_CREATED))
    assert Event.objects.count() == 2


def test_it_answers_at_once_even_when_blend_is_down(webhook_secret, sandbox):
    sandbox.faults.add(503, times=100)
    assert deliver(DOCS_ORDER_CREATED).status_code == 200
    assert sandbox.faults.seen == []  # nothing was asked of Blend while receiving


def test_the_event_and_its_job_are_stored_together(webhook_secret, monkeypatch):
    def enqueue_fails(*args, **kwargs):
        raise RuntimeError("the queue is unavailable")

    monkeypatch.setattr("django_tasks_db.backend.DatabaseBackend.enqueue", enqueue_fails)
    with pytest.raises(RuntimeError):
        deliver(DOCS_ORDER_CREATED)
    assert not Event.objects.exists()  # no event without its job


def test_it_only_takes_post(webhook_secret, client):
    assert client.get(URL).status_code == 405


def test_the_job_is_queued_not_run(webhook_secret):
    deliver(DOCS_ORDER_CREATED)
    job = DBTaskResult.objects.get()
    assert job.status == TaskResultStatus.READY
    assert job.args_kwargs["args"] == [Event.objects.get().id]
