"""Starting a recall: from a product of any kind or from an inventory lot, every open order that holds
it (the index, each order read again from Blend), with the patients and prescribers concerned."""

from __future__ import annotations

import html as htmllib

import pytest

from apps.audit.models import AuditEntry
from apps.orderindex.models import IndexedOrder
from apps.recalls.models import Recall
from tests.recalls.conftest import lot_products, open_orders_holding, start, token_of

pytestmark = pytest.mark.django_db


def test_a_recall_from_a_lot_holds_every_open_order_of_its_products_and_says_why(
    manager_client, sandbox, indexed, a_lot
):
    expected = open_orders_holding(sandbox, lot_products(a_lot))
    page = manager_client.get(f"/recalls/new/?lot={a_lot['id']}").content.decode()
    assert "Blend does not say which lot" in page and a_lot["batch_number"] in page
    recall = start(manager_client, lot=a_lot["id"])
    assert recall.subject == "lot" and recall.lot_unknown and recall.reason == "Contaminated batch"
    assert {o.order_id for o in recall.orders.all()} == {r["id"] for r in expected}
    assert {(p["kind"], p["id"]) for p in recall.products} == lot_products(a_lot)
    report = manager_client.get(f"/recalls/{recall.pk}/").content.decode()
    assert "every open order of the lot's products" in report
    for row in expected:
        assert row["order_number"] in report
    entry = AuditEntry.objects.get(action="recall.start")
    assert entry.outcome == "ok" and entry.target_id == str(recall.pk)


def test_a_recall_from_a_product_keeps_each_orders_patient_and_prescribers(
    manager_client, sandbox, indexed, a_product
):
    kind, product_id = a_product
    expected = open_orders_holding(sandbox, {a_product})
    recall = start(manager_client, kind=kind, product=product_id)
    assert recall.subject == "product" and not recall.lot_unknown
    orders = {o.order_id: o for o in recall.orders.all()}
    assert set(orders) == {r["id"] for r in expected}
    row = expected[0]
    assert orders[row["id"]].patient_id == row["_patient_id"]
    erx = [sandbox.state.eprescriptions.get(i) for i in row["electronic_prescription_ids"]]
    assert orders[row["id"]].prescriber_ids == list(dict.fromkeys(e["prescriber_id"] for e in erx))
    assert orders[row["id"]].product_ids == [product_id]


def test_an_order_closed_since_the_index_saw_it_is_left_out(manager_client, sandbox, indexed, a_product):
    expected = open_orders_holding(sandbox, {a_product})
    closed = expected[0]
    sandbox.state.orders.edit(closed["id"])["status"] = "cancelled"
    recall = start(manager_client, kind=a_product[0], product=a_product[1])
    assert closed["id"] not in {o.order_id for o in recall.orders.all()}
    assert recall.orders.count() == len(expected) - 1


def test_an_unknown_lot_or_product_is_said_at_its_field_and_nothing_is_stored(manager_client, indexed):
    unknown = "00000000-0000-4000-8000-000000000000"
    response = manager_client.get(f"/recalls/new/?lot={unknown}")
    assert response.status_code == 404
    assert "Blend has no inventory lot with this id." in response.content.decode()
    token = token_of(manager_client.get("/recalls/new/").content.decode())
    response = manager_client.post(
        "/recalls/new/", {"token": token, "kind": "non_prescription", "product": unknown, "reason": "Bad"}
    )
    assert response.status_code == 400
    assert "Blend's catalog has no non-prescription product with this id." in htmllib.unescape(
        response.content.decode()
    )
    assert not Recall.objects.exists()
    assert AuditEntry.objects.get(action="recall.start").outcome == "refused"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"lot": "../etc", "reason": "x"}, "That is not a Blend id"),
        ({"reason": "x"}, "Recall either a product or a lot"),
        (
            {"lot": "a", "product": "b", "kind": "prescription", "reason": "x"},
            "Recall either a product or a lot",
        ),
        ({"product": "abc", "reason": "x"}, "Choose the product's kind."),
    ],
)
def test_bad_input_is_said_and_nothing_is_read_or_stored(manager_client, sandbox, fields, message):
    token = token_of(manager_client.get("/recalls/new/").content.decode())
    sandbox.faults.seen.clear()
    response = manager_client.post("/recalls/new/", {"token": token, **fields})
    assert response.status_code == 400
    assert message in htmllib.unescape(response.content.decode())
    assert not Recall.objects.exists()
    assert not [p for _, p in sandbox.faults.seen if "inventory" in p or "/orders/" in p]


def test_an_empty_reason_is_refused_at_its_field(manager_client, indexed, a_lot):
    token = token_of(manager_client.get(f"/recalls/new/?lot={a_lot['id']}").content.decode())
    response = manager_client.post("/recalls/new/", {"token": token, "lot": a_lot["id"], "reason": "   "})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Give the reason for the recall." in html
    assert a_lot["batch_number"] in html  # the lot is still shown
    assert not Recall.objects.exists()


