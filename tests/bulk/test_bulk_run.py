"""Bulk actions from the order list: the dry run, the confirmed run on the queue (one Blend call per
order, at most once), partial failure, a restarted worker, double submission, roles and bad input."""

from __future__ import annotations

import pytest

from apps.audit.models import AuditEntry
from apps.bulk import runner, services
from apps.bulk.models import BulkItem, BulkRun, ItemState, RunState
from apps.core.queue import run_jobs
from tests.bulk.helpers import confirm_token, dry_run, orders_in, puts

pytestmark = pytest.mark.django_db


def test_the_dry_run_says_per_order_whether_and_why_not_and_sends_nothing(support_client, sandbox):
    received = orders_in(sandbox, "received", 3)
    delivered = orders_in(sandbox, "delivered", 2)
    run = dry_run(support_client, "pause", [r["id"] for r in received + delivered])
    page = support_client.get(f"/orders/bulk/{run.pk}/").content.decode()
    assert "Dry run: nothing has been sent yet" in page
    assert "<strong>3</strong> of 5 orders" in page
    refused = BulkItem.objects.get(run=run, order_id=delivered[0]["id"])
    assert not refused.allowed and refused.reason
    assert refused.reason in page
    assert puts(sandbox) == []


def test_every_order_matching_the_filters_is_counted_before_anything_is_sent(support_client, sandbox):
    paused = [r for r in sandbox.state.orders.rows() if r["status"] == "paused"]
    response = support_client.post(
        "/orders/bulk/new/", {"action": "unpause", "scope": "filters", "filters": "status=paused&page=2"}
    )
    run = BulkRun.objects.get()
    assert response.status_code == 302 and run.items.count() == len(paused)
    assert run.items.filter(allowed=True).count() == len(paused)
    assert "status: paused" in run.selection
    assert f"of {len(paused)} order" in support_client.get(f"/orders/bulk/{run.pk}/").content.decode()
    assert puts(sandbox) == []


def test_a_confirmed_run_sends_each_allowed_order_once_and_audits_each_and_the_run(support_client, sandbox):
    received = orders_in(sandbox, "received", 4)
    delivered = orders_in(sandbox, "delivered", 1)
    run = dry_run(support_client, "pause", [r["id"] for r in received + delivered])
    response = support_client.post(
        f"/orders/bulk/{run.pk}/confirm/", {"token": confirm_token(support_client, run)}
    )
    run.refresh_from_db()
    assert run.state == RunState.QUEUED and puts(sandbox) == []  # the page answers; the worker sends
    run_jobs()
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.state == RunState.DONE
    states = dict(run.items.values_list("order_id", "state"))
    assert [states[r["id"]] for r in received] == [ItemState.DONE] * 4
    assert states[delivered[0]["id"]] == ItemState.NOT_TRIED
    for row in received:
        assert sandbox.state.orders.get(row["id"])["status"] == "paused"
        assert len(puts(sandbox, row["id"])) == 1
    assert puts(sandbox, delivered[0]["id"]) == []
    assert AuditEntry.objects.filter(action="order.pause", outcome="ok").count() == 4
    assert AuditEntry.objects.filter(action="order.pause", outcome="refused").count() == 1
    summary = AuditEntry.objects.get(action="bulk.pause")
    assert summary.target_id == str(run.pk) and "4 done" in summary.error_message


def test_a_run_sent_twice_runs_once(support_client, sandbox):
    received = orders_in(sandbox, "received", 2)
    run = dry_run(support_client, "prioritize", [r["id"] for r in received])
    token = confirm_token(support_client, run)
    support_client.post(f"/orders/bulk/{run.pk}/confirm/", {"token": token})
    run_jobs()  # the worker
    again = support_client.post(f"/orders/bulk/{run.pk}/confirm/", {"token": token}, follow=True)
    assert "already sent once" in again.content.decode()
    fresh = support_client.post(
        f"/orders/bulk/{run.pk}/confirm/", {"token": confirm_token_any()}, follow=True
    )
    assert "already confirmed" in fresh.content.decode()
    assert len(puts(sandbox)) == 2


