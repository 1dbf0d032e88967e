"""Processing an event on the queue: the order read again from Blend, an older state never over a
newer one, retries, failures and the "changed since" query pages build on."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from apps.core import queue
from apps.events.models import Event, OrderState
from apps.events.selectors import orders_changed_since
from apps.events.signals import order_changed
from tests.events.conftest import deliver, order_event, set_order

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _three_attempts(settings, webhook_secret):
    settings.TASKS_MAX_ATTEMPTS = 3


def _event() -> Event:
    return Event.objects.order_by("-id").first()


def test_the_status_shown_is_blends_not_the_events(an_order):
    deliver(order_event(an_order, status_name="Received"))  # the event says Received
    queue.run_jobs()
    event = _event()
    state = OrderState.objects.get(order_id=an_order["id"])
    assert event.state == Event.State.PROCESSED
    assert state.status == an_order["status"]  # what Blend says the order is now
    assert state.order_number == an_order["order_number"]
    assert an_order["order_number"] in event.outcome


def test_a_new_status_at_blend_is_picked_up(an_order, sandbox):
    deliver(order_event(an_order))
    queue.run_jobs()
    set_order(sandbox, an_order["id"], status="exception", updated_at="2026-12-01T10:00:00Z")
    deliver(order_event(an_order, updated_at="2026-12-01T10:00:00"))
    queue.run_jobs()
    state = OrderState.objects.get(order_id=an_order["id"])
    assert (state.status, state.blend_updated_at.isoformat()) == ("exception", "2026-12-01T10:00:00+00:00")
    assert "is now" in _event().outcome


def test_an_older_event_arriving_late_changes_nothing(an_order, sandbox):
    set_order(sandbox, an_order["id"], status="shipped", updated_at="2026-12-01T10:00:00Z")
    deliver(
        order_event(an_order, code="order.shipped", updated_at="2026-12-01T10:00:00", order_id=an_order["id"])
    )
    queue.run_jobs()
    seen = len(sandbox.faults.seen)
    deliver(order_event(an_order, updated_at="2026-11-30T09:00:00"))  # sent earlier, arrived later
    queue.run_jobs()
    late = _event()
    assert late.state == Event.State.PROCESSED
    assert late.outcome.startswith("Older than what is known")
    assert OrderState.objects.get(order_id=an_order["id"]).status == "shipped"
    assert len(sandbox.faults.seen) == seen  # no need to ask Blend


def test_an_older_answer_from_blend_never_replaces_a_newer_one(an_order, sandbox):
    from apps.blend.runtime import get_blend
    from apps.events.processing import order_state_save

    deliver(order_event(an_order))
    event = _event()
    set_order(sandbox, an_order["id"], status="picked", updated_at="2026-12-01T08:00:00Z")
    older = get_blend().order_get(order_id=an_order["id"])  # a slow job's read...
    set_order(sandbox, an_order["id"], status="verified", updated_at="2026-12-01T09:00:00Z")
    newer = get_blend().order_get(order_id=an_order["id"])  # ...overtaken by a later one
    assert order_state_save(order=newer, event=event) is True
    assert order_state_save(order=older, event=event) is False
    assert OrderState.objects.get(order_id=an_order["id"]).status == "verified"


def test_an_event_for_an_order_blend_does_not_know(sandbox):
    deliver(order_event({"id": "9b1e0000-0000-4000-8000-000000000000", "created_at": "2025-01-01T00:00:00",
                         "updated_at": "2025-01-01T00:00:00", "order_number": "ORDNOPE"}))  # fmt: skip
    queue.run_jobs()
    event = _event()
    assert event.state == Event.State.PROCESSED
    assert event.outcome == "Blend has no such order: nothing to update."
    assert not OrderState.objects.exists()


def test_a_shipment_event_without_an_order_id_is_stored_only():
    shipment = {"id": "shp-1", "updated_at": "2025-03-16T22:55:37.920593", "tracking_number": "9400"}
    deliver({"event_code": "order.shipped", "data": shipment})
    queue.run_jobs()
    assert _event().outcome == "The event names no order: stored only."


def test_a_prescription_event_is_stored_only():
    deliver(
        {"event_code": "prescription.cancelled", "data": {"id": "rx-1", "updated_at": "2025-01-01T00:00:00"}}
    )
    queue.run_jobs()
    assert (_event().state, _event().order_id) == (Event.State.PROCESSED, "")


def test_a_job_that_fails_then_succeeds(an_order, sandbox):
    sandbox.faults.add(503, path=f"/orders/{an_order['id']}", times=3)  # the read and its two retries
    deliver(order_event(an_order))
    queue.run_jobs()
    event = _event()
    assert event.state == Event.State.WAITING
    assert "BlendServerError" in event.error
    queue.jobs_make_due()
    queue.run_jobs()
    event.refresh_from_db()
    assert (event.state, event.attempts, event.error) == (Event.State.PROCESSED, 2, "")
    assert OrderState.objects.filter(order_id=an_order["id"]).exists()


def test_a_job_that_keeps_failing_leaves_the_event_failed(an_order, sandbox):
    sandbox.faults.add(503, path=f"/orders/{an_order['id']}", times=100)
    deliver(order_event(an_order))
    for _ in range(4):
        queue.jobs_make_due()
        queue.run_jobs()
    event = _event()
    assert (event.state, event.attempts) == (Event.State.FAILED, 3)
    assert "BlendServerError" in event.error


def test_an_event_whose_worker_died_is_processed_again(an_order):
    deliver(order_event(an_order))
    job = DBTaskResult.objects.get()
    job.claim("worker-that-died")
    queue.jobs_recover_stale(now=timezone.now() + timedelta(minutes=10))
    queue.run_jobs()
    assert _event().state == Event.State.PROCESSED


def test_an_event_whose_worker_died_on_its_last_attempt_is_failed(an_order):
    deliver(order_event(an_order))
    for attempt in range(3):
        DBTaskResult.objects.get().claim(f"worker-{attempt}")
        queue.jobs_recover_stale(now=timezone.now() + timedelta(minutes=10 * (attempt + 1)))
    event = _event()
    assert event.state == Event.State.FAILED
    assert "worker-2 stopped" in event.error


def test_processing_twice_is_harmless(an_order):
    from apps.events.processing import event_process

    deliver(order_event(an_order))
    queue.run_jobs()
    before = OrderState.objects.get(order_id=an_order["id"]).changed_at
    assert "is still" in event_process(event_id=_event().id)
    assert OrderState.objects.get(order_id=an_order["id"]).changed_at == before


def test_order_changed_is_sent_with_the_order_read_from_blend(an_order):
    received = []

    def receiver(sender, **kwargs):
        received.append(kwargs)

    order_changed.connect(receiver)
    try:
        deliver(order_event(an_order))
        queue.run_jobs()
    finally:
        order_changed.disconnect(receiver)
    assert len(received) == 1
    assert received[0]["order_id"] == an_order["id"]
    assert received[0]["order"].status == an_order["status"]
    assert received[0]["changed"] is True


def test_orders_changed_since_names_the_orders_that_changed_after_t(an_order, sandbox):
    others = [row for row in sandbox.state.orders.rows() if row["id"] != an_order["id"]][:2]
    deliver(order_event(others[0]))
    queue.run_jobs()
    since = OrderState.objects.get().changed_at
    assert orders_changed_since(since=since).orders == []  # nothing changed since: empty
    deliver(order_event(an_order))
    deliver(order_event(others[1]))
    queue.run_jobs()
    changes = orders_changed_since(since=since)
    assert [change.order_id for change in changes.orders] == [an_order["id"], others[1]["id"]]
    assert changes.cursor == changes.orders[-1].changed_at
    only = orders_changed_since(since=since, order_ids=[an_order["id"]])
    assert [change.status for change in only.orders] == [an_order["status"]]
