"""Orders through the real client against the sandbox: list, details, create (merging), update,
status history, statuses and shipping options."""

from __future__ import annotations

import re

import pytest

from apps.blend.errors import BlendBadRequest, BlendConflict, BlendNotFound, BlendValidationError
from apps.blend.models import Order
from apps.blend.pagination import iter_all

RAPAMYCIN = "HC-RAPA1"


def an_order(sandbox, status: str, **wanted):
    return next(
        row
        for row in sandbox.state.orders.rows()
        if row["status"] == status and all(row.get(k) == v for k, v in wanted.items())
    )


def a_patient_without_open_orders(sandbox):
    busy = {o["_patient_id"] for o in sandbox.state.orders.rows() if o["status"] == "received"}
    return next(p for p in sandbox.state.patients.rows() if p["id"] not in busy and p["address"])


def a_patient_with_an_open_order(sandbox):
    order = an_order(sandbox, "received")
    return sandbox.state.patients.get(order["_patient_id"])


def product(sandbox, kind: str, index: int = 0):
    return [p for p in sandbox.state.products.rows() if p["_kind"] == kind][index]


def rx_lines(quantity: int = 1):
    return {"prescription": [{"product_code": RAPAMYCIN, "quantity": quantity}]}


# --- list --------------------------------------------------------------------------------------


