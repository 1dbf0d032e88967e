"""A new patient's order, end to end in a real browser: every step typed in, the prescriber found by
the type-ahead, Back keeping what was typed, the review sent, the result opened. axe-core checks
every step."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.helpers import assert_accessible
from tests.neworders.helpers import prescription_product, seeded_prescriber
from tests.orders.helpers import writes


def test_clinic_staff_send_a_new_patients_order_and_open_it(clinic_page, sandbox):
    page = clinic_page
    prescriber = seeded_prescriber(sandbox)
    product = prescription_product(sandbox)
    page.goto("/orders/")
    page.get_by_role("link", name="New order").click()
    assert_accessible(page)
    page.get_by_role("button", name="Start a new order").click()

    expect(page.get_by_role("heading", name="Patient")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("A new patient").check()
    page.get_by_label("First name").fill("Zebulon")
    page.get_by_label("Last name").fill("Quaxley")
    page.get_by_label("Date of birth").fill("1984-06-02")
    page.get_by_label("Phone").first.fill("(641) 738-3445")
    page.get_by_label("Street address").fill("1 Main St")
    page.get_by_label("City").fill("Boston")
    page.get_by_label("State", exact=True).select_option("MA")
    page.get_by_label("ZIP code").fill("02108")
    page.get_by_role("button", name="Next: continue").click()

    expect(page.get_by_role("heading", name="Prescriber")).to_be_visible()
    page.get_by_label("Find the prescriber").press_sequentially(prescriber["npi"])
    choice = page.locator(f'#prescriber-hits input[value="{prescriber["id"]}"]')
    expect(choice).to_be_visible()
    choice.check()
    assert_accessible(page)
    page.get_by_role("button", name="Back").click()
    expect(page.get_by_label("First name")).to_have_value("Zebulon")  # Back keeps what was typed
    page.get_by_role("button", name="Next: continue").click()
    expect(page.locator(f'#prescriber-hits input[value="{prescriber["id"]}"]')).to_be_checked()
    page.get_by_role("button", name="Next: continue").click()

    expect(page.get_by_role("heading", name="Medications")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Product").select_option(product["id"])
    page.get_by_label("Quantity").fill("30")
    page.get_by_label("Unit").select_option("C48480")
    page.get_by_label("Days' supply").fill("30")
    page.get_by_label("Refills").fill("2")
    page.get_by_label("Directions (sig)").fill("One capsule daily")
    page.get_by_role("button", name="Next: continue").click()
    expect(page.locator(".field-error")).to_have_count(0)

    expect(page.get_by_role("heading", name="Products and materials")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Next: continue").click()

    expect(page.get_by_role("heading", name="Shipping", exact=True)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Next: review").click()

    expect(page.get_by_role("heading", name="Review and send")).to_be_visible()
    expect(page.locator("pre.request")).to_contain_text(
        "POST /prescriptions/electronic_prescriptions/composite"
    )
    assert_accessible(page)
    assert writes(sandbox) == []
    page.get_by_role("button", name="Send the order to Blend").click()

    expect(page.get_by_role("heading", name="Order sent to Blend")).to_be_visible()
    assert_accessible(page)
    order_link = page.locator(".result-links a").first
    order_number = order_link.inner_text()
    assert re.fullmatch(r"ORD\w+", order_number)
    order_link.click()
    expect(page.locator("h1")).to_contain_text(order_number)
    expect(page.get_by_role("link", name="Zebulon Quaxley")).to_be_visible()
