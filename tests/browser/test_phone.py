"""One pass at phone width (390 px): no page scrolls sideways, and axe-core still passes there."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import assert_accessible, assert_no_sideways_scroll
from tests.orders.helpers import find_order

PHONE = 390


def _pages(sandbox) -> list[str]:
    order = find_order(sandbox, "received")
    patient = next(sandbox.state.patients.rows())
    return [
        "/",
        "/orders/",
        "/orders/?status=paused",
        f"/orders/?q={order['order_number'][-8:]}&status=received",
        f"/orders/{order['id']}/",
        f"/orders/{find_order(sandbox, 'delivered')['id']}/",
        f"/orders/{order['id']}/edit/",
        f"/orders/{order['id']}/lines/add/",
        "/patients/",
        f"/patients/{patient['id']}/",
        f"/search/?q={order['order_number'][-8:]}",
        "/audit/",
    ]


def test_no_page_scrolls_sideways_at_phone_width(page_as, sandbox):
    page = page_as("manager", width=PHONE)
    problems = []
    for path in _pages(sandbox):
        page.goto(path)
        expect(page.locator("main h1").first).to_be_visible()
        for check in (assert_no_sideways_scroll, assert_accessible):
            try:
                check(page)
            except AssertionError as error:
                problems.append(str(error))
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("path", ["/accounts/login/"])
def test_the_sign_in_page_fits_a_phone(page_as, path):
    page = page_as(width=PHONE)
    page.goto(path)
    assert_no_sideways_scroll(page)
    assert_accessible(page)
