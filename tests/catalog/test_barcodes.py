from __future__ import annotations

from datetime import UTC, datetime, timedelta

from apps.core.once import token_new
from tests.catalog.helpers import lot, product
from tests.orders.helpers import audit_rows, writes

VERIFY = "/catalog/barcodes/verify/"


def _barcode(blend, row) -> str:
    kinds = {"prescription": "prescription_product", "non_prescription": "non_prescription_product"}
    return blend.barcode_create(
        entity_type=kinds.get(row["_kind"], row["_kind"]), entity_id=row["id"]
    ).barcode_value


def response_sheet(client, url: str) -> list:
    return client.get(url).context["sheet"].barcodes


def test_it_shows_the_scan_field_with_focus_and_the_catalog_script(clinic_client):
    response = clinic_client.get(VERIFY)
    assert response.status_code == 200
    assert "autofocus" in response.text and "data-scan-input" in response.text
    assert "js/catalog.js" in response.text


def test_it_says_a_valid_code_and_what_it_belongs_to(clinic_client, sandbox, blend, htmx_headers):
    row = product(sandbox)
    value = _barcode(blend, row)
    response = clinic_client.post(VERIFY, {"code": value}, headers=htmx_headers)
    assert "<html" not in response.text
    assert "Valid" in response.text and "Prescription product" in response.text
    assert f'href="/catalog/prescription/{row["id"]}/"' in response.text


def test_it_says_a_code_is_unknown(clinic_client):
    response = clinic_client.post(VERIFY, {"code": "NOT-A-CODE"})
    assert response.status_code == 200
    assert response.context["result"].why_not == "unknown"
    assert "Not valid" in response.text


def test_it_says_a_code_is_expired(clinic_client, sandbox, blend):
    value = _barcode(blend, lot(sandbox) | {"_kind": "inventory"})
    row = next(r for r in sandbox.state.barcodes.rows() if r["barcode_value"] == value)
    past = datetime.now(UTC).replace(tzinfo=None) - timedelta(minutes=5)
    sandbox.state.barcodes.edit(row["id"])["expires_at"] = past.strftime("%Y-%m-%dT%H:%M:%S.%f")
    assert clinic_client.post(VERIFY, {"code": value}).context["result"].why_not == "expired"


def test_it_says_a_code_is_inactive(clinic_client, sandbox, blend):
    value = _barcode(blend, product(sandbox, "order_material"))
    row = next(r for r in sandbox.state.barcodes.rows() if r["barcode_value"] == value)
    sandbox.state.barcodes.edit(row["id"])["is_active"] = False
    assert clinic_client.post(VERIFY, {"code": value}).context["result"].why_not == "inactive"


def test_it_asks_for_a_code_when_the_field_is_empty(clinic_client, sandbox):
    response = clinic_client.post(VERIFY, {"code": "  "})
    assert "This field is required." in response.text
    assert writes(sandbox) == []


def test_it_shows_blend_unavailable_when_verify_fails(clinic_client, sandbox):
    sandbox.faults.add("timeout", path="/barcodes/verify")
    assert clinic_client.post(VERIFY, {"code": "X"}).status_code == 503
    sandbox.faults.add(500, path="/barcodes/verify")
    assert clinic_client.post(VERIFY, {"code": "X"}).status_code == 503


def test_it_refuses_an_outsider(outsider_client):
    assert outsider_client.get(VERIFY).status_code == 403


def test_it_makes_a_barcode_and_shows_it_printable(manager_client, sandbox):
    row = product(sandbox)
    seeded = len(response_sheet(manager_client, f"/catalog/barcodes/prescription_product/{row['id']}/"))
    url = f"/catalog/barcodes/prescription_product/{row['id']}/"
    response = manager_client.post(url, {"token": token_new()}, follow=True)
    assert response.status_code == 200
    assert 'src="data:image/png;base64,' in response.text
    assert len(response.context["sheet"].barcodes) == seeded + 1
    assert audit_rows("barcode.create")[0].outcome == "ok"


def test_it_shows_a_lots_barcodes_without_the_button_to_clinic_staff(clinic_client, sandbox, blend):
    row = lot(sandbox)
    value = _barcode(blend, row | {"_kind": "inventory"})
    response = clinic_client.get(f"/catalog/barcodes/inventory/{row['id']}/")
    assert value in [b.barcode_value for b in response.context["sheet"].barcodes]
    assert "New barcode" not in response.text
    assert (
        clinic_client.post(f"/catalog/barcodes/inventory/{row['id']}/", {"token": token_new()}).status_code
        == 403
    )


