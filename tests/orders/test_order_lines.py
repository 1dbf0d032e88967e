from __future__ import annotations

import re

import pytest

from apps.core.once import token_new
from tests.orders.helpers import audit_rows, find_order, set_status, toast, writes

HTMX = {"HX-Request": "true"}


def _line(row, kind: str = "prescription"):
    return row["products"][kind][0]


def _with_lines(row) -> bool:
    return (
        bool(row["products"]["prescription"])
        and len(row["products"]["prescription"]) + len(row["products"]["non_prescription"]) >= 2
    )


def _quantity(
    client, row, quantity, *, htmx: bool = True, token: str | None = None, kind: str = "prescription"
):
    line = _line(row, kind)
    url = f"/orders/{row['id']}/lines/{kind}/{line['id']}/quantity/"
    data = {
        "token": token or token_new(),
        "order_item_id": line["order_item_id"],
        "quantity": quantity,
    }
    return client.post(url, data, headers=HTMX if htmx else {})


def _remove(client, row, *, htmx: bool = True, kind: str = "prescription"):
    line = _line(row, kind)
    url = f"/orders/{row['id']}/lines/{kind}/{line['id']}/remove/"
    data = {"token": token_new(), "order_item_id": line["order_item_id"]}
    return client.post(url, data, headers=HTMX if htmx else {})


def _stored_quantity(sandbox, row, kind: str = "prescription") -> int:
    return sandbox.state.orders.get(row["id"])["products"][kind][0]["quantity"]


def test_it_changes_a_quantity_and_shows_the_products_again(clinic_client, sandbox):
    order = find_order(sandbox, "received")
    response = _quantity(clinic_client, order, 7)
    assert _stored_quantity(sandbox, order) == 7
    assert response.content.decode().lstrip().startswith('<section id="order-products"')
    assert toast(response)["message"] == f"Quantity of {_line(order)['name']} set to 7."
    assert audit_rows("order.line_quantity")[0].outcome == "ok"


@pytest.mark.parametrize("quantity", ["0", "-2", "abc", "", "100000"])
def test_it_shows_a_bad_quantity_at_the_line_and_sends_nothing(quantity, clinic_client, sandbox):
    order = find_order(sandbox, "received")
    response = _quantity(clinic_client, order, quantity)
    html = response.content.decode()
    assert '<p class="field-error" role="alert">' in html
    assert html.index('class="field-error"') > html.index(
        f'name="order_item_id" value="{_line(order)["order_item_id"]}"'
    )
    assert writes(sandbox) == []


def test_without_js_a_bad_quantity_shows_on_the_order_page(clinic_client, sandbox):
    order = find_order(sandbox, "received")
    response = _quantity(clinic_client, order, "0", htmx=False)
    assert response.status_code == 200
    assert b"<html" in response.content
    assert b'class="field-error"' in response.content
    assert writes(sandbox) == []


def test_it_removes_a_line(clinic_client, sandbox):
    order = find_order(sandbox, "received", _with_lines)
    line = _line(order)
    response = _remove(clinic_client, order)
    stored = sandbox.state.orders.get(order["id"])["products"]["prescription"]
    assert line["order_item_id"] not in {p["order_item_id"] for p in stored}
    assert line["order_item_id"] not in response.content.decode()
    assert audit_rows("order.line_remove")[0].outcome == "ok"


def test_a_line_already_removed_elsewhere_is_explained(clinic_client, sandbox):
    order = find_order(sandbox, "received", _with_lines)
    _remove(clinic_client, order)
    response = _remove(clinic_client, order)
    assert "no longer there" in toast(response)["message"]


def test_without_js_it_returns_to_the_order(clinic_client, sandbox):
    order = find_order(sandbox, "received")
    response = _quantity(clinic_client, order, 3, htmx=False)
    assert response.status_code == 302
    assert response["Location"] == f"/orders/{order['id']}/"


def test_a_resent_form_changes_the_line_once(clinic_client, sandbox):
    order = find_order(sandbox, "received")
    same = token_new()
    _quantity(clinic_client, order, 4, token=same)
    second = _quantity(clinic_client, order, 4, token=same)
    assert len(writes(sandbox)) == 1
    assert toast(second)["level"] == "info"


@pytest.mark.parametrize(
    "status", ["data_entry", "picked", "verified", "shipped", "delivered", "paused", "exception", "cancelled"]
)
def test_it_refuses_line_changes_unless_received_without_asking_blend(status, clinic_client, sandbox):
    order = find_order(sandbox, status, lambda r: bool(r["products"]["prescription"]))
    response = _quantity(clinic_client, order, 2)
    assert writes(sandbox) == []
    assert "products can be changed only while the order is Received" in toast(response)["message"]
    assert audit_rows("order.line_quantity")[0].outcome == "refused"


