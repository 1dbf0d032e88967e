"""The order index: the full sync (resumed after a stop), its refresh by events and by BlendAdmin's
own actions, and the reconciliation that catches what events missed."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from apps.blend.errors import BlendServerError
from apps.core.queue import run_jobs
from apps.orderindex import services, tasks
from apps.orderindex.models import IndexedOrder, IndexedOrderProduct, IndexSync
from apps.orderindex.tasks import order_index_refresh_task, order_index_sync_task

pytestmark = pytest.mark.django_db


def _orders_read(sandbox) -> int:
    return sum(1 for method, path in sandbox.faults.seen if method == "GET" and path == "/orders")


def test_it_indexes_every_order_of_blends_list(sandbox, blend):
    run = services.order_index_sync()
    total = len(sandbox.state.orders)
    assert run.done and run.total_count == total
    assert IndexedOrder.objects.count() == total
    assert run.blend_calls == run.total_pages == -(-total // services.PAGE_SIZE)


def test_it_keeps_ids_codes_and_flags_but_no_names_or_addresses(sandbox, blend):
    services.order_index_sync()
    some = blend.order_get(order_id=blend.order_list(page_size=1).items[0].id)
    row = IndexedOrder.objects.get(id=some.id)
    assert (row.order_number, row.status, row.patient_id) == (some.order_number, some.status, some.patient.id)
    assert row.ship_state == some.address.state
    line_ids = {line.id for _, lines in some.products.by_kind() for line in lines}
    assert set(row.product_rows.values_list("product_id", flat=True)) == line_ids
    stored = " ".join(str(v) for v in IndexedOrder.objects.filter(id=some.id).values().first().values())
    for private in (
        some.patient.first_name,
        some.patient.last_name,
        some.address.address_1,
        some.address.city,
    ):
        assert private not in stored


def test_a_stopped_sync_resumes_at_the_page_it_had_not_stored(sandbox):
    first = services.order_index_sync(max_pages=2)
    assert not first.done and first.next_page == 3
    sandbox.faults.add(500, path="/orders", times=10)
    with pytest.raises(BlendServerError):
        services.order_index_sync()
    assert "Page 3" in IndexSync.objects.get(pk=first.pk).last_error
    sandbox.faults.clear()
    done = services.order_index_sync()
    assert done.pk == first.pk and done.done and done.last_error == ""
    assert _orders_read(sandbox) == done.total_pages - 2  # pages 1 and 2 were not read again
    assert IndexedOrder.objects.count() == len(sandbox.state.orders)


def test_the_sync_waits_between_pages(sandbox):
    waits = []
    services.order_index_sync(max_pages=3, pause=0.25, sleep=waits.append)
    assert waits == [0.25, 0.25]


def test_an_event_refresh_takes_the_orders_state_from_blend(sandbox, blend):
    services.order_index_sync()
    order = next(o for o in blend.order_list(page_size=50, statuses=["received"]).items)
    blend.order_pause(order_id=order.id)
    assert IndexedOrder.objects.get(id=order.id).status == "received"  # nothing told the index yet
    order_index_refresh_task.enqueue(order.id)
    assert IndexedOrder.objects.get(id=order.id).status == "received"  # queued, not run yet
    run_jobs()
    assert IndexedOrder.objects.get(id=order.id).status == "paused"


def test_a_refresh_of_an_order_blend_no_longer_has_removes_it(sandbox, blend):
    services.order_index_sync()
    order_id = IndexedOrder.objects.values_list("id", flat=True).first()
    sandbox.state.orders.delete(order_id)
    assert services.index_order_refresh(order_id) is None
    assert not IndexedOrder.objects.filter(id=order_id).exists()
    assert not IndexedOrderProduct.objects.filter(order_id=order_id).exists()


def test_reconciliation_catches_changes_no_event_announced(sandbox, blend):
    services.order_index_sync()
    received = blend.order_list(page_size=5, statuses=["received"]).items
    changed, gone = received[0].id, received[1].id
    blend.order_cancel(order_id=changed)
    sandbox.state.orders.delete(gone)
    call_command("orderindex_sync")  # what cron runs
    assert IndexedOrder.objects.get(id=changed).status == "cancelled"
    assert not IndexedOrder.objects.filter(id=gone).exists()
    assert IndexedOrder.objects.count() == len(sandbox.state.orders)
    assert IndexSync.objects.filter(finished_at__isnull=False).count() == 2


def test_the_sync_task_on_the_queue_runs_the_sync(sandbox):
    result = order_index_sync_task.enqueue()
    run_jobs()
    result.refresh()
    assert IndexSync.objects.get(pk=result.return_value).done
    assert IndexedOrder.objects.count() == len(sandbox.state.orders)


def test_an_action_in_blendadmin_updates_the_index_from_blends_answer(sandbox, blend, support_client):
    services.order_index_sync()
    order = blend.order_list(page_size=5, statuses=["received"]).items[0]
    from apps.core.once import token_new

    response = support_client.post(
        f"/orders/{order.id}/actions/pause/", {"token": token_new(), "confirmed": "1"}
    )
    assert response.status_code in (200, 302)
    assert IndexedOrder.objects.get(id=order.id).status == "paused"


def test_the_first_use_of_a_never_synced_index_starts_the_sync(sandbox):
    tasks.index_ensure()
    run_jobs()
    assert IndexSync.objects.get().done
    tasks.index_ensure()  # once synced (or under way), nothing more
    assert IndexSync.objects.count() == 1


def test_a_long_sync_on_the_queue_goes_on_in_slices(sandbox, monkeypatch):
    monkeypatch.setattr(tasks, "SLICE_SECONDS", 0)  # one page per job
    order_index_sync_task.enqueue()
    ran = run_jobs()
    run = IndexSync.objects.get()
    assert run.done and ran == run.total_pages


def test_an_order_event_processed_on_the_queue_updates_the_index(sandbox, blend, settings):
    from apps.events.secrets import webhook_secret_save
    from tests.events.conftest import SECRET, deliver, order_event, set_order

    services.order_index_sync()
    webhook_secret_save(SECRET)
    order = next(row for row in sandbox.state.orders.rows() if row["status"] == "received")
    set_order(sandbox, order["id"], status="exception", updated_at="2030-01-01T10:00:00Z")
    deliver(order_event(order, updated_at="2030-01-01T10:00:00"))
    run_jobs()
    assert IndexedOrder.objects.get(id=order["id"]).status == "exception"


def test_an_order_that_cannot_be_indexed_logs_no_patient_data(caplog):
    services.index_order_store({"id": "order-1", "created_at": "Zelda Quist, 12 Elm St"})
    assert "the next sync mends it" in caplog.text
    assert "Zelda" not in caplog.text and "Elm St" not in caplog.text
    assert not IndexedOrder.objects.filter(id="order-1").exists()
