"""Saved views in a browser (issue 23): a support agent filters the order list, saves it as a view
shared with Support, finds it in the list's views with its live count, and a manager makes it
Support's default queue, which Support's home page then shows. axe-core finds no violation on each
page visited."""

from __future__ import annotations

from playwright.sync_api import expect

from apps.orderindex import services as index_services
from tests.browser.helpers import assert_no_axe_violations


def test_a_view_saved_shared_and_made_the_roles_queue(page_as, sandbox):
    index_services.order_index_sync()
    exceptions = sum(1 for r in sandbox.state.orders.rows() if r["status"] == "exception")
    page = page_as("support")
    page.goto("/orders/?status=exception")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Save as a view").click()
    expect(page.get_by_role("heading", name="Save a view of the order list")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_label("Name").fill("Morning exceptions")
    page.get_by_label("Who sees it").select_option("Support")
    page.get_by_role("button", name="Save view").click()
    views = page.get_by_role("navigation", name="Saved views")
    current = views.locator('[aria-current="page"]')
    expect(current).to_contain_text("Morning exceptions")
    expect(current.locator(".saved-view-count")).to_have_text(str(exceptions))
    page.goto("/orders/views/")
    expect(page.get_by_role("heading", name="Your views")).to_be_visible()
    assert_no_axe_violations(page)

    manager = page_as("manager")
    manager.goto("/orders/views/")
    queue = manager.get_by_label("Default queue of Support")
    queue.select_option(queue.locator("option", has_text="Morning exceptions").get_attribute("value"))
    queue.locator("xpath=..").get_by_role("button", name="Set").click()
    expect(manager.locator("#toasts")).to_contain_text("Support now starts from “Morning exceptions”")
    assert_no_axe_violations(manager)

    page.goto("/")
    expect(page.locator(".role-queue")).to_contain_text(f"Morning exceptions — {exceptions} orders")
    assert_no_axe_violations(page)