def test_it_rechecks_the_status_when_the_page_was_stale(clinic_client, sandbox):
    order = find_order(sandbox, "received")
    set_status(sandbox, order["id"], "picked")
    response = _remove(clinic_client, order)
    assert writes(sandbox) == []
    assert "it is now Picked" in toast(response)["message"]
    assert "/lines/" not in response.content.decode()  # the products show without the controls now


def test_it_explains_blends_conflict(clinic_client, sandbox):
    order = find_order(sandbox, "received")
    sandbox.faults.add(409, method="PATCH")
    response = _quantity(clinic_client, order, 2)
    assert "changed since this page was shown" in toast(response)["message"]
    assert audit_rows("order.line_quantity")[0].outcome == "refused"


def test_it_says_so_when_blend_times_out(clinic_client, sandbox):
    order = find_order(sandbox, "received")
    sandbox.faults.add("timeout", method="PATCH")
    response = _quantity(clinic_client, order, 2)
    assert "did not answer in time" in toast(response)["message"]
    assert audit_rows("order.line_quantity")[0].outcome == "failed"


def test_it_shows_the_catalog_to_add_from(clinic_client, sandbox):
    order = find_order(sandbox, "received")
    product = next(
        p for p in sandbox.state.products.rows() if p["_kind"] == "non_prescription" and p.get("is_active")
    )
    response = clinic_client.get(f"/orders/{order['id']}/lines/add/")
    assert response.status_code == 200
    assert f'value="non_prescription:{product["id"]}"' in response.content.decode()


def _add(client, order, product_value: str, quantity="2", token: str = ""):
    page = client.get(f"/orders/{order['id']}/lines/add/").content.decode()
    token = token or re.search(r'name="token" value="([^"]+)"', page).group(1)
    data = {"token": token, "product": product_value, "quantity": quantity}
    return client.post(f"/orders/{order['id']}/lines/add/", data)


def test_it_adds_a_product_from_the_catalog(clinic_client, sandbox):
    order = find_order(sandbox, "received")
    product = next(p for p in sandbox.state.products.rows() if p["_kind"] == "order_material")
    response = _add(clinic_client, order, f"order_material:{product['id']}", "3")
    assert response.status_code == 302
    added = sandbox.state.orders.get(order["id"])["products"]["order_material"][-1]
    assert (added["id"], added["quantity"]) == (product["id"], 3)
    assert audit_rows("order.lines_add")[0].outcome == "ok"


def test_adding_twice_with_the_same_form_adds_once(clinic_client, sandbox):
    order = find_order(sandbox, "received")
    product = next(p for p in sandbox.state.products.rows() if p["_kind"] == "order_material")
    same = token_new()
    _add(clinic_client, order, f"order_material:{product['id']}", token=same)
    _add(clinic_client, order, f"order_material:{product['id']}", token=same)
    assert len(writes(sandbox)) == 1


@pytest.mark.parametrize(
    ("product", "quantity"), [("prescription:not-a-product", "1"), ("", "1"), (None, "0")]
)
def test_it_shows_bad_input_when_adding_and_sends_nothing(product, quantity, clinic_client, sandbox):
    order = find_order(sandbox, "received")
    if product is None:
        product = "order_material:" + next(
            p["id"] for p in sandbox.state.products.rows() if p["_kind"] == "order_material"
        )
    response = _add(clinic_client, order, product, quantity)
    assert response.status_code == 200
    assert b'class="field-error"' in response.content
    assert writes(sandbox) == []


def test_adding_is_refused_once_the_order_moved_on(clinic_client, sandbox):
    order = find_order(sandbox, "picked")
    response = clinic_client.get(f"/orders/{order['id']}/lines/add/")
    assert "Products can't be added now" in response.content.decode()


def test_an_unknown_product_kind_is_not_found(clinic_client, sandbox):
    order = find_order(sandbox, "received")
    url = f"/orders/{order['id']}/lines/gadget/{_line(order)['id']}/quantity/"
    assert clinic_client.post(url, {"token": token_new(), "quantity": 1}).status_code == 404


def test_an_unknown_order_gets_the_404_page(clinic_client):
    assert clinic_client.get("/orders/ORD000000000000NOPE/lines/add/").status_code == 404


def test_a_user_without_a_role_is_forbidden(outsider_client, sandbox):
    order = find_order(sandbox, "received")
    assert _quantity(outsider_client, order, 2).status_code == 403
    assert outsider_client.get(f"/orders/{order['id']}/lines/add/").status_code == 403
    assert writes(sandbox) == []


@pytest.mark.parametrize("persona", ["clinic_client", "support_client", "manager_client"])
def test_every_role_may_change_lines(persona, request, sandbox):
    order = find_order(sandbox, "received")
    _quantity(request.getfixturevalue(persona), order, 5)
    assert _stored_quantity(sandbox, order) == 5


