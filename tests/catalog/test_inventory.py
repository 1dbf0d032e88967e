from __future__ import annotations

from datetime import UTC, datetime, timedelta

from apps.core.once import token_new
from tests.catalog.helpers import lot, product
from tests.orders.helpers import audit_rows, toast, writes


def _expire(sandbox, row, days: int) -> None:
    moment = datetime.now(UTC).replace(tzinfo=None) + timedelta(days=days)
    sandbox.state.lots.edit(row["id"])["expiration_date"] = moment.strftime("%Y-%m-%dT%H:%M:%S")


def test_it_lists_every_lot(clinic_client, sandbox):
    response = clinic_client.get("/catalog/inventory/")
    assert response.status_code == 200
    assert len(response.context["page"].rows) == len(sandbox.state.lots)


def test_it_filters_expired_and_expiring_lots(clinic_client, sandbox):
    rows = sorted(sandbox.state.lots.rows(), key=lambda r: r["batch_number"])
    for row, days in zip(rows, (-2, 10, 31, 400), strict=False):
        _expire(sandbox, row, days)
    now = datetime.now(UTC).replace(tzinfo=None)
    left = {r["id"]: datetime.fromisoformat(r["expiration_date"]) - now for r in sandbox.state.lots.rows()}
    expired = clinic_client.get("/catalog/inventory/", {"show": "expired"}).context["page"].rows
    expiring = clinic_client.get("/catalog/inventory/", {"show": "expiring"}).context["page"].rows
    assert {r.lot.id for r in expired} == {i for i, d in left.items() if d < timedelta(0)} >= {rows[0]["id"]}
    assert (
        {r.lot.id for r in expiring}
        == {i for i, d in left.items() if timedelta(0) <= d <= timedelta(days=30)}
        >= {rows[1]["id"]}
    )
    assert rows[2]["id"] not in {r.lot.id for r in expiring} | {r.lot.id for r in expired}


def test_the_demo_inventory_has_a_lot_for_each_flag(clinic_client):
    for show in ("expired", "expiring", "low"):
        assert clinic_client.get("/catalog/inventory/", {"show": show}).context["page"].rows, show


def test_it_filters_low_stock_by_blends_stock_and_threshold(clinic_client, sandbox):
    material = product(sandbox, "order_material", lambda r: r["name"] == "Insulated Cold Pack Shipper")
    sandbox.state.products.edit(material["id"])["reorder_threshold"] = 640  # stock 640: at the threshold
    rows = clinic_client.get("/catalog/inventory/", {"show": "low"}).context["page"].rows
    assert [r.lot.current_quantity for r in rows] == [640]


def test_it_answers_htmx_with_the_lots_fragment_and_ignores_an_unknown_filter(clinic_client, htmx_headers):
    response = clinic_client.get("/catalog/inventory/", {"show": "nonsense"}, headers=htmx_headers)
    assert "<html" not in response.text
    assert response.context["page"].show == ""


def test_it_refuses_an_outsider_and_shows_new_lot_to_managers_only(
    outsider_client, clinic_client, manager_client
):
    assert outsider_client.get("/catalog/inventory/").status_code == 403
    assert "New lot" not in clinic_client.get("/catalog/inventory/").text
    assert "New lot" in manager_client.get("/catalog/inventory/").text


def test_it_shows_blend_unavailable_on_timeout(clinic_client, sandbox):
    sandbox.faults.add("timeout", path="/products/inventory")
    assert clinic_client.get("/catalog/inventory/").status_code == 503


def test_it_shows_a_lot_without_forms_for_clinic_staff(clinic_client, sandbox):
    row = lot(sandbox)
    response = clinic_client.get(f"/catalog/inventory/{row['id']}/")
    assert response.status_code == 200
    assert row["batch_number"] in response.text
    assert "/adjust/" not in response.text


def test_a_lots_dates_read_as_on_every_other_page(clinic_client, sandbox):
    row = lot(sandbox, where=lambda r: bool(r.get("expiration_date")))
    year, month, day = row["expiration_date"][:10].split("-")
    html = clinic_client.get(f"/catalog/inventory/{row['id']}/").text
    assert f"<dt>Expires</dt><dd>{month}/{day}/{year}</dd>" in html


def test_it_answers_404_for_an_unknown_lot(clinic_client):
    assert clinic_client.get("/catalog/inventory/no-such-lot/").status_code == 404


def test_it_creates_a_lot_for_a_product(manager_client, sandbox):
    material = product(sandbox, "order_material")
    data = {
        "product": f"order_material:{material['id']}",
        "batch_number": "B-42",
        "initial_quantity": "300",
        "units_per_product": "1",
        "expiration_date": "2030-01-31",
        "token": token_new(),
    }
    response = manager_client.post("/catalog/inventory/new/", data)
    created = next(r for r in sandbox.state.lots.rows() if r["batch_number"] == "B-42")
    assert response["Location"] == f"/catalog/inventory/{created['id']}/"
    assert created["current_quantity"] == 300
    assert audit_rows("inventory.create")[0].outcome == "ok"


def test_it_refuses_a_lot_without_a_product_or_date(manager_client, sandbox):
    data = {
        "product": "prescription:nope",
        "initial_quantity": "-1",
        "units_per_product": "1",
        "token": token_new(),
    }
    response = manager_client.post("/catalog/inventory/new/", data)
    assert response.context["form"].errors.keys() == {
        "product",
        "batch_number",
        "initial_quantity",
        "expiration_date",
    }
    assert writes(sandbox) == []


def test_it_refuses_new_lots_to_support(support_client):
    assert support_client.get("/catalog/inventory/new/").status_code == 403


def test_it_links_and_unlinks_a_product(manager_client, sandbox, htmx_headers):
    row = lot(sandbox)
    item = product(sandbox, "non_prescription")
    url = f"/catalog/inventory/{row['id']}/associations/"
    data = {"product": f"non_prescription:{item['id']}", "units_per_product": "2", "token": token_new()}
    response = manager_client.post(url, data, headers=htmx_headers)
    assert toast(response)["level"] == "success"
    assert any(
        link["product_id"] == item["id"] for link in sandbox.state.lots.get(row["id"])["_associations"]
    )
    remove = f"{url}non_prescription/{item['id']}/remove/"
    manager_client.post(remove, {"token": token_new()})
    assert all(
        link["product_id"] != item["id"] for link in sandbox.state.lots.get(row["id"])["_associations"]
    )
    assert [r.outcome for r in audit_rows("inventory.associate") + audit_rows("inventory.dissociate")] == [
        "ok",
        "ok",
    ]


def test_it_refuses_an_unknown_product_to_link(manager_client, sandbox):
    row = lot(sandbox)
    data = {"product": "prescription:nope", "units_per_product": "0", "token": token_new()}
    response = manager_client.post(f"/catalog/inventory/{row['id']}/associations/", data)
    assert response.status_code == 200
    assert "Choose a product from the list." in response.text
    assert writes(sandbox) == []


def test_it_gives_each_unlink_form_its_own_token(manager_client, sandbox, blend):
    import re

    row = lot(sandbox)
    item = product(sandbox, "non_prescription")
    blend.inventory_association_create(
        lot_id=row["id"], product_type="non_prescription", product_id=item["id"]
    )
    html = manager_client.get(f"/catalog/inventory/{row['id']}/").text
    tokens = re.findall(r'/remove/"[^>]*>.*?name="token" value="([^"]+)"', html)
    assert len(tokens) == 2 and len(set(tokens)) == 2