def confirm_token_any() -> str:
    from apps.core.once import token_new

    return token_new()


def test_a_partial_failure_says_which_orders_failed_and_which_blend_refused(support_client, sandbox):
    received = orders_in(sandbox, "received", 3)
    run = dry_run(support_client, "pause", [r["id"] for r in received])
    sandbox.faults.add(503, method="PUT", path=received[1]["id"])
    sandbox.state.orders.edit(received[2]["id"])["status"] = "picked"  # changed since the dry run
    support_client.post(f"/orders/bulk/{run.pk}/confirm/", {"token": confirm_token(support_client, run)})
    run_jobs()  # the worker
    items = {i.order_id: i for i in run.items.all()}
    assert items[received[0]["id"]].state == ItemState.DONE
    assert items[received[1]["id"]].state == ItemState.FAILED and items[received[1]["id"]].message
    assert (
        items[received[2]["id"]].state == ItemState.REFUSED and "Picked" in items[received[2]["id"]].message
    )
    assert AuditEntry.objects.get(action="bulk.pause").outcome == "failed"


def test_timeouts_and_blends_refusals_read_as_a_forms_do(support_client, sandbox):
    """The run sorts Blend's answers with send_once's own reading: a write with no answer is failed
    and unknown, a re-read with no answer failed with nothing sent, a 409 refused in Blend's words."""
    received = orders_in(sandbox, "received", 3)
    run = dry_run(support_client, "pause", [r["id"] for r in received])
    sandbox.faults.add("timeout", method="PUT", path=received[0]["id"])
    sandbox.faults.add("timeout", method="GET", path=received[1]["id"], times=10)
    sandbox.faults.add(409, method="PUT", path=received[2]["id"], message="Order is being picked.")
    support_client.post(f"/orders/bulk/{run.pk}/confirm/", {"token": confirm_token(support_client, run)})
    run_jobs()  # the worker
    items = {i.order_id: i for i in run.items.all()}
    unknown, unread, refused = (items[r["id"]] for r in received)
    assert unknown.state == ItemState.FAILED and "not known whether" in unknown.message
    assert unread.state == ItemState.FAILED and "nothing was sent" in unread.message
    assert refused.state == ItemState.REFUSED and refused.message == "Order is being picked."
    assert puts(sandbox, received[1]["id"]) == []


def test_a_worker_stopped_midway_never_sends_an_order_twice(support_user, sandbox, blend):
    from apps.audit.actor import Actor

    received = orders_in(sandbox, "received", 4)
    actor = Actor(user=support_user)
    run = services.bulk_run_create(actor=actor, action="pause", order_ids=[r["id"] for r in received])
    BulkRun.objects.filter(pk=run.pk).update(state=RunState.QUEUED)
    runner.bulk_run_execute(run_id=run.pk, max_items=1)  # the worker stops after one order...
    crashed = run.items.get(order_id=received[1]["id"])  # ...having sent the second, not its answer
    blend.order_pause(order_id=crashed.order_id)
    BulkItem.objects.filter(pk=crashed.pk).update(state=ItemState.SENDING)
    runner.bulk_run_execute(run_id=run.pk)  # restarted
    for row in received:
        assert len(puts(sandbox, row["id"])) == 1
    crashed.refresh_from_db()
    assert crashed.state == ItemState.DONE and "stopped" in crashed.message
    assert BulkRun.objects.get(pk=run.pk).state == RunState.DONE


