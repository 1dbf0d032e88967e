"""Keyboard triage on every list (issue 23) and 24 px check boxes (issue 20 item 16): j/k move the current
row, x ticks its box, Enter opens it, "?" shows the keys in a dialog, one switch turns every single-key
shortcut off, none fires while typing; a bulk pause done with the keyboard alone, from the order list to
the run's outcome. axe-core finds no violation (of any impact) on each page visited."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from apps.bulk.models import BulkRun
from apps.core import queue
from tests.browser.helpers import assert_no_axe_violations
from tests.bulk.helpers import puts

CURRENT = ".is-current-row"


def _focused_id(page) -> str:
    return page.evaluate("document.activeElement ? document.activeElement.id : ''")


def _tab_to(page, selector: str, *, back: bool = False, most: int = 60) -> None:
    """Press Tab (Shift+Tab with `back`) until the element matching `selector` has the focus."""
    for _ in range(most):
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Shift+Tab" if back else "Tab")
    raise AssertionError(f"{selector} was not reached with the keyboard")


def _received_ids_shown(page) -> list[str]:
    return page.locator("#order-results tbody tr").evaluate_all(
        "rows => rows.map(r => r.id.replace('order-row-', ''))"
    )


def test_a_bulk_pause_with_the_keyboard_alone(support_page, sandbox):
    page = support_page
    page.goto("/orders/?status=received")
    assert_no_axe_violations(page)
    first, second = _received_ids_shown(page)[:2]

    page.keyboard.press("j")
    expect(page.locator(f"#order-row-{first}")).to_have_class(re.compile("is-current-row"))
    expect(page.locator(f"#order-row-{first}")).to_be_focused()
    expect(page.locator("#announcer")).to_contain_text("Row 1 of")
    page.keyboard.press("x")
    expect(page.locator(f"#order-row-{first} [data-row-select]")).to_be_checked()
    expect(page.locator("#announcer")).to_contain_text("Selected. 1 selected")
    page.keyboard.press("j")
    page.keyboard.press("x")
    expect(page.locator(f"#order-row-{second} [data-row-select]")).to_be_checked()
    page.keyboard.press("j")
    page.keyboard.press("k")  # back up: the third stays unticked
    expect(page.locator(f"#order-row-{second}")).to_be_focused()
    expect(page.locator(CURRENT)).to_have_count(1)
    assert page.locator("[data-row-select]:checked").count() == 2
    assert_no_axe_violations(page)  # the marked row, the ticked boxes

    _tab_to(page, "#bulk-action", back=True)
    for _ in range(10):
        if page.locator("#bulk-action").input_value() == "pause":
            break
        page.keyboard.press("ArrowDown")
    expect(page.locator("#bulk-action")).to_have_value("pause")
    _tab_to(page, "#bulk-form button[type=submit]")
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/orders/bulk/\d+/$"))
    run = BulkRun.objects.get()
    expect(page.locator("#dry-run-heading")).to_have_text("Dry run: nothing has been sent yet")
    expect(page.locator("#bulk-confirm")).to_be_visible()
    expect(page.get_by_text("2 of 2 orders allow")).to_be_visible()
    assert_no_axe_violations(page)
    assert puts(sandbox) == []
    _tab_to(page, "#bulk-confirm button[type=submit]")
    expect(page.locator(":focus")).to_have_text("Pause 2 orders")
    page.keyboard.press("Enter")

    expect(page.locator("#progress-heading")).to_have_text(re.compile("Progress|Outcome"))
    queue.run_jobs()  # the worker sends them
    expect(page.locator("#progress-heading")).to_have_text("Outcome", timeout=8000)
    expect(page.locator("#bulk-progress [role=status]")).to_contain_text("2 done")
    assert page.url.endswith(f"/orders/bulk/{run.pk}/")
    assert_no_axe_violations(page)
    assert [sandbox.state.orders.get(i)["status"] for i in (first, second)] == ["paused", "paused"]
    assert sorted(p for _, p in puts(sandbox)) == sorted(f"/orders/{i}/pause" for i in (first, second))

    # The run's own list takes the keys too: Enter opens the order of the current row.
    page.locator("#progress-heading").click()
    page.keyboard.press("j")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/orders/[^/]+/$"))
    assert page.url.rstrip("/").rsplit("/", 1)[-1] in (first, second)


def test_enter_opens_the_current_row_and_k_goes_back(clinic_page):
    page = clinic_page
    page.goto("/patients/")
    rows = page.locator("[data-keyboard-list] tbody tr")
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("k")
    expect(rows.nth(1)).to_have_class(re.compile("is-current-row"))
    expect(page.locator("#announcer")).to_contain_text("Row 2 of")
    href = rows.nth(1).locator("a[href]").first.get_attribute("href")
    page.keyboard.press("x")  # nothing to tick here: said so, nothing else happens
    expect(page.locator("#announcer")).to_contain_text("This row cannot be selected.")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(href) + "$"))


def test_question_mark_shows_the_keys_and_one_switch_turns_them_all_off(support_page):
    page = support_page
    page.goto("/patients/")
    page.locator("main h1").click()
    page.keyboard.press("?")
    dialog = page.get_by_role("dialog", name="Keyboard shortcuts")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("button", name="Close")).to_be_focused()
    expect(dialog).to_contain_text("Next row")
    assert_no_axe_violations(page)
    page.keyboard.press("j")  # the dialog is open: the list behind it does not move
    expect(page.locator(CURRENT)).to_have_count(0)
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()

    opener = page.get_by_role("button", name=re.compile("^Keyboard shortcuts"))
    opener.focus()
    page.keyboard.press("Enter")
    expect(dialog).to_be_visible()
    switch = dialog.get_by_role("button", name=re.compile("Single-key shortcuts"))
    expect(switch).to_have_attribute("aria-pressed", "true")
    _tab_to(page, "#keys-help [data-shortcut-toggle]", back=True)
    page.keyboard.press("Space")
    expect(switch).to_have_attribute("aria-pressed", "false")
    expect(page.locator("#announcer")).to_contain_text("Keyboard shortcuts are off.")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(opener).to_be_focused()  # the focus is back where it was
    expect(opener).to_have_attribute("data-shortcuts", "off")

    page.goto("/orders/")  # the choice stays
    page.locator("main h1").click()
    for key in ("j", "x", "/", "?"):
        page.keyboard.press(key)
    expect(page.locator(CURRENT)).to_have_count(0)
    expect(page.get_by_label("Search everything")).not_to_be_focused()
    expect(dialog).to_be_hidden()
    assert page.get_by_label("Search everything").get_attribute("aria-keyshortcuts") is None
    assert_no_axe_violations(page)

    page.get_by_role("button", name=re.compile("^Keyboard shortcuts")).click()
    dialog.get_by_role("button", name=re.compile("Single-key shortcuts")).click()
    page.keyboard.press("Escape")
    page.locator("main h1").click()
    page.keyboard.press("j")
    expect(page.locator(CURRENT)).to_have_count(1)


def test_no_shortcut_fires_while_typing_or_with_a_modifier(support_page):
    page = support_page
    page.goto("/orders/")
    box = page.locator("#order-q")
    box.click()
    page.keyboard.type("jkx?/")
    expect(box).to_have_value("jkx?/")
    expect(box).to_be_focused()
    expect(page.locator(CURRENT)).to_have_count(0)
    expect(page.locator("#keys-help")).to_be_hidden()
    page.locator("main h1").click()
    page.keyboard.press("Alt+j")
    page.keyboard.press("Control+x")
    expect(page.locator(CURRENT)).to_have_count(0)
    page.keyboard.press("j")
    expect(page.locator(CURRENT)).to_have_count(1)


def test_the_current_row_survives_a_live_update_and_paging(support_page):
    page = support_page
    page.goto("/orders/")
    page.keyboard.press("j")
    page.keyboard.press("j")
    marked = page.locator(CURRENT).get_attribute("id")
    page.locator("main h1").click()  # out of the list: it may update itself now
    page.evaluate("document.querySelector('.order-results-live').dataset.old = '1'")
    page.evaluate("document.dispatchEvent(new CustomEvent('orders-changed', {detail: {}}))")
    expect(page.locator(".order-results-live")).not_to_have_attribute("data-old", "1")  # swapped in anew
    expect(page.locator(CURRENT)).to_have_attribute("id", marked)
    page.keyboard.press("j")  # on from the row that was current
    expect(page.locator(CURRENT)).to_have_count(1)
    rows = page.locator("#order-results tbody tr")
    expect(rows.nth(2)).to_have_class(re.compile("is-current-row"))

    page.get_by_role("link", name="Next →").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"page=2"))
    expect(page.locator("#order-results")).to_contain_text("Orders 26")
    page.keyboard.press("j")
    expect(page.locator("#announcer")).to_contain_text("Row 1 of")
    expect(rows.first).to_be_focused()


def test_check_boxes_are_24_px_targets(support_page):
    page = support_page
    page.goto("/orders/")
    sizes = page.locator(
        "#order-filters input[type=checkbox], #bulk-form input[type=radio], [data-row-select]"
    ).evaluate_all(
        "boxes => boxes.map(b => [b.name, b.getBoundingClientRect().width, b.getBoundingClientRect().height])"
    )
    names = {name for name, _, _ in sizes}
    assert {"status", "order", "scope"} <= names, names
    small = [(name, w, h) for name, w, h in sizes if w < 24 or h < 24]
    assert small == [], small


def test_a_list_of_items_takes_the_keys_too(clinic_page, sandbox):
    task = sorted(sandbox.state.tasks.rows(), key=lambda t: t["id"])[0]
    page = clinic_page
    page.goto(f"/tasks/?q={task['name']}")
    items = page.locator("ul[data-keyboard-list] > li")
    expect(items.first).to_be_visible()
    page.locator("main h1").click()
    page.keyboard.press("j")
    expect(items.first).to_have_class(re.compile("is-current-row"))
    expect(items.first).to_be_focused()
    assert_no_axe_violations(page)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/tasks/[^/?]+/$"))


def test_who_turned_the_slash_shortcut_off_before_has_every_shortcut_off(support_page):
    page = support_page
    page.goto("/patients/")
    page.evaluate("localStorage.setItem('blendadmin.slashShortcut', 'off')")
    page.reload()
    page.locator("main h1").click()
    page.keyboard.press("j")
    page.keyboard.press("/")
    expect(page.locator(CURRENT)).to_have_count(0)
    expect(page.get_by_label("Search everything")).not_to_be_focused()
    expect(page.get_by_role("button", name=re.compile("^Keyboard shortcuts"))).to_have_attribute(
        "data-shortcuts", "off"
    )


def test_j_runs_through_a_recalls_orders_across_its_status_tables(manager_page, sandbox):
    from django.test import Client

    from apps.accounts.roles import ROLE_MANAGER
    from apps.accounts.testing import make_user
    from apps.orderindex import services as index_services
    from apps.orderindex.selectors import OPEN_STATUSES
    from tests.recalls.conftest import start

    index_services.order_index_sync()
    client = Client()
    client.force_login(make_user(ROLE_MANAGER))
    held: dict[str, int] = {}  # a prescription product held by the most open orders
    for row in sandbox.state.orders.rows():
        if row["status"] in OPEN_STATUSES:
            for line in row["products"]["prescription"]:
                held[line["id"]] = held.get(line["id"], 0) + 1
    recall = start(client, kind="prescription", product=max(held, key=held.get))
    page = manager_page
    page.goto(f"/recalls/{recall.pk}/")
    rows = page.locator("table[data-keyboard-list=recall-orders] tbody tr")
    total = rows.count()
    assert page.locator("table[data-keyboard-list=recall-orders]").count() >= 2, (
        "one status only: nothing to cross"
    )
    page.locator("main h1").click()
    for _ in range(total):
        page.keyboard.press("j")
    expect(rows.nth(total - 1)).to_be_focused()
    expect(page.locator("#announcer")).to_contain_text(f"Row {total} of {total}")
    assert_no_axe_violations(page)
