"""What a user does in a real browser: sign in, find and filter orders, act on one, edit it, look at a
patient, sign out. Every page visited is checked with axe-core; console errors and CSP violations
fail the test (conftest)."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from apps.accounts.roles import ROLE_SUPPORT
from apps.accounts.testing import make_user
from tests.browser.helpers import assert_accessible
from tests.orders.helpers import find_order, writes


def test_it_signs_in_with_the_login_form(page_as):
    make_user(ROLE_SUPPORT, username="sam", password="a-long-test-password")
    page = page_as()
    page.goto("/orders/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    assert_accessible(page)
    page.get_by_label("Username").fill("sam")
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/orders/$"))
    expect(page.locator(".account-name")).to_have_text("sam")


def test_it_says_when_the_password_is_wrong(page_as):
    make_user(ROLE_SUPPORT, username="sam", password="a-long-test-password")
    page = page_as()
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("sam")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".form-error")).to_be_visible()
    assert_accessible(page)


def test_it_finds_an_order_by_typing_its_number(support_page, sandbox):
    order = find_order(sandbox, "paused")
    support_page.goto("/orders/")
    assert_accessible(support_page)
    support_page.locator("#order-q").press_sequentially(order["order_number"][-8:])
    results = support_page.locator("#order-results")
    expect(results).to_contain_text("matching")
    expect(results.get_by_role("link", name=order["order_number"])).to_be_visible()
    expect(support_page).to_have_url(re.compile(r"/orders/\?q="))
    assert_accessible(support_page)
    searches: list[str] = []
    support_page.on("request", lambda request: "?q=" in request.url and searches.append(request.url))
    results.get_by_role("link", name=order["order_number"]).click()
    expect(support_page.locator("#order-state h1")).to_contain_text(order["order_number"])
    # Leaving the search box by clicking a result sends no second search (it swapped the list under the
    # click, and the result did not open).
    assert searches == []


def test_it_filters_by_status_and_pushes_the_url(support_page):
    support_page.goto("/orders/")
    support_page.get_by_label("Paused", exact=True).check()
    expect(support_page).to_have_url(re.compile(r"status=paused"))
    expect(support_page.locator("#order-results tbody .badge").first).to_have_text(re.compile("Paused"))
    assert_accessible(support_page)


def test_the_filter_boxes_show_the_urls_state_after_back(support_page):
    support_page.goto("/orders/")
    support_page.get_by_label("Paused", exact=True).check()
    expect(support_page).to_have_url(re.compile(r"status=paused$"))
    support_page.get_by_label("Exception").check()
    expect(support_page).to_have_url(re.compile(r"status=exception"))
    support_page.go_back()
    expect(support_page).to_have_url(re.compile(r"status=paused$"))
    expect(support_page.get_by_label("Exception")).not_to_be_checked()
    expect(support_page.get_by_label("Paused", exact=True)).to_be_checked()
    support_page.get_by_label("Received").check()  # the next tick keeps the URL's filter
    expect(support_page).to_have_url(re.compile(r"status=received"))
    assert "status=paused" in support_page.url and "status=exception" not in support_page.url


def test_a_typed_search_and_a_status_filter_combine(support_page, sandbox, page_problems):
    order = find_order(sandbox, "paused")
    support_page.goto("/orders/")
    typed = order["order_number"][-8:]
    support_page.locator("#order-q").press_sequentially(typed)
    expect(support_page.locator("#order-results")).to_contain_text(f"matching “{typed}”")
    support_page.get_by_label("Paused", exact=True).check()
    expect(support_page).to_have_url(re.compile(r"q=.*status=paused|status=paused.*q="))
    expect(
        support_page.locator("#order-results").get_by_role("link", name=order["order_number"])
    ).to_be_visible()


def test_ticking_a_status_after_a_search_logs_no_error(support_page, sandbox, page_problems):
    typed = find_order(sandbox, "paused")["order_number"][-8:]
    support_page.goto("/orders/")
    support_page.locator("#order-q").press_sequentially(typed)
    expect(support_page.locator("#order-results")).to_contain_text(f"matching “{typed}”")
    support_page.get_by_label("Paused", exact=True).check()
    expect(support_page).to_have_url(re.compile(r"status=paused"))
    expect(support_page.locator("#order-results")).to_contain_text("in the chosen statuses")
    assert page_problems.errors == []
    page_problems.errors.clear()  # reported by the assert above, not again at teardown


def _accept_dialogs(page) -> list[str]:
    seen: list[str] = []

    def accept(dialog):
        seen.append(dialog.message)
        dialog.accept()

    page.on("dialog", accept)
    return seen


def test_it_pauses_and_unpauses_after_confirming(support_page, sandbox):
    order = find_order(sandbox, "received")
    support_page.goto(f"/orders/{order['id']}/")
    assert_accessible(support_page)
    dialogs = _accept_dialogs(support_page)
    support_page.locator('[data-action="pause"]').click()
    expect(support_page.locator("#order-state h1 .badge")).to_have_text("Paused")
    assert_accessible(support_page)
    support_page.locator('[data-action="unpause"]').click()
    expect(support_page.locator("#order-state h1 .badge")).not_to_have_text("Paused")
    assert len(dialogs) == 2 and order["order_number"] in dialogs[0]
    assert sandbox.state.orders.get(order["id"])["status"] == "received"
    assert [p for _, p in writes(sandbox)] == [
        f"/orders/{order['id']}/pause",
        f"/orders/{order['id']}/unpause",
    ]


def test_dismissing_the_confirm_dialog_sends_nothing(support_page, sandbox):
    order = find_order(sandbox, "received")
    support_page.goto(f"/orders/{order['id']}/")
    support_page.once("dialog", lambda dialog: dialog.dismiss())
    support_page.locator('[data-action="pause"]').click()
    expect(support_page.locator("#order-state h1 .badge")).not_to_have_text("Paused")
    assert writes(sandbox) == []


def test_it_cancels_an_order(support_page, sandbox):
    order = find_order(sandbox, "received")
    support_page.goto(f"/orders/{order['id']}/")
    _accept_dialogs(support_page)
    support_page.locator('[data-action="cancel"]').click()
    expect(support_page.locator("#order-state h1 .badge")).to_have_text("Cancelled")
    assert_accessible(support_page)
    expect(support_page.locator('[data-action="cancel"]')).to_have_count(0)
    assert sandbox.state.orders.get(order["id"])["status"] == "cancelled"


def test_a_double_click_sends_one_write(support_page, sandbox):
    order = find_order(sandbox, "received")
    support_page.goto(f"/orders/{order['id']}/")
    _accept_dialogs(support_page)
    support_page.locator('[data-action="prioritize"]').dblclick()
    expect(support_page.locator('[data-action="prioritize"]')).to_have_count(0)
    support_page.wait_for_load_state("networkidle")
    assert [p for _, p in writes(sandbox)] == [f"/orders/{order['id']}/prioritize"]


def test_a_double_click_in_the_list_sends_one_write(support_page, sandbox):
    order = find_order(sandbox, "paused")
    support_page.goto("/orders/?status=paused&page_size=100")
    _accept_dialogs(support_page)
    row = support_page.locator("tr", has=support_page.get_by_role("link", name=order["order_number"]))
    row.locator("summary").click()
    row.locator('[data-action="unpause"]').dblclick()
    expect(row.locator(".badge").first).not_to_have_text("Paused")
    support_page.wait_for_load_state("networkidle")
    assert [p for _, p in writes(sandbox)] == [f"/orders/{order['id']}/unpause"]


def test_it_edits_an_address_after_a_bad_zip(support_page, sandbox):
    order = find_order(sandbox, "received")
    support_page.goto(f"/orders/{order['id']}/edit/")
    assert_accessible(support_page)
    support_page.get_by_label("ZIP code").fill("ABCDE")
    support_page.get_by_role("button", name="Save changes").click()
    expect(support_page.locator(".field-error")).to_be_visible()
    assert_accessible(support_page)
    assert writes(sandbox) == []
    support_page.get_by_label("ZIP code").fill("85004")
    support_page.get_by_role("button", name="Save changes").click()
    expect(support_page).to_have_url(re.compile(rf"/orders/{order['id']}/$"))
    expect(support_page.locator("#toasts")).to_contain_text(re.compile("saved|updated|changed", re.I))
    assert sandbox.state.orders.get(order["id"])["address"]["zip_code"] == "85004"
    assert [m for m, _ in writes(sandbox)] == ["PUT"]


def test_the_patient_page_masks_the_ssn(clinic_page, sandbox):
    patient = next(p for p in sandbox.state.patients.rows() if p.get("ssn"))
    clinic_page.goto("/patients/")
    assert_accessible(clinic_page)
    clinic_page.goto(f"/patients/{patient['id']}/")
    expect(
        clinic_page.locator("dd", has_text="•").or_(clinic_page.locator("dd", has_text="*")).first
    ).to_be_visible()
    assert patient["ssn"] not in clinic_page.content()
    assert patient["ssn"][-4:] in clinic_page.locator("dl.facts").first.inner_text()
    assert_accessible(clinic_page)


def test_it_signs_out(support_page):
    support_page.goto("/")
    assert_accessible(support_page)
    support_page.get_by_role("button", name="Sign out").click()
    expect(support_page).to_have_url(re.compile(r"/accounts/login/"))
    support_page.goto("/orders/")
    expect(support_page).to_have_url(re.compile(r"/accounts/login/\?next="))


def test_the_global_search_and_audit_log_pass_axe(manager_page, sandbox):
    order = find_order(sandbox, "paused")
    manager_page.goto(f"/search/?q={order['order_number'][-8:]}")
    expect(manager_page.locator("#search-results")).to_contain_text(order["order_number"])
    assert_accessible(manager_page)
    manager_page.goto("/audit/")
    assert_accessible(manager_page)
