"""Stuck at Blend in the order index: Blend's `order.stuck` event (with one of its four reasons) marks
the order's row, the order moving on clears it, and the full sync and the reconciliation agree with
the events, also for an event the index missed. The order list's "Stuck at Blend" filter, the order
page and support's home queue read it from the index: exact, "as of", no Blend call per order."""

from __future__ import annotations

import re

import pytest

from apps.core import queue
from apps.orderindex import services
from apps.orderindex.models import IndexedOrder
from apps.orders.filters import BLEND_STUCK_LABEL, UNCHANGED_LABEL
from apps.sandbox import clock as sandbox_clock

pytestmark = pytest.mark.django_db


def _about_to_stick(sandbox, reason: str = sandbox_clock.TOO_EARLY) -> dict:
    return next(
        r
        for r in sorted(sandbox.state.orders.rows(), key=lambda r: r["order_number"])
        if r["status"] in ("received", "data_entry")
        and (step := sandbox.clock.next_step(r["id"])) is not None
        and step.detail == reason
    )


def _turn(sandbox, order: dict) -> None:
    """Turn the sandbox's clock to the order's next step (others' steps due by then happen too)."""
    sandbox.clock.advance(sandbox.clock.seconds_until(order["id"]))


def _stuck_at_blend(sandbox) -> set[str]:
    return {r["id"] for r in sandbox.state.orders.rows() if r.get("_stuck")}


def _indexed_stuck() -> set[str]:
    return set(IndexedOrder.objects.exclude(blend_stuck_reason="").values_list("id", flat=True))


# --- the index, by event, by sync, by reconciliation -------------------------------------------


def test_an_order_stuck_event_marks_the_order_with_blends_reason(sandbox, blend_webhooks):
    order = _about_to_stick(sandbox, sandbox_clock.NO_REFILLS)

    _turn(sandbox, order)
    queue.run_jobs()

    row = IndexedOrder.objects.get(id=order["id"])
    assert row.blend_stuck_reason == sandbox_clock.NO_REFILLS
    assert row.blend_stuck_status == sandbox.state.orders.get(order["id"])["status"]
    assert row.blend_stuck_at is not None
    assert _indexed_stuck() == _stuck_at_blend(sandbox)  # every order the turn got stuck, no other


def test_an_order_that_moves_on_is_no_longer_stuck(sandbox, blend_webhooks):
    order = _about_to_stick(sandbox)  # too early to fill: it clears by itself
    _turn(sandbox, order)
    queue.run_jobs()
    assert IndexedOrder.objects.get(id=order["id"]).blend_stuck_reason

    _turn(sandbox, order)  # Blend fills it: order.status_changed
    queue.run_jobs()

    assert IndexedOrder.objects.get(id=order["id"]).blend_stuck_reason == ""
    assert _indexed_stuck() == _stuck_at_blend(sandbox)


def test_the_full_sync_takes_the_stuck_state_from_the_events(sandbox, blend_webhooks):
    order = _about_to_stick(sandbox, sandbox_clock.EXPIRED)
    _turn(sandbox, order)
    queue.run_jobs()
    IndexedOrder.objects.all().delete()  # an index built after the events came

    run = services.order_index_sync()

    assert run.done
    assert IndexedOrder.objects.get(id=order["id"]).blend_stuck_reason == sandbox_clock.EXPIRED
    assert _indexed_stuck() == _stuck_at_blend(sandbox)


def test_the_sync_clears_an_order_that_moved_on_while_its_event_was_missed(
    sandbox, blend_webhooks, monkeypatch
):
    order = _about_to_stick(sandbox)
    _turn(sandbox, order)
    queue.run_jobs()
    monkeypatch.setattr(blend_webhooks, "emit", lambda *args, **kwargs: None)  # Blend's events are lost

    _turn(sandbox, order)  # it moved on; nobody was told
    assert IndexedOrder.objects.get(id=order["id"]).blend_stuck_reason  # the index still says stuck
    services.order_index_sync()

    assert IndexedOrder.objects.get(id=order["id"]).blend_stuck_reason == ""


def test_reconciliation_marks_a_stuck_order_whose_event_the_index_missed(sandbox, blend_webhooks):
    assert services.order_index_sync().done  # the index, complete
    order = _about_to_stick(sandbox, sandbox_clock.NO_REFILLS)
    _turn(sandbox, order)  # order.stuck is received and stored, but its job has not run (worker down)
    assert IndexedOrder.objects.get(id=order["id"]).blend_stuck_reason == ""

    run = services.order_index_sync()  # the periodic reconciliation: a new full sync

    assert run.done
    assert IndexedOrder.objects.get(id=order["id"]).blend_stuck_reason == sandbox_clock.NO_REFILLS
    assert _indexed_stuck() == _stuck_at_blend(sandbox)


# --- reading it --------------------------------------------------------------------------------


def _rows(html: str) -> list[str]:
    return re.findall(r'<tr id="order-row-([0-9a-f-]+)">', html)


def _several_stuck(sandbox) -> set[str]:
    _turn(sandbox, _about_to_stick(sandbox, sandbox_clock.NO_REFILLS))  # others get stuck meanwhile
    queue.run_jobs()
    services.order_index_sync()
    stuck = _stuck_at_blend(sandbox)
    assert len(stuck) >= 2
    return stuck


def test_the_stuck_at_blend_filter_lists_exactly_the_stuck_orders(support_client, sandbox, blend_webhooks):
    stuck = _several_stuck(sandbox)
    seen = len(sandbox.faults.seen)

    html = support_client.get("/orders/?blend_stuck=on&page_size=100").content.decode()

    assert set(_rows(html)) == stuck
    assert f"of {len(stuck)}</span>" in html or f"of {len(stuck)}<" in html  # the exact count
    assert "order index as of" in html
    assert "No refills remaining" in html and "Too early to fill" in html  # Blend's reasons, in words
    reads = [p for m, p in sandbox.faults.seen[seen:] if m == "GET" and p.startswith("/orders")]
    assert sorted(reads) == sorted(["/orders/statuses", *(f"/orders/{i}" for i in stuck)])  # no scan


def test_the_filter_combines_with_a_status(support_client, sandbox, blend_webhooks, htmx_headers):
    stuck = _several_stuck(sandbox)
    in_data_entry = {i for i in stuck if sandbox.state.orders.get(i)["status"] == "data_entry"}

    html = support_client.get(
        "/orders/?blend_stuck=on&status=data_entry&page_size=100", headers=htmx_headers
    ).content.decode()

    assert set(_rows(html)) == in_data_entry and "<html" not in html


def test_the_two_stucks_are_named_apart(support_client, sandbox):
    html = support_client.get("/orders/").content.decode()

    assert BLEND_STUCK_LABEL in html.replace("&#x27;", "'") and UNCHANGED_LABEL in html
    assert BLEND_STUCK_LABEL != UNCHANGED_LABEL and "Stuck at Blend" not in UNCHANGED_LABEL


def test_supports_home_queue_counts_them_exactly_as_of_the_index(support_client, sandbox, blend_webhooks):
    stuck = _several_stuck(sandbox)

    html = support_client.get("/").content.decode()

    found = re.search(r'<span class="queue-count">(\d+)</span> Stuck at Blend.*?as of', html, re.S)
    assert found and int(found.group(1)) == len(stuck)
