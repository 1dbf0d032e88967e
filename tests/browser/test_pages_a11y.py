"""Pages people read all day, with a screen reader, a keyboard and a phone (issue 20, items 5-8, 13,
14, 16, 17). axe-core finds no violation of any impact on every page these tests visit."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.helpers import assert_no_axe_violations, assert_no_sideways_scroll
from tests.orders.helpers import find_order, writes

PHONE = 390


def _box(locator) -> dict:
    return locator.bounding_box()


def _inside_width(page, locator) -> bool:
    box = _box(locator)
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= page.viewport_size["width"]


def _overlap(a: dict, b: dict) -> bool:
    apart = a["y"] + a["height"] <= b["y"] or b["y"] + b["height"] <= a["y"]
    return not (apart or a["x"] + a["width"] <= b["x"] or b["x"] + b["width"] <= a["x"])


# Item 6 -------------------------------------------------------------------------------------------
def test_the_orders_list_fits_a_phone(page_as):
    page = page_as("support", width=PHONE)
    page.goto("/orders/")
    row = page.locator(".orders-table tbody tr").first
    for cell in ("Order", "Patient", "Status", "Created", "Products"):
        value = row.locator(f'td[data-label="{cell}"]')
        expect(value).to_be_visible()
        assert _inside_width(page, value), cell
    assert _inside_width(page, row.get_by_role("group").or_(row.locator("summary")).first)
    assert_no_sideways_scroll(page)
    assert_no_axe_violations(page)


def test_an_orders_product_lines_fit_a_phone(page_as, sandbox):
    page = page_as("support", width=PHONE)
    order = find_order(sandbox, "received")
    page.goto(f"/orders/{order['id']}/")
    line = page.locator("table.products tbody tr").first
    controls = (
        line.locator('input[name$="quantity"]'),
        line.get_by_role("button", name=re.compile("^Set")),
        line.get_by_role("button", name=re.compile("^Remove")),
    )
    for control in controls:
        control.scroll_into_view_if_needed()
        expect(control).to_be_visible()
        assert _inside_width(page, control)
    assert_no_sideways_scroll(page)
    assert_no_axe_violations(page)


# Item 5 -------------------------------------------------------------------------------------------
def test_detail_cards_share_the_width(manager_page, sandbox):
    prescriber = next(sandbox.state.prescribers.rows())
    for path in ("/catalog/reasons/", f"/prescribers/{prescriber['id']}/"):
        manager_page.goto(path)
        cards = manager_page.locator(".card-columns > .card")
        widths = cards.evaluate_all("cs => cs.map(c => c.getBoundingClientRect().width)")
        main = manager_page.locator("main").evaluate("m => m.clientWidth")
        # the cards fill the row: together (with the gaps) they take nearly all of it
        assert sum(widths) > 0.9 * (main - 48) - 16 * (len(widths) - 1), (path, widths, main)
        assert_no_axe_violations(manager_page)
    assert manager_page.evaluate("document.documentElement.scrollHeight") < 1400  # reasons were 1,859 px


# Item 7 -------------------------------------------------------------------------------------------
def test_a_toast_keeps_clear_of_the_control_and_waits_while_hovered(page_as, sandbox):
    page = page_as("support", width=PHONE)
    order = find_order(sandbox, "received")
    page.clock.install()
    page.goto(f"/orders/{order['id']}/")
    set_button = page.locator("table.products tbody tr").first.get_by_role("button", name=re.compile("^Set"))
    set_button.scroll_into_view_if_needed()
    # the Set button at the bottom of the screen, where the toasts appear on a phone
    page.evaluate(
        "b => window.scrollBy(0, b.getBoundingClientRect().bottom - window.innerHeight + 4)",
        set_button.element_handle(),
    )
    page.locator("table.products tbody tr").first.locator('input[name$="quantity"]').fill("2")
    set_button.click()
    toast = page.locator("#toasts .toast-success")
    expect(toast).to_be_visible()
    button = page.locator("table.products tbody tr").first.get_by_role("button", name=re.compile("^Set"))
    assert not _overlap(_box(button), _box(toast)), (_box(button), _box(toast))
    page.clock.fast_forward(9_000)
    expect(toast).to_be_visible()  # a success toast stays at least 10 s
    toast.hover()
    page.clock.fast_forward(60_000)
    expect(toast).to_be_visible()  # not while the pointer is on it
    page.mouse.move(1, 1)
    page.clock.fast_forward(10_000)
    expect(toast).to_have_count(0)
    assert_no_axe_violations(page)


def test_a_toast_waits_while_focus_is_in_it(support_page, sandbox):
    order = find_order(sandbox, "received")
    support_page.clock.install()
    support_page.goto(f"/orders/{order['id']}/")
    support_page.on("dialog", lambda dialog: dialog.accept())
    support_page.locator('[data-action="pause"]').click()
    toast = support_page.locator("#toasts .toast-success")
    expect(toast).to_be_visible()
    toast.get_by_role("button", name="Dismiss").focus()
    support_page.clock.fast_forward(60_000)
    expect(toast).to_be_visible()
    support_page.keyboard.press("Enter")
    expect(toast).to_have_count(0)


# Item 8 -------------------------------------------------------------------------------------------
def test_per_page_shows_its_value_before_and_after_back(clinic_page):
    clinic_page.goto("/patients/")
    per_page = clinic_page.get_by_label("Per page")
    expect(per_page).to_have_value("25")
    assert per_page.evaluate("s => s.selectedIndex") == 0
    clinic_page.get_by_role("link", name="Next →").click()
    expect(clinic_page).to_have_url(re.compile(r"page=2"))
    clinic_page.go_back()
    expect(clinic_page).not_to_have_url(re.compile(r"page=2"))
    expect(per_page).to_have_value("25")
    assert_no_axe_violations(clinic_page)


# Item 13 ------------------------------------------------------------------------------------------
def test_the_announcer_says_what_a_filter_found(support_page):
    support_page.goto("/orders/")
    announcer = support_page.locator("#announcer")
    expect(announcer).to_have_attribute("aria-live", "polite")
    support_page.get_by_role("checkbox", name="Paused").check()
    expect(support_page).to_have_url(re.compile(r"status=paused"))
    expect(announcer).to_have_text(re.compile(r"^Orders 1–\d+ of \d+$"))
    assert support_page.locator("#order-results[aria-live], #order-results [aria-live]").count() == 0
    assert_no_axe_violations(support_page)


def test_the_announcer_says_an_action_happened(support_page, sandbox):
    order = find_order(sandbox, "received")
    support_page.goto(f"/orders/{order['id']}/")
    support_page.on("dialog", lambda dialog: dialog.accept())
    support_page.locator('[data-action="pause"]').click()
    expect(support_page.locator("#announcer")).to_have_text(re.compile("paused", re.I))
    assert [p for _, p in writes(sandbox)] == [f"/orders/{order['id']}/pause"]
    assert_no_axe_violations(support_page)


# Item 14 ------------------------------------------------------------------------------------------
def test_after_paging_focus_is_on_the_count_in_view(support_page):
    support_page.goto("/orders/")
    next_link = support_page.get_by_role("link", name="Next →")
    next_link.focus()
    support_page.keyboard.press("Enter")
    count = support_page.locator("#order-results [data-swap-focus]")
    expect(count).to_have_text(re.compile(r"^Orders 26–"))
    expect(count).to_be_focused()
    expect(count).to_be_in_viewport()
    expect(support_page.locator("#announcer")).to_contain_text("Orders 26–")
    assert_no_axe_violations(support_page)


def test_after_a_report_preset_focus_is_on_the_totals(manager_page):
    manager_page.goto("/reports/orders/")
    manager_page.get_by_role("link", name=re.compile("7 days")).first.click()
    expect(manager_page).to_have_url(re.compile(r"start_date="))
    expect(manager_page.locator(".report-totals")).to_be_focused()
    assert_no_axe_violations(manager_page)


def test_a_full_page_form_with_errors_starts_at_its_summary(clinic_page):
    clinic_page.goto("/patients/new/")
    assert_no_axe_violations(clinic_page)
    clinic_page.get_by_role("button", name=re.compile("^(Add|Create|Save)")).click()
    summary = clinic_page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(clinic_page).to_have_title(re.compile(r"^Error: "))
    first = summary.get_by_role("link").first
    target = first.get_attribute("href")
    first.click()
    expect(clinic_page.locator(target)).to_be_focused()
    assert_no_axe_violations(clinic_page)


# Item 16 ------------------------------------------------------------------------------------------
def test_text_fields_and_checkboxes_meet_their_sizes_and_contrast(support_page):
    support_page.goto("/orders/")
    ratio = support_page.evaluate(
        """() => {
          const rgb = s => s.match(/\\d+/g).slice(0, 3).map(Number);
          const channel = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
          const lum = c => { const [r, g, b] = c.map(channel); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
          const box = document.getElementById('order-q');
          const edge = lum(rgb(getComputedStyle(box).borderTopColor));
          const card = lum(rgb(getComputedStyle(box.closest('.card')).backgroundColor));
          return (Math.max(edge, card) + 0.05) / (Math.min(edge, card) + 0.05);
        }"""
    )
    assert ratio >= 3, ratio
    for box in support_page.locator('#order-filters input[type="checkbox"]').all():
        size = _box(box)
        assert size["width"] >= 18 and size["height"] >= 18, size
    assert_no_axe_violations(support_page)


def test_the_inventory_tab_follows_the_swap(manager_page):
    manager_page.goto("/catalog/inventory/")
    manager_page.get_by_role("link", name="Expired").click()
    expect(manager_page).to_have_url(re.compile(r"show=expired"))
    expired = manager_page.get_by_role("link", name="Expired")
    expect(expired).to_have_attribute("aria-current", "page")
    expect(manager_page.get_by_role("link", name="All lots")).not_to_have_attribute("aria-current", "page")
    expect(expired).to_be_focused()
    assert_no_axe_violations(manager_page)


# Item 17 ------------------------------------------------------------------------------------------
def _shortcut_switch(page):
    """The switch of every single-key shortcut, in the keys help the top bar's button opens (keys.js)."""
    page.get_by_role("button", name=re.compile("^Keyboard shortcuts")).click()
    return page.get_by_role("dialog", name="Keyboard shortcuts").get_by_role(
        "button", name=re.compile("shortcuts")
    )


def test_the_slash_shortcut_can_be_turned_off_and_stays_off(support_page):
    support_page.goto("/orders/")
    toggle = _shortcut_switch(support_page)
    expect(toggle).to_have_attribute("aria-pressed", "true")
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "false")
    support_page.goto("/patients/")
    support_page.locator("main h1").click()
    support_page.keyboard.press("/")
    expect(support_page.get_by_label("Search everything")).not_to_be_focused()
    toggle = _shortcut_switch(support_page)
    expect(toggle).to_have_attribute("aria-pressed", "false")
    assert support_page.get_by_label("Search everything").get_attribute("aria-keyshortcuts") is None
    assert_no_axe_violations(support_page)
    toggle.click()
    support_page.keyboard.press("Escape")
    support_page.locator("main h1").click()
    support_page.keyboard.press("/")
    expect(support_page.get_by_label("Search everything")).to_be_focused()


def test_a_warning_comes_before_the_idle_sign_out_and_keeps_the_session(settings, support_page):
    settings.SESSION_IDLE_TIMEOUT = 600  # warned 2 minutes before, the last minute counted as slack
    support_page.clock.install()
    support_page.goto("/patients/")
    dialog = support_page.get_by_role("dialog", name="Still there?")
    expect(dialog).to_be_hidden()
    support_page.clock.fast_forward(430_000)
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("signed out in about 2 minutes")
    stay = dialog.get_by_role("button", name="Stay signed in")
    expect(stay).to_be_focused()
    assert_no_axe_violations(support_page)
    stay.click()
    expect(dialog).to_be_hidden()
    expect(support_page.locator("#announcer")).to_have_text("You are still signed in.")
    support_page.clock.fast_forward(300_000)
    expect(dialog).to_be_hidden()  # the countdown started again at "Stay signed in"
    support_page.clock.fast_forward(300_000)
    expect(dialog).to_contain_text("You were signed out")
    expect(dialog.get_by_role("link", name="Sign in again")).to_be_visible()