def test_an_order_left_sending_that_blend_did_not_change_is_not_sent_again(support_user, sandbox):
    from apps.audit.actor import Actor

    received = orders_in(sandbox, "received", 2)
    run = services.bulk_run_create(
        actor=Actor(user=support_user), action="pause", order_ids=[r["id"] for r in received]
    )
    BulkRun.objects.filter(pk=run.pk).update(state=RunState.RUNNING)
    run.items.filter(order_id=received[0]["id"]).update(state=ItemState.SENDING)
    runner.bulk_run_execute(run_id=run.pk)
    lost = run.items.get(order_id=received[0]["id"])
    assert lost.state == ItemState.FAILED and "not sent again" in lost.message
    assert puts(sandbox, received[0]["id"]) == []


def test_the_run_is_paced(support_user, sandbox):
    from apps.audit.actor import Actor

    received = orders_in(sandbox, "received", 3)
    run = services.bulk_run_create(
        actor=Actor(user=support_user), action="pause", order_ids=[r["id"] for r in received]
    )
    BulkRun.objects.filter(pk=run.pk).update(state=RunState.QUEUED)
    waits: list[float] = []
    runner.bulk_run_execute(run_id=run.pk, rate=2.0, sleep=waits.append)
    assert len(waits) == 2 and all(0 < w <= 0.5 for w in waits)


def test_blend_busy_429_waits_and_sends_again_since_blend_did_nothing(support_user, sandbox):
    from apps.audit.actor import Actor

    (order,) = orders_in(sandbox, "received", 1)
    run = services.bulk_run_create(actor=Actor(user=support_user), action="pause", order_ids=[order["id"]])
    BulkRun.objects.filter(pk=run.pk).update(state=RunState.QUEUED)
    sandbox.faults.add(429, method="PUT", retry_after=3)
    waits: list[float] = []
    runner.bulk_run_execute(run_id=run.pk, sleep=waits.append)
    assert run.items.get().state == ItemState.DONE and 3 in waits
    assert sandbox.state.orders.get(order["id"])["status"] == "paused"


def test_the_outcome_downloads_as_csv(support_client, sandbox):
    received = orders_in(sandbox, "received", 2)
    run = dry_run(support_client, "pause", [r["id"] for r in received])
    support_client.post(f"/orders/bulk/{run.pk}/confirm/", {"token": confirm_token(support_client, run)})
    run_jobs()  # the worker
    response = support_client.get(f"/orders/bulk/{run.pk}/?format=csv")
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert lines[0].startswith("Order,Order id,Status at the dry run")
    assert len(lines) == 3 and all(",Done," in line for line in lines[1:])


def test_the_progress_fragment_polls_until_the_run_is_done(support_client, sandbox, htmx_headers):
    received = orders_in(sandbox, "received", 2)
    run = dry_run(support_client, "pause", [r["id"] for r in received])
    BulkRun.objects.filter(pk=run.pk).update(state=RunState.RUNNING)
    running = support_client.get(f"/orders/bulk/{run.pk}/", headers=htmx_headers).content.decode()
    assert 'id="bulk-progress"' in running and "every 2s" in running and "<html" not in running
    runner.bulk_run_execute(run_id=run.pk)
    done = support_client.get(f"/orders/bulk/{run.pk}/", headers=htmx_headers).content.decode()
    assert "every 2s" not in done and "2 done" in done


def test_request_cancellation_sends_the_comments(support_client, sandbox):
    picked = orders_in(sandbox, "picked", 1, where=lambda r: not r["cancellation_requested"])
    run = dry_run(support_client, "request_cancellation", [picked[0]["id"]])
    token = confirm_token(support_client, run)
    support_client.post(f"/orders/bulk/{run.pk}/confirm/", {"token": token, "text": "Recall of lot 42"})
    run_jobs()  # the worker
    assert sandbox.state.orders.get(picked[0]["id"])["cancellation_requested"] is True
    assert BulkRun.objects.get(pk=run.pk).text == "Recall of lot 42"


# --- roles, bad input, Blend failing ------------------------------------------------------------