def test_it_answers_404_for_unknown_entities(manager_client):
    assert manager_client.get("/catalog/barcodes/patient/abc/").status_code == 404
    assert manager_client.get("/catalog/barcodes/inventory/nope/").status_code == 404


def test_it_says_when_making_a_barcode_times_out(manager_client, sandbox):
    row = product(sandbox)
    sandbox.faults.add("timeout", method="POST", path="/barcodes/")
    url = f"/catalog/barcodes/prescription_product/{row['id']}/"
    response = manager_client.post(url, {"token": token_new()}, follow=True)
    assert "did not answer in time" in response.text


def test_it_shows_blends_refusal_to_make_a_barcode(manager_client, sandbox):
    row = product(sandbox)
    sandbox.faults.add(422, method="POST", path="/barcodes/")
    url = f"/catalog/barcodes/prescription_product/{row['id']}/"
    response = manager_client.post(url, {"token": token_new()}, follow=True)
    assert "Blend refused to make a barcode" in response.text


def test_it_names_what_a_valid_code_belongs_to(clinic_client, sandbox, blend):
    row = lot(sandbox)
    value = _barcode(blend, row | {"_kind": "inventory"})
    response = clinic_client.post(VERIFY, {"code": value})
    assert (
        f'Inventory lot: <a href="/catalog/inventory/{row["id"]}/">lot {row["batch_number"]}</a>'
        in response.text
    )


def test_it_still_answers_valid_when_the_owners_name_cannot_be_read(clinic_client, sandbox, blend):
    row = product(sandbox, "order_material")
    value = _barcode(blend, row)
    sandbox.faults.add(500, method="GET", path="/products", times=5)
    result = clinic_client.post(VERIFY, {"code": value}).context["result"]
    assert result.valid and result.owner_name == row["id"]


def _seeded(sandbox, entity_type: str, *, active: bool = True) -> list:
    return [
        row
        for row in sandbox.state.barcodes.rows()
        if row["entity_type"] == entity_type and row["is_active"] is active
    ]


def test_the_demo_has_a_barcode_for_every_lot_and_product(sandbox):
    kinds = {"prescription_product", "non_prescription_product", "order_material"}
    labelled = {row["entity_id"] for row in sandbox.state.barcodes.rows() if row["is_active"]}
    assert {row["id"] for row in sandbox.state.lots.rows()} <= labelled
    assert {row["id"] for row in sandbox.state.products.rows()} <= labelled
    assert all(_seeded(sandbox, kind) for kind in kinds)


def test_a_first_run_can_scan_a_demo_lots_code_from_its_barcodes_page(clinic_client, sandbox):
    row = lot(sandbox)
    sheet = clinic_client.get(f"/catalog/barcodes/inventory/{row['id']}/")
    code = sheet.context["sheet"].barcodes[0].barcode_value
    assert code in sheet.text
    result = clinic_client.post(VERIFY, {"code": code}).context["result"]
    assert result.valid and result.owner_name == f"lot {row['batch_number']}"


def test_a_first_run_can_scan_a_demo_products_code(clinic_client, sandbox):
    row = product(sandbox, "non_prescription")
    code = next(
        b["barcode_value"]
        for b in _seeded(sandbox, "non_prescription_product")
        if b["entity_id"] == row["id"]
    )
    response = clinic_client.post(VERIFY, {"code": code})
    assert "Valid" in response.text and row["name"] in response.text


def test_the_demo_has_an_expired_and_a_withdrawn_code_that_scan_as_such(clinic_client, sandbox):
    now = datetime.now(UTC).replace(tzinfo=None)
    expired = next(r for r in sandbox.state.barcodes.rows() if datetime.fromisoformat(r["expires_at"]) < now)
    withdrawn = next(r for r in sandbox.state.barcodes.rows() if r["is_active"] is False)
    assert (
        clinic_client.post(VERIFY, {"code": expired["barcode_value"]}).context["result"].why_not == "expired"
    )
    assert (
        clinic_client.post(VERIFY, {"code": withdrawn["barcode_value"]}).context["result"].why_not
        == "inactive"
    )