def test_a_form_sent_twice_starts_one_recall(manager_client, indexed, a_lot):
    token = token_of(manager_client.get(f"/recalls/new/?lot={a_lot['id']}").content.decode())
    data = {"token": token, "lot": a_lot["id"], "reason": "Mould"}
    assert manager_client.post("/recalls/new/", data).status_code == 302
    again = manager_client.post("/recalls/new/", data, follow=True)
    assert "already sent once" in again.content.decode()
    assert Recall.objects.count() == 1


def test_a_never_synced_index_refuses_and_starts_its_sync(manager_client, a_lot):
    token = token_of(manager_client.get(f"/recalls/new/?lot={a_lot['id']}").content.decode())
    response = manager_client.post("/recalls/new/", {"token": token, "lot": a_lot["id"], "reason": "Mould"})
    assert response.status_code == 400
    assert "being built for the first time" in response.content.decode()
    assert not Recall.objects.exists() and not IndexedOrder.objects.exists()


@pytest.mark.parametrize("fault", ["timeout", 500, 503])
def test_blend_failing_on_the_lot_shows_the_unavailable_page(manager_client, sandbox, a_lot, fault):
    sandbox.faults.add(fault, method="GET", path="/products/inventory/", times=5)
    response = manager_client.get(f"/recalls/new/?lot={a_lot['id']}")
    assert response.status_code in (502, 503)
    assert "Blend" in response.content.decode()


@pytest.mark.parametrize("fault", [404, 422])
def test_blend_refusing_the_lot_says_so_at_the_field(manager_client, sandbox, a_lot, fault):
    sandbox.faults.add(fault, method="GET", path="/products/inventory/")
    response = manager_client.get(f"/recalls/new/?lot={a_lot['id']}")
    assert response.status_code == 404
    assert "Blend has no inventory lot with this id." in response.content.decode()


def test_an_order_blend_cannot_read_stays_in_with_a_note(manager_client, sandbox, indexed, a_product):
    expected = open_orders_holding(sandbox, {a_product})
    sandbox.faults.add("timeout", method="GET", path=f"/orders/{expected[0]['id']}", times=5)
    recall = start(manager_client, kind=a_product[0], product=a_product[1])
    order = recall.orders.get(order_id=expected[0]["id"])
    assert "could not be read" in order.note and order.status == expected[0]["status"]
    assert recall.orders.count() == len(expected)


@pytest.mark.parametrize("persona", ["clinic_client", "support_client", "outsider_client"])
def test_only_managers_may_start_a_recall(request, persona, a_lot):
    client = request.getfixturevalue(persona)
    assert client.get("/recalls/").status_code == 403
    assert client.get(f"/recalls/new/?lot={a_lot['id']}").status_code == 403
    assert client.post("/recalls/new/", {"lot": a_lot["id"], "reason": "x"}).status_code == 403
    assert AuditEntry.objects.filter(action="access.denied", outcome="refused").count() == 3
    assert not Recall.objects.exists()


def test_the_htmx_fragment_of_the_start_page_is_its_form_only(manager_client, a_lot, htmx_headers):
    response = manager_client.get(f"/recalls/new/?lot={a_lot['id']}", headers=htmx_headers)
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert 'id="recall-subject"' in html and a_lot["batch_number"] in html


@pytest.mark.parametrize("kind", ["non_prescription", "order_material"])
def test_a_product_of_any_kind_can_be_recalled(manager_client, sandbox, indexed, kind):
    held = [
        (kind, line["id"])
        for row in sandbox.state.orders.rows()
        if row["status"] in ("received", "picked", "paused")
        for line in row["products"][kind]
    ]
    if not held:
        pytest.skip(f"the seed has no open order holding a {kind} product")
    product = held[0]
    recall = start(manager_client, kind=kind, product=product[1])
    assert recall.product_kind == kind
    assert {o.order_id for o in recall.orders.all()} == {
        r["id"] for r in open_orders_holding(sandbox, {product})
    }


@pytest.mark.parametrize("fault", ["timeout", 500])
def test_blend_failing_on_the_catalog_shows_the_unavailable_page(manager_client, sandbox, a_product, fault):
    sandbox.faults.add(fault, method="GET", path="/products", times=5)
    response = manager_client.get(f"/recalls/new/?kind={a_product[0]}&product={a_product[1]}")
    assert response.status_code in (502, 503)
    assert not Recall.objects.exists()


def test_the_catalog_offers_a_recall_to_managers_only(manager_client, support_client, a_lot, a_product):
    lot_page = f"/catalog/inventory/{a_lot['id']}/"
    product_page = f"/catalog/{a_product[0]}/{a_product[1]}/"
    assert f"/recalls/new/?lot={a_lot['id']}" in manager_client.get(lot_page).content.decode()
    assert "/recalls/new/?kind=" in manager_client.get(product_page).content.decode()
    assert "Start a recall" not in support_client.get(lot_page).content.decode()
    assert "Start a recall" not in support_client.get(product_page).content.decode()