def test_clinic_staff_may_not_run_bulk_actions(clinic_client, support_client, sandbox):
    (order,) = orders_in(sandbox, "received", 1)
    assert (
        clinic_client.post("/orders/bulk/new/", {"action": "pause", "order": [order["id"]]}).status_code
        == 403
    )
    run = dry_run(support_client, "pause", [order["id"]])
    assert clinic_client.get(f"/orders/bulk/{run.pk}/").status_code == 403
    assert "bulk-form" not in clinic_client.get("/orders/").content.decode()


def test_a_manager_may_and_sees_the_bulk_bar(manager_client, sandbox):
    assert "bulk-form" in manager_client.get("/orders/").content.decode()
    (order,) = orders_in(sandbox, "received", 1)
    run = dry_run(manager_client, "cancel", [order["id"]])
    assert run.items.get().allowed


def test_only_the_user_who_made_the_dry_run_confirms_it(support_client, manager_client, sandbox):
    (order,) = orders_in(sandbox, "received", 1)
    run = dry_run(support_client, "pause", [order["id"]])
    assert "bulk-confirm" not in manager_client.get(f"/orders/bulk/{run.pk}/").content.decode()
    from apps.core.once import token_new

    assert manager_client.post(f"/orders/bulk/{run.pk}/confirm/", {"token": token_new()}).status_code == 403
    assert puts(sandbox) == []


def test_an_outsider_gets_nothing(outsider_client):
    assert outsider_client.post("/orders/bulk/new/", {"action": "pause"}).status_code == 403


@pytest.mark.parametrize(
    "data,message",
    [
        ({"action": "pause", "scope": "selected"}, "Tick at least one order"),
        ({"action": "replace", "order": ["x1"]}, "Select a valid choice"),
        ({"action": "pause", "order": ["../etc"]}, "not an order id"),
    ],
)
def test_bad_input_goes_back_to_the_list_saying_why(support_client, sandbox, data, message):
    response = support_client.post("/orders/bulk/new/", data, follow=True)
    assert message in response.content.decode()
    assert not BulkRun.objects.exists()


def test_an_unknown_run_is_404(support_client):
    assert support_client.get("/orders/bulk/999/").status_code == 404


def test_blend_failing_while_reading_the_filters_shows_the_error_page(support_client, sandbox):
    sandbox.faults.add(503, method="GET", path="/orders", times=10)
    response = support_client.post(
        "/orders/bulk/new/", {"action": "pause", "scope": "filters", "filters": ""}
    )
    assert response.status_code == 503 and not BulkRun.objects.exists()


def test_an_order_blend_could_not_read_in_the_dry_run_is_not_tried(support_client, sandbox):
    received = orders_in(sandbox, "received", 2)
    sandbox.faults.add(503, method="GET", path=received[0]["id"], times=10)
    run = dry_run(support_client, "pause", [r["id"] for r in received])
    unread = run.items.get(order_id=received[0]["id"])
    assert not unread.allowed and "could not be read" in unread.reason


def test_a_search_for_last_first_selects_that_patients_orders_as_the_list_does(support_client, sandbox):
    from collections import Counter
    from urllib.parse import urlencode

    counts = Counter(r["_patient_id"] for r in sandbox.state.orders.rows())
    patient_id = sorted(pid for pid, n in counts.items() if 1 <= n <= 5)[0]
    patient = sandbox.state.patients.get(patient_id)
    q = f"{patient['last_name']}, {patient['first_name']}"
    listed = {o.id for o in support_client.get("/orders/", {"q": q}).context["found"].orders}
    response = support_client.post(
        "/orders/bulk/new/", {"action": "pause", "scope": "filters", "filters": urlencode({"q": q})}
    )
    assert response.status_code == 302
    chosen = set(BulkRun.objects.get().items.values_list("order_id", flat=True))
    theirs = {r["id"] for r in sandbox.state.orders.rows() if r["_patient_id"] == patient_id}
    assert chosen == listed and theirs <= chosen
    assert puts(sandbox) == []