def test_it_lists_orders_newest_first_with_pagination(blend, sandbox):
    page = blend.order_list(page=2, page_size=10)
    assert len(page.items) == 10
    assert page.page == 2 and page.page_size == 10
    assert page.total_count == len(sandbox.state.orders)
    assert page.total_pages == -(-page.total_count // 10)
    assert page.remaining_count == page.total_count - 20
    stamps = [o.created_at for o in page.items]
    assert stamps == sorted(stamps, reverse=True)


def test_it_fills_the_typed_order_fields(blend):
    listed = blend.order_list(page_size=1, statuses=["delivered"]).items[0]
    order = blend.order_get(order_id=listed.id)
    assert re.fullmatch(r"ORD\d{12}[A-Z0-9]{4}", order.order_number)
    assert order.patient.first_name and order.address.zip_code
    assert order.shipments[0].tracking_url.startswith("https://")
    assert order.products.prescription[0].order_item_id
    assert order.status == "delivered" and order.created_at is not None


def test_it_filters_by_a_comma_list_of_statuses(blend):
    page = blend.order_list(page_size=200, statuses=["paused", "exception"])
    assert page.items and {o.status for o in page.items} <= {"paused", "exception"}


def test_it_refuses_an_unknown_status_filter(blend):
    with pytest.raises(BlendBadRequest):
        blend.order_list(statuses=["lost"])


def test_it_filters_orders_with_unmatched_prescriptions(blend):
    page = blend.order_list(page_size=50, has_unmatched_prescriptions=True)
    assert page.items
    orders = [blend.order_get(order_id=o.id) for o in page.items]
    assert all(any(line.has_prescription is False for line in o.products.prescription) for o in orders)


def test_it_walks_every_page(blend):
    seen = list(iter_all(lambda n: blend.order_list(page=n, page_size=200, statuses=["received", "paused"])))
    total = blend.order_list(page_size=1, statuses=["received", "paused"]).total_count
    assert len(seen) == total == len({o.id for o in seen})


# --- details -----------------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["id", "order_number", "external_id"])
def test_it_finds_an_order_by_any_identifier(blend, sandbox, key):
    row = next(r for r in sandbox.state.orders.rows() if r["external_id"])
    assert blend.order_get(order_id=row[key]).id == row["id"]


def test_it_answers_404_for_an_unknown_order(blend):
    with pytest.raises(BlendNotFound):
        blend.order_get(order_id="ORD000000000000ZZZZ")


def test_it_reads_the_older_order_shape():
    order = Order.model_validate({"status_code": "N01", "status_name": "Received", "status": "Received"})
    assert order.status == "received"
    assert Order.model_validate({"status_code": "P01", "status_name": "Data Entry"}).status == "data_entry"


def test_it_lists_statuses_and_shipping_options(blend):
    assert [s.code for s in blend.order_statuses()][:3] == ["N01", "P01", "P02"]
    options = {o.carrier: o for o in blend.shipping_options()}
    assert options["usps"].service_levels[0].code == "usps_ground_advantage"
    assert {level.code for level in options[None].service_levels} == {"next_day", "two_day", "ground"}


# --- create ------------------------------------------------------------------------------------


def test_it_creates_an_order_for_an_existing_patient(blend, sandbox):
    patient = a_patient_without_open_orders(sandbox)
    order = blend.order_create(order={"patient_id": patient["id"], "products": rx_lines(2)})
    assert order.status == "received" and order.patient.id == patient["id"]
    assert order.products.prescription[0].quantity == 2
    assert order.prescription_count == 1
    assert order.address.zip_code == patient["address"]["zip_code"]


def test_it_creates_the_patient_with_the_order(blend, sandbox):
    patient = {"first_name": "Ada", "last_name": "Byron", "date_of_birth": "1990-12-10"}
    patient["address"] = {"address_1": "1 Main St", "city": "Boston", "state": "MA", "zip_code": "02108"}
    order = blend.order_create(order={"patient": patient, "products": rx_lines()})
    assert order.patient.first_name == "Ada"
    assert order.address.zip_code == "02108"
    assert sandbox.state.patients.get(order.patient.id) is not None


def test_it_references_a_patient_by_external_id(blend, sandbox):
    patient = a_patient_without_open_orders(sandbox)
    order = blend.order_create(
        order={"patient": {"external_id": patient["external_id"]}, "products": rx_lines()}
    )
    assert order.patient.id == patient["id"]


def test_it_names_the_fields_of_a_bad_order(blend, sandbox):
    patient = a_patient_without_open_orders(sandbox)
    body = {
        "patient_id": patient["id"],
        "products": {"prescription": [{"sku": "nope", "quantity": 0}]},
        "shipping": {"carrier": "usps", "service_level": "ups_ground"},
    }
    with pytest.raises(BlendValidationError) as caught:
        blend.order_create(order=body)
    assert set(caught.value.fields) == {
        "products.prescription[0].sku",
        "products.prescription[0].quantity",
        "shipping.service_level",
    }


def test_it_refuses_an_order_without_patient_or_products(blend):
    with pytest.raises(BlendValidationError) as caught:
        blend.order_create(order={"products": {}})
    assert {"patient_id", "products"} <= set(caught.value.fields)


def test_it_merges_a_new_order_into_the_open_one(blend, sandbox):
    patient = a_patient_with_an_open_order(sandbox)
    open_order = max(
        (
            o
            for o in sandbox.state.orders.rows()
            if o["_patient_id"] == patient["id"] and o["status"] == "received"
        ),
        key=lambda o: o["created_at"],
    )
    lines_before = len(open_order["products"]["prescription"])
    merged = blend.order_create(order={"patient_id": patient["id"], "products": rx_lines()})
    assert merged.id == open_order["id"]
    assert len(merged.products.prescription) == lines_before + 1


def test_it_creates_a_separate_order_when_forced(blend, sandbox):
    patient = a_patient_with_an_open_order(sandbox)
    before = len(sandbox.state.orders)
    order = blend.order_create(order={"patient_id": patient["id"], "products": rx_lines()}, force_new=True)
    assert order.status == "received" and len(order.products.prescription) == 1
    assert len(sandbox.state.orders) == before + 1


def test_it_matches_a_new_order_with_the_given_eprescription(blend, sandbox):
    erx = next(e for e in sandbox.state.eprescriptions.rows() if e["patient_id"])
    code = erx["medications"][0]["product_code"]
    body = {
        "patient_id": erx["patient_id"],
        "products": {"prescription": [{"product_code": code, "quantity": 1}]},
        "electronic_prescription_ids": [[erx["id"]]],
    }
    order = blend.order_create(order=body, force_new=True)
    assert erx["id"] in order.electronic_prescription_ids
    assert order.products.prescription[0].has_prescription is True


def test_it_refuses_a_duplicate_external_id(blend, sandbox):
    taken = next(r["external_id"] for r in sandbox.state.orders.rows() if r["external_id"])
    patient = a_patient_without_open_orders(sandbox)
    with pytest.raises(BlendValidationError) as caught:
        blend.order_create(order={"patient_id": patient["id"], "products": rx_lines(), "external_id": taken})
    assert "external_id" in caught.value.fields


# --- update ------------------------------------------------------------------------------------

NEW_ADDRESS = {
    "address_1": "77 Elm St",
    "address_2": "Apt 2",
    "city": "Portland",
    "state": "ME",
    "zip_code": "04101",
}


def test_it_updates_the_order_address_only(blend, sandbox):
    row = an_order(sandbox, "received")
    before = dict(sandbox.state.patients.get(row["_patient_id"])["address"])
    order = blend.order_update(order_id=row["order_number"], changes={"address": NEW_ADDRESS})
    assert order.address.zip_code == "04101" and order.address.type == "shipping"
    assert sandbox.state.patients.get(row["_patient_id"])["address"] == before


def test_it_also_updates_the_patient_address_when_asked(blend, sandbox):
    row = an_order(sandbox, "picked")
    order = blend.order_update(order_id=row["id"], changes={"address": NEW_ADDRESS}, update_patient=True)
    assert order.patient.get("address")["city"] == "Portland"


def test_it_sets_a_shipping_preference(blend, sandbox):
    row = an_order(sandbox, "paused")
    order = blend.order_update(order_id=row["id"], changes={"shipping": {"service_level": "next_day"}})
    assert order.shipping.service_level == "next_day" and order.shipping.carrier is None


@pytest.mark.parametrize("status", ["received", "data_entry", "picked", "paused", "exception"])
def test_it_accepts_shipping_changes_before_the_shipping_process(blend, sandbox, status):
    row = an_order(sandbox, status)
    order = blend.order_update(order_id=row["id"], changes={"shipping": {"carrier": "ups"}})
    assert order.shipping.carrier == "ups"


@pytest.mark.parametrize("status", ["verified", "shipped", "delivered", "cancelled"])
def test_it_refuses_shipping_changes_once_in_the_shipping_process(blend, sandbox, status):
    row = an_order(sandbox, status)
    with pytest.raises(BlendConflict) as caught:
        blend.order_update(order_id=row["id"], changes={"shipping": {"carrier": "ups"}})
    assert f"is {status}" in caught.value.message


def test_it_refuses_an_unknown_carrier(blend, sandbox):
    row = an_order(sandbox, "received")
    with pytest.raises(BlendValidationError) as caught:
        blend.order_update(order_id=row["id"], changes={"shipping": {"carrier": "dhl"}})
    assert "shipping.carrier" in caught.value.fields


def test_it_refuses_fields_that_are_not_updatable(blend, sandbox):
    row = an_order(sandbox, "received")
    with pytest.raises(BlendValidationError) as caught:
        blend.order_update(order_id=row["id"], changes={"status": "shipped"})
    assert "status" in caught.value.fields


def test_it_changes_the_external_id_in_any_status(blend, sandbox):
    row = an_order(sandbox, "delivered")
    blend.order_update(order_id=row["id"], changes={"external_id": "MY-SYSTEM-42"})
    assert blend.order_get(order_id="MY-SYSTEM-42").id == row["id"]


def test_it_answers_404_when_updating_an_unknown_order(blend):
    with pytest.raises(BlendNotFound):
        blend.order_update(order_id="no-such-order", changes={"external_id": "x"})


# --- status history ----------------------------------------------------------------------------


def test_it_reads_the_status_history(blend, sandbox):
    row = an_order(sandbox, "delivered")
    history = blend.order_status_history(order_id=row["order_number"])
    assert [e.status for e in history][:2] == ["received", "data_entry"]
    assert history[-1].status == "delivered" and history[-1].duration is None
    assert history[1].updated_by.first_name and history[0].duration > 0


def test_it_grows_the_history_on_each_transition(blend, sandbox):
    row = an_order(sandbox, "received")
    before = len(blend.order_status_history(order_id=row["id"]))
    blend.order_pause(order_id=row["id"])
    blend.order_unpause(order_id=row["id"])
    history = blend.order_status_history(order_id=row["id"])
    assert [e.status for e in history[before:]] == ["paused", "received"]
    assert history[before - 1].duration is not None and history[-1].updated_by.last_name == "Integration"


def test_it_tells_webhook_subscribers_about_a_new_order(blend, sandbox):
    from apps.sandbox import webhooks

    patient = a_patient_without_open_orders(sandbox)
    order = blend.order_create(order={"patient_id": patient["id"], "products": rx_lines()})
    delivery = next(d for d in reversed(webhooks.log) if d.event_code == "order.created")
    assert delivery.body["data"]["order_number"] == order.order_number
    assert delivery.body["data"]["status_code"] == "N01" and delivery.outcome == "skipped"
