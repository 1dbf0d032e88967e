"""Blend's events and the notification settings, in the browser: a manager filters /events/, opens
an event's order, replays a failed event; on /settings/notifications/ subscribes BlendAdmin's
receiver (its URL filled in), rotates the secret, sends a sample and watches it arrive in /events/.
axe-core finds no violation (of any impact) on every page visited."""

from __future__ import annotations

import json

from django.utils import timezone
from playwright.sync_api import expect

from apps.blend.runtime import get_blend
from apps.core import queue
from apps.events.models import Event
from apps.events.secrets import webhook_secret_save
from apps.sandbox import webhooks
from tests.browser.helpers import assert_no_axe_violations


def _event(order: dict, code: str, state: str, stamp: str, **extra) -> Event:
    data = {"id": order["id"], "order_number": order["order_number"], "updated_at": stamp}
    return Event.objects.create(
        event_code=code, object_id=order["id"], object_updated_at=stamp, order_id=order["id"],
        body=json.dumps({"event_code": code, "data": data}), state=state, received_at=timezone.now(), **extra,
    )  # fmt: skip


def test_a_manager_filters_events_opens_one_and_replays_a_failed_one(
    manager_page, sandbox, live_url, transactional_db
):
    orders = sorted(sandbox.state.orders.rows(), key=lambda r: r["order_number"])
    shipped, received = orders[0], orders[1]
    _event(shipped, "order.shipped", Event.State.PROCESSED, "2026-12-01T10:00:00.000001", outcome="Read.")
    failed = _event(
        received, "order.status_changed", Event.State.FAILED, "2026-12-01T11:00:00.000001",
        attempts=5, error="BlendTimeout: Blend did not answer in time.",
    )  # fmt: skip
    page = manager_page
    page.goto("/events/")
    expect(page.locator("tbody tr")).to_have_count(2)
    assert_no_axe_violations(page)

    page.get_by_label("State").select_option("failed")  # the filter answers at once (HTMX)
    expect(page.locator("tbody tr")).to_have_count(1)
    expect(page.locator(f"#event-{failed.id}")).to_contain_text("Failed")
    assert "state=failed" in page.url  # the filter is in the address
    assert_no_axe_violations(page)

    page.locator(f"#event-{failed.id}").get_by_role("button", name="Replay").click()
    expect(page.locator(f"#event-{failed.id}")).to_have_count(0)  # queued again: no longer failed
    expect(page.locator("tbody")).to_contain_text("No events match these filters.")
    queue.run_jobs()  # the worker processes it again: Blend is asked, and answers
    page.get_by_label("State").select_option("processed")
    expect(page.locator(f"#event-{failed.id}")).to_contain_text("Processed")
    expect(page.locator(f"#event-{failed.id}")).to_contain_text("Read from Blend")
    assert_no_axe_violations(page)

    page.locator(f"#event-{failed.id}").get_by_role("link", name=received["order_number"]).click()  # open it
    expect(page.locator("h1")).to_contain_text(received["order_number"])
    expect(page.locator("body")).to_contain_text("Blend sent “Order status changed”")  # on its timeline
    assert_no_axe_violations(page)


def test_a_manager_subscribes_rotates_the_secret_and_sends_a_sample(
    manager_page, sandbox, live_url, transactional_db
):
    webhook_secret_save(get_blend().webhook_secret_generate())
    webhooks.log.clear()
    page = manager_page
    page.goto("/settings/notifications/")
    receiver = f"{live_url}/webhooks/blend/"
    new = page.locator("form", has=page.get_by_role("button", name="Subscribe"))
    expect(new.get_by_label("Receiver URL")).to_have_value(receiver)  # BlendAdmin's receiver, filled in
    assert_no_axe_violations(page)

    new.get_by_label("Order shipped").check()
    new.get_by_label("Order created").check()
    new.get_by_role("button", name="Subscribe").click()
    expect(page.locator("#notifications-settings")).to_contain_text("BlendAdmin's receiver")
    assert receiver in [w.url for w in get_blend().webhook_list()]  # at Blend

    page.get_by_role("button", name="Rotate the secret").click()
    expect(page.locator("#notifications-settings")).to_contain_text("previous secret is still accepted")
    assert_no_axe_violations(page)

    page.get_by_label("Event", exact=True).select_option("order.shipped")
    page.get_by_role("button", name="Send a sample to BlendAdmin").click()
    expect(page.locator("#notifications-settings")).to_be_visible()
    for delivery in list(webhooks.log):  # Blend delivers it over HTTP, with the new secret
        assert delivery.done.wait(10) and delivery.outcome == "delivered"
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Received events").click()
    expect(page).to_have_url(f"{live_url}/events/")
    expect(page.locator("tbody tr").first).to_contain_text("order.shipped")
    assert_no_axe_violations(page)
