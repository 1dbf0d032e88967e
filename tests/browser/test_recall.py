"""A recall from an inventory lot to its outcome table, as a manager does it: the lot's page, the
recall's start (Blend cannot say which lot an order used: every open order of its products), the
orders by status with their patients, a pause with its reason (dry run, confirmation, the queue's
worker), and the report's outcomes. axe-core finds no violation (of any impact) on each page visited."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from apps.bulk.models import BulkRun
from apps.core import queue
from apps.orderindex import services as index_services
from apps.recalls.models import Recall
from tests.browser.helpers import assert_no_axe_violations
from tests.recalls.conftest import lot_products, open_orders_holding

PAUSABLE = ("received", "exception")


def _a_lot_with_pausable_orders(sandbox) -> dict:
    lots = [
        lot
        for lot in sandbox.state.lots.rows()
        if any(r["status"] in PAUSABLE for r in open_orders_holding(sandbox, lot_products(lot)))
    ]
    assert lots, "the seed has no lot whose products a pausable order holds"
    return min(lots, key=lambda lot: len(open_orders_holding(sandbox, lot_products(lot))))


def test_a_recall_from_a_lot_to_its_outcome_table(manager_page, sandbox):
    index_services.order_index_sync()
    lot = _a_lot_with_pausable_orders(sandbox)
    expected = open_orders_holding(sandbox, lot_products(lot))
    pausable = [r for r in expected if r["status"] in PAUSABLE]
    page = manager_page

    page.goto(f"/catalog/inventory/{lot['id']}/")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Start a recall").click()
    expect(page).to_have_url(re.compile(r"/recalls/new/\?lot="))
    expect(page.get_by_text("Blend does not say which lot")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_label("Reason for the recall").fill("Supplier notice: particulate contamination")
    page.get_by_role("button", name="Start the recall").click()

    expect(page).to_have_url(re.compile(r"/recalls/\d+/$"))
    recall = Recall.objects.get()
    expect(page.locator("h1")).to_contain_text(f"Recall #{recall.pk}")
    for row in expected:
        expect(page.locator("#recall-orders")).to_contain_text(row["order_number"])
    patient = sandbox.state.patients.get(pausable[0]["_patient_id"])
    expect(page.locator("#recall-orders")).to_contain_text(patient["last_name"])
    expect(page.locator(f"#status-{pausable[0]['status']}")).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_label("Action").select_option("pause")
    page.get_by_label("Reason", exact=True).fill("Recall: stop before it ships")
    page.get_by_role("button", name="Dry run…").click()

    expect(page).to_have_url(re.compile(r"/orders/bulk/\d+/$"))
    run = BulkRun.objects.get()
    expect(page.locator("#dry-run-heading")).to_have_text("Dry run: nothing has been sent yet")
    assert_no_axe_violations(page)
    page.locator("#bulk-confirm button[type=submit]").click()
    expect(page.locator("#progress-heading")).to_have_text(re.compile("Progress|Outcome"))
    queue.run_jobs()  # the worker sends them
    expect(page.locator("#progress-heading")).to_have_text("Outcome", timeout=8000)
    expect(page.locator("#bulk-progress [role=status]")).to_contain_text(f"{len(pausable)} done")
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Back to the recall and its report").click()
    expect(page).to_have_url(re.compile(rf"/recalls/{recall.pk}/$"))
    expect(page.locator("#recall-orders .badge", has_text="Done")).to_have_count(len(pausable))
    expect(page.locator("section[aria-labelledby=recall-steps]")).to_contain_text(
        "Recall: stop before it ships"
    )
    assert_no_axe_violations(page)
    assert run.recall_link.recall == recall

    page.get_by_role("link", name="← Recalls").click()
    expect(page.locator(f'a[href="/recalls/{recall.pk}/"]')).to_be_visible()
    assert_no_axe_violations(page)
    for row in pausable:
        assert sandbox.state.orders.get(row["id"])["status"] == "paused"
