from __future__ import annotations

from apps.audit.models import AuditEntry
from tests.catalog.helpers import product


def _url(row) -> str:
    return f"/catalog/{row['_kind']}/{row['id']}/"


def test_it_shows_the_product_its_lots_and_the_orders_of_30_days(clinic_client, sandbox):
    row = product(sandbox, "order_material", lambda r: r["name"] == "Insulated Cold Pack Shipper")
    response = clinic_client.get(_url(row))
    assert response.status_code == 200
    page = response.context["page"]
    assert page.product.name == row["name"]
    assert [item.lot.current_quantity for item in page.lots] == [640]
    assert page.ordered is not None
    assert ("GET", "/reports/orders") in sandbox.faults.seen
    assert "Ordered, last 30 days" in response.text


def test_it_counts_the_products_units_from_the_orders_report(clinic_client, sandbox, blend):
    row = product(sandbox)
    page = clinic_client.get(_url(row)).context["page"]
    report = blend.report_orders(start_date=page.report_start, end_date=page.report_end, include=["products"])
    assert page.ordered == sum(c.count for c in report.orders_by_product.prescription if c.id == row["id"])


def test_it_shows_a_gap_when_inventory_or_the_report_fail(clinic_client, sandbox):
    sandbox.faults.add(500, path="/products/inventory", times=5)
    sandbox.faults.add("timeout", path="/reports/orders")
    response = clinic_client.get(_url(product(sandbox)))
    assert response.status_code == 200
    assert "inventory is unavailable" in response.text
    assert "orders report is unavailable" in response.text


def test_it_answers_404_for_an_unknown_product(clinic_client):
    assert clinic_client.get("/catalog/prescription/0000-unknown/").status_code == 404


def test_it_answers_404_for_a_product_of_another_kind(clinic_client, sandbox):
    row = product(sandbox, "non_prescription")
    assert clinic_client.get(f"/catalog/prescription/{row['id']}/").status_code == 404


def test_it_shows_blend_unavailable_when_the_catalog_fails(clinic_client, sandbox):
    url = _url(product(sandbox))
    sandbox.faults.add("timeout", method="GET", path="/products", times=20)  # the lots' read too
    assert clinic_client.get(url).status_code == 503


def test_it_shows_edit_to_managers_only(
    clinic_client, support_client, manager_client, outsider_client, sandbox
):
    url = _url(product(sandbox))
    assert "/edit/" not in clinic_client.get(url).text
    assert "/edit/" not in support_client.get(url).text
    assert "/edit/" in manager_client.get(url).text
    assert outsider_client.get(url).status_code == 403


def test_it_writes_no_audit_row(clinic_client, sandbox):
    clinic_client.get(_url(product(sandbox)))
    assert not AuditEntry.objects.filter(action__startswith="product").exists()
