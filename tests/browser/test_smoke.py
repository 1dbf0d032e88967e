from __future__ import annotations

from tests.browser.helpers import axe_violations


def test_it_opens_the_orders_page(support_page):
    support_page.goto("/orders/")
    assert support_page.locator("#order-results table").is_visible()
    print(axe_violations(support_page))
