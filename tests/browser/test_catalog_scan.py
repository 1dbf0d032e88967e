"""The barcode scan flow as a packer uses it: a USB scanner types the code and presses Enter; the
answer shows at once, large, and the field is empty and focused for the next scan."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.helpers import assert_accessible
from tests.catalog.helpers import lot


def _scan(page, code: str) -> None:
    page.keyboard.type(code)  # what a USB scanner does: keystrokes into the focused field, then Enter
    page.keyboard.press("Enter")


def test_it_verifies_one_scan_after_another_without_touching_the_page(clinic_page, sandbox, blend):
    row = lot(sandbox)
    code = blend.barcode_create(entity_type="inventory", entity_id=row["id"]).barcode_value
    seeded = next(
        b["barcode_value"] for b in sandbox.state.barcodes.rows() if b["entity_type"] == "order_material"
    )
    clinic_page.goto("/catalog/barcodes/verify/")
    field = clinic_page.locator("[data-scan-input]")
    result = clinic_page.locator("#scan-result")
    expect(field).to_be_focused()
    assert_accessible(clinic_page)

    _scan(clinic_page, code)
    expect(result.locator(".scan-verdict")).to_have_text("✓ Valid")
    expect(result).to_contain_text(f"Inventory lot: lot {row['batch_number']}")
    expect(field).to_be_focused()
    expect(field).to_have_value("")
    assert_accessible(clinic_page)

    _scan(clinic_page, seeded)  # a demo label: a first run has one to scan
    expect(result.locator(".scan-verdict")).to_have_text("✓ Valid")
    expect(result).to_contain_text("Order material:")

    _scan(clinic_page, "NOT-A-CODE")
    expect(result.locator(".scan-verdict")).to_have_text("✗ Not valid")
    expect(result).to_contain_text("Unknown code")
    expect(field).to_be_focused()
    assert_accessible(clinic_page)


def test_it_gives_focus_back_to_the_scan_field_after_a_click_elsewhere(clinic_page):
    clinic_page.goto("/catalog/barcodes/verify/")
    clinic_page.locator("h1").click()
    expect(clinic_page.locator("[data-scan-input]")).to_be_focused()


def test_the_catalog_pages_pass_axe(manager_page, sandbox):
    from tests.catalog.helpers import product

    item, stock = product(sandbox), lot(sandbox)
    for url in (
        "/catalog/",
        f"/catalog/prescription/{item['id']}/",
        f"/catalog/prescription/{item['id']}/edit/",
        "/catalog/inventory/",
        f"/catalog/inventory/{stock['id']}/",
        "/catalog/inventory/new/",
        "/catalog/reasons/",
        "/catalog/formulas/",
        f"/catalog/barcodes/inventory/{stock['id']}/",
    ):
        manager_page.goto(url)
        assert_accessible(manager_page)


def test_the_catalog_pages_fit_a_phone(page_as, sandbox):
    from tests.browser.helpers import assert_no_sideways_scroll
    from tests.catalog.helpers import product

    page = page_as("manager", width=390)
    for url in ("/catalog/", f"/catalog/prescription/{product(sandbox)['id']}/", "/catalog/barcodes/verify/"):
        page.goto(url)
        assert_no_sideways_scroll(page)
