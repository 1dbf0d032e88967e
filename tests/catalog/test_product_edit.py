from __future__ import annotations

from apps.core.once import token_new
from tests.catalog.helpers import product
from tests.orders.helpers import audit_rows, writes


def _edit(row) -> str:
    return f"/catalog/{row['_kind']}/{row['id']}/edit/"


def _form(row, **changes) -> dict[str, str]:
    data = {"name": row["name"], "sku": row["sku"] or "", "description": row["description"] or ""}
    if row["_kind"] == "prescription":
        data["product_code"] = row.get("product_code") or ""
    if row["_kind"] == "non_prescription":
        data["price"] = str(row.get("price") or "")
    return {**data, "token": token_new(), **changes}


def test_it_shows_the_fields_blend_lets_a_customer_change(manager_client, sandbox):
    row = product(sandbox)
    response = manager_client.get(_edit(row))
    assert response.status_code == 200
    assert f'value="{row["name"]}"' in response.text
    assert 'name="product_code"' in response.text
    assert 'name="strength"' not in response.text  # Blend does not take it on update


def test_it_sends_only_what_changed(manager_client, sandbox):
    row = product(sandbox, "non_prescription")
    response = manager_client.post(_edit(row), _form(row, price="12.50"))
    assert response.status_code == 302
    assert sandbox.state.products.get(row["id"])["price"] == 12.5
    assert writes(sandbox) == [("PUT", f"/products/non_prescription/{row['id']}")]
    assert audit_rows("product.update")[0].outcome == "ok"


def test_it_sends_nothing_when_nothing_changed(manager_client, sandbox):
    row = product(sandbox)
    manager_client.post(_edit(row), _form(row))
    assert writes(sandbox) == []


def test_it_refuses_bad_input_at_the_field_and_sends_nothing(manager_client, sandbox):
    row = product(sandbox, "non_prescription")
    response = manager_client.post(_edit(row), _form(row, name="  ", price="-3"))
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"name", "price"}
    assert writes(sandbox) == []


def test_it_shows_blends_422_at_the_fields(manager_client, sandbox):
    row = product(sandbox)
    sandbox.faults.add(422, method="PUT", path="/products/")
    response = manager_client.post(_edit(row), _form(row, name="Renamed"))
    assert response.status_code == 200
    assert "Injected validation failure." in response.text
    assert audit_rows("product.update")[0].outcome == "refused"


def test_it_reaches_blend_once_when_the_form_is_sent_twice(manager_client, sandbox):
    row = product(sandbox)
    data = _form(row, name="Renamed once")
    manager_client.post(_edit(row), data)
    response = manager_client.post(_edit(row), {**data, "name": "Renamed twice"})
    assert response.status_code == 302
    assert len(writes(sandbox)) == 1
    assert sandbox.state.products.get(row["id"])["name"] == "Renamed once"


def test_it_says_when_blend_times_out(manager_client, sandbox):
    row = product(sandbox)
    sandbox.faults.add("timeout", method="PUT", path="/products/")
    response = manager_client.post(_edit(row), _form(row, name="Renamed"), follow=True)
    assert "did not answer in time" in response.text
    assert audit_rows("product.update")[0].outcome == "failed"


def test_it_shows_blend_unavailable_when_blend_fails(manager_client, sandbox):
    row = product(sandbox)
    sandbox.faults.add(503, method="PUT", path="/products/")
    assert manager_client.post(_edit(row), _form(row, name="Renamed")).status_code == 503


def test_it_refuses_clinic_and_support(clinic_client, support_client, outsider_client, sandbox):
    row = product(sandbox)
    for client in (clinic_client, support_client, outsider_client):
        assert client.get(_edit(row)).status_code == 403
        assert client.post(_edit(row), _form(row, name="X")).status_code == 403
    assert writes(sandbox) == []


def test_it_answers_404_for_an_unknown_product(manager_client):
    assert manager_client.get("/catalog/prescription/nope/edit/").status_code == 404


def test_it_creates_a_prescription_product(manager_client, sandbox):
    data = {"name": "Test Cream", "product_code": "TC1", "strength": "1%", "price": "20", "is_active": "on"}
    response = manager_client.post("/catalog/prescription/new/", {**data, "token": token_new()})
    created = next(r for r in sandbox.state.products.rows() if r["name"] == "Test Cream")
    assert response.status_code == 302
    assert response["Location"] == f"/catalog/prescription/{created['id']}/"
    assert created["strength"] == "1%" and created["is_active"] is True
    assert (audit_rows("product.create")[0].outcome, audit_rows("product.create")[0].target_id) == (
        "ok",
        created["id"],
    )


def test_it_creates_an_order_material_with_its_own_fields(manager_client, sandbox):
    response = manager_client.get("/catalog/order_material/new/")
    assert 'name="is_global"' in response.text and 'name="price"' not in response.text


def test_it_refuses_a_product_without_a_name(manager_client, sandbox):
    response = manager_client.post("/catalog/prescription/new/", {"name": "", "token": token_new()})
    assert "This field is required." in response.text
    assert writes(sandbox) == []


def test_it_creates_a_formula(manager_client, sandbox):
    data = {"name": "Base Cream", "medication_scdgs": "1156982, 1165648", "token": token_new()}
    response = manager_client.post("/catalog/formulas/new/", data)
    assert response.status_code == 302
    formula = next(iter(r for r in sandbox.state.formulas.rows() if r["name"] == "Base Cream"))
    assert formula["medication_scdgs"] == ["1156982", "1165648"]
    assert audit_rows("formula.create")[0].outcome == "ok"


def test_it_refuses_formula_codes_that_are_not_digits(manager_client, sandbox):
    data = {"name": "Base Cream", "allergen_snomeds": "abc", "token": token_new()}
    response = manager_client.post("/catalog/formulas/new/", data)
    assert "Codes are digits" in response.text
    assert writes(sandbox) == []


def test_it_refuses_formulas_to_clinic_staff(clinic_client):
    assert clinic_client.get("/catalog/formulas/new/").status_code == 403


def test_it_shows_blends_422_at_the_fields_of_a_new_product(manager_client, sandbox):
    sandbox.faults.add(422, method="POST", path="/products/")
    response = manager_client.post("/catalog/non_prescription/new/", {"name": "Balm", "token": token_new()})
    assert response.status_code == 200
    assert "Injected validation failure." in response.text
    assert audit_rows("product.create")[0].outcome == "refused"
