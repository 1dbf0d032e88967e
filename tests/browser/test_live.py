"""An order page left open while Blend (the sandbox's clock, turned by the test) ships the order: the
events go to the receiver over HTTP, the queue processes them, and the page shows the new status and
the tracking number by itself, without a reload, keeping what the user had focused."""

from __future__ import annotations

from playwright.sync_api import expect

from apps.blend.runtime import get_blend
from apps.core import queue
from apps.events.secrets import webhook_secret_save
from apps.sandbox import webhooks
from tests.browser.helpers import assert_accessible, wait_until_true


def _verified_about_to_ship(sandbox) -> dict:
    for row in sorted(sandbox.state.orders.rows(), key=lambda r: r["order_number"]):
        step = sandbox.clock.next_step(row["id"]) if row["status"] == "verified" else None
        if step is not None and step.detail == "shipped" and not row.get("custom_shipping"):
            return row
    raise AssertionError("no verified order about to ship")


def test_an_open_order_page_shows_the_shipment_by_itself(support_page, sandbox, live_url, transactional_db):
    blend = get_blend()
    webhook_secret_save(blend.webhook_secret_generate())
    blend.webhook_create(url=f"{live_url}/webhooks/blend/", event_codes=["all"])
    order = _verified_about_to_ship(sandbox)
    page = support_page
    page.goto(f"/orders/{order['id']}/")
    expect(page.locator("#order-state h1")).to_contain_text("Verified")
    page.evaluate("window.notReloaded = true")
    page.locator("#order-state a", has_text="Refresh").focus()

    sandbox.clock.advance(sandbox.clock.seconds_until(order["id"]))  # Blend ships it
    for delivery in list(webhooks.log):  # the events reach the receiver over HTTP
        assert delivery.done.wait(10) and delivery.outcome in ("delivered", "skipped")
    queue.run_jobs()  # the worker processes them

    tracking = sandbox.state.orders.get(order["id"])["shipments"][-1]["tracking_number"]
    expect(page.locator("#order-cards")).to_contain_text(tracking, timeout=6000)
    expect(page.locator("#announcer")).to_contain_text(f"Order {order['order_number']} is now Shipping.")
    assert page.evaluate("window.notReloaded") is True
    # The status region waits while the user is in it, and reads again once they leave it.
    expect(page.locator("#order-state h1")).to_contain_text("Verified")
    page.locator("h2", has_text="Patient").click()
    expect(page.locator("#order-state h1")).to_contain_text("Shipping", timeout=6000)
    assert_accessible(page)


def _create_an_order_elsewhere(sandbox) -> str:
    """Another user (or Blend itself) creates an order: its number. Blend sends `order.created`."""
    busy = {o["_patient_id"] for o in sandbox.state.orders.rows() if o["status"] == "received"}
    patient = next(p for p in sandbox.state.patients.rows() if p["id"] not in busy and p["address"])
    product = next(p for p in sandbox.state.products.rows() if p["_kind"] == "prescription")
    lines = {"prescription": [{"id": product["id"], "quantity": 1}]}
    return get_blend().order_create(order={"patient_id": patient["id"], "products": lines}).order_number


def test_a_new_order_appears_on_an_open_order_list(support_page, sandbox, live_url, transactional_db):
    blend = get_blend()
    webhook_secret_save(blend.webhook_secret_generate())
    blend.webhook_create(url=f"{live_url}/webhooks/blend/", event_codes=["all"])
    page = support_page
    page.set_viewport_size({"width": 1280, "height": 500})
    page.goto("/orders/")
    expect(page.locator("#order-results tbody tr").first).to_be_visible()
    page.evaluate("window.notReloaded = true")
    page.locator("#order-q").press_sequentially("O")  # typing, not yet a search (too short)
    expect(page.locator("#order-results")).to_contain_text("Type at least 2 characters")
    page.mouse.wheel(0, 200)
    wait_until_true(page, "window.scrollY > 0")
    scrolled = page.evaluate("window.scrollY")
    before = page.locator("#order-results tbody tr").count()

    number = _create_an_order_elsewhere(sandbox)
    for delivery in list(webhooks.log):  # order.created reaches the receiver over HTTP
        assert delivery.done.wait(10) and delivery.outcome in ("delivered", "skipped")
    queue.run_jobs()  # the worker processes it

    expect(page.locator("#order-results tbody tr").first).to_contain_text(number, timeout=6000)
    expect(page.locator("#announcer")).to_contain_text("1 new order in this list.")
    assert page.evaluate("window.notReloaded") is True
    assert page.locator("#order-results tbody tr").count() == before  # full: the oldest row left
    expect(page.locator("#order-q")).to_be_focused()  # what was being typed stays, with the focus
    expect(page.locator("#order-q")).to_have_value("O")
    assert page.evaluate("window.scrollY") == scrolled
    assert_accessible(page)
