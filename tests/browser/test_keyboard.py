"""Keyboard and screen-reader behaviour (issue 13 items 22 and 23): the "/" shortcut, the skip link,
named search landmarks, focus after an HTMX swap, toasts that stay when they report an error."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import wait_until_true
from tests.orders.helpers import find_order, writes


def _focused(page) -> str:
    return page.evaluate(
        "document.activeElement.tagName + '#' + (document.activeElement.id || '') "
        "+ '|' + (document.activeElement.getAttribute('aria-label') || '')"
    )


def test_slash_focuses_the_header_search(support_page):
    support_page.goto("/orders/")
    support_page.keyboard.press("/")
    expect(support_page.get_by_label("Search everything")).to_be_focused()
    expect(support_page.get_by_label("Search everything")).to_have_value("")


def test_slash_types_a_slash_in_a_field(support_page):
    support_page.goto("/orders/")
    box = support_page.locator("#order-q")
    box.click()
    support_page.keyboard.type("a/b")
    expect(box).to_be_focused()
    expect(box).to_have_value("a/b")


def test_the_first_tab_reaches_the_skip_link(support_page):
    support_page.goto("/patients/")
    support_page.keyboard.press("Tab")
    skip = support_page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    support_page.keyboard.press("Enter")
    expect(support_page.locator("main")).to_be_focused()


@pytest.mark.parametrize("path", ["/orders/", "/patients/", "/search/?q=ab"])
def test_search_landmarks_have_distinct_names(support_page, path):
    support_page.goto(path)
    names = support_page.locator('[role="search"]').evaluate_all(
        "forms => forms.map(f => f.getAttribute('aria-label') || '')"
    )
    assert "" not in names and len(set(names)) == len(names), names


def test_focus_moves_to_the_order_heading_after_an_action(support_page, sandbox):
    order = find_order(sandbox, "received")
    support_page.goto(f"/orders/{order['id']}/")
    support_page.on("dialog", lambda dialog: dialog.accept())
    support_page.locator('[data-action="pause"]').focus()
    support_page.keyboard.press("Enter")
    expect(support_page.locator("#order-state h1 .badge")).to_have_text("Paused")
    expect(support_page.locator("#order-state h1")).to_be_focused()


def test_focus_moves_to_the_results_after_next(support_page):
    support_page.goto("/patients/")
    support_page.get_by_role("link", name="Next →").focus()
    support_page.keyboard.press("Enter")
    expect(support_page.locator("#patient-results")).to_contain_text("Page 2")
    # Focus moves once the swap has settled, a moment after the new text is in.
    wait_until_true(support_page, "document.activeElement && document.activeElement !== document.body")
    assert support_page.evaluate(
        "document.getElementById('patient-results').contains(document.activeElement)"
    )


def test_an_error_toast_stays_until_dismissed(support_page, sandbox, page_problems):
    page_problems.allow(r"net::ERR_FAILED|htmx:afterRequest|htmx:sendError")  # the aborted request
    order = find_order(sandbox, "received")
    support_page.clock.install()
    support_page.goto(f"/orders/{order['id']}/")
    support_page.on("dialog", lambda dialog: dialog.accept())
    support_page.route("**/actions/pause/", lambda route: route.abort())
    support_page.locator('[data-action="pause"]').click()
    toast = support_page.locator("#toasts .toast-error")
    expect(toast).to_contain_text("could not be reached")
    expect(toast).to_have_attribute("role", "alert")
    support_page.clock.fast_forward(120_000)
    expect(toast).to_be_visible()
    toast.get_by_role("button", name="Dismiss").click()
    expect(toast).to_have_count(0)
    assert writes(sandbox) == []


def test_a_success_toast_fades(support_page, sandbox):
    order = find_order(sandbox, "received")
    support_page.clock.install()
    support_page.goto(f"/orders/{order['id']}/")
    support_page.on("dialog", lambda dialog: dialog.accept())
    support_page.locator('[data-action="pause"]').click()
    expect(support_page.locator("#toasts .toast-success")).to_be_visible()
    support_page.clock.fast_forward(60_000)
    expect(support_page.locator("#toasts .toast-success")).to_have_count(0)