def _material(sandbox) -> str:
    return "order_material:" + next(
        p["id"] for p in sandbox.state.products.rows() if p["_kind"] == "order_material"
    )


def test_blends_refusal_when_adding_shows_on_the_form(clinic_client, sandbox):
    order = find_order(sandbox, "received")
    sandbox.faults.add(422, method="POST", path="/products", message="Product is discontinued.")
    response = _add(clinic_client, order, _material(sandbox))
    assert response.status_code == 200
    assert "Injected validation failure." in response.content.decode()
    assert audit_rows("order.lines_add")[0].outcome == "refused"


def test_blends_conflict_when_adding_returns_to_the_order(clinic_client, sandbox):
    order = find_order(sandbox, "received")
    sandbox.faults.add(409, method="POST", path="/products")
    response = _add(clinic_client, order, _material(sandbox))
    follow = clinic_client.get(response["Location"]).content.decode()
    assert "changed since this page was shown" in follow


def _prescription_product(sandbox):
    return next(
        p for p in sandbox.state.products.rows() if p["_kind"] == "prescription" and p.get("is_active")
    )


def _reasons(sandbox):
    """A top-level reason with a subcategory, and that subcategory."""
    rows = list(sandbox.state.reasons.rows())
    child = next(r for r in rows if r.get("parent_id"))
    return next(r for r in rows if r["id"] == child["parent_id"]), child


def _add_with_reasons(client, order, product_value: str, reasons: list[str]):
    page = client.get(f"/orders/{order['id']}/lines/add/").content.decode()
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    data = {"token": token, "product": product_value, "quantity": "1", "reasons": reasons}
    return client.post(f"/orders/{order['id']}/lines/add/", data)


def test_the_add_page_offers_blends_compounding_reasons(clinic_client, sandbox):
    parent, child = _reasons(sandbox)
    page = clinic_client.get(f"/orders/{find_order(sandbox, 'received')['id']}/lines/add/").content.decode()
    assert 'name="reasons"' in page and "Compounding reasons (optional)" in page
    assert f'<option value="{parent["id"]}">{parent["name"]}</option>' in page
    assert f'<option value="{child["id"]}">{parent["name"]} › {child["name"]}</option>' in page


def test_a_prescription_product_is_added_with_its_compounding_reasons(clinic_client, sandbox):
    order, product = find_order(sandbox, "received"), _prescription_product(sandbox)
    parent, child = _reasons(sandbox)
    response = _add_with_reasons(
        clinic_client, order, f"prescription:{product['id']}", [parent["id"], child["id"]]
    )
    assert response.status_code == 302
    added = sandbox.state.orders.get(order["id"])["products"]["prescription"][-1]
    assert added["id"] == product["id"]
    assert [r["id"] for r in added["reasons"]] == [parent["id"], child["id"]]
    assert audit_rows("order.lines_add")[0].outcome == "ok"


def test_reasons_with_a_product_that_is_not_a_prescription_are_refused_at_the_field(clinic_client, sandbox):
    parent, _ = _reasons(sandbox)
    response = _add_with_reasons(
        clinic_client, find_order(sandbox, "received"), _material(sandbox), [parent["id"]]
    )
    assert response.status_code == 200
    assert "Compounding reasons go with prescription products only." in response.content.decode()
    assert writes(sandbox) == []


def test_an_unknown_reason_is_refused_at_the_field(clinic_client, sandbox):
    order, product = find_order(sandbox, "received"), _prescription_product(sandbox)
    response = _add_with_reasons(clinic_client, order, f"prescription:{product['id']}", ["no-such-reason"])
    assert response.status_code == 200
    assert "Choose compounding reasons from Blend&#x27;s list." in response.content.decode()
    assert writes(sandbox) == []


def test_without_blends_reason_list_products_are_still_added(clinic_client, sandbox):
    sandbox.faults.add(500, method="GET", path="/reasons", times=5)
    order, product = find_order(sandbox, "received"), _prescription_product(sandbox)
    page = clinic_client.get(f"/orders/{order['id']}/lines/add/").content.decode()
    assert 'name="product"' in page and 'name="reasons"' not in page
    response = _add(clinic_client, order, f"prescription:{product['id']}", "1")
    assert response.status_code == 302
    assert sandbox.state.orders.get(order["id"])["products"]["prescription"][-1]["id"] == product["id"]


def test_the_reasons_help_text_is_tied_to_its_field(clinic_client, sandbox):
    page = clinic_client.get(f"/orders/{find_order(sandbox, 'received')['id']}/lines/add/").content.decode()
    assert (
        'aria-describedby="id_reasons_helptext"' in page
        and '<p class="help" id="id_reasons_helptext">' in page
    )
