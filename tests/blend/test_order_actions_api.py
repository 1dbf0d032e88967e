"""Order actions, products on an order and compounding reasons, through the real client against the
sandbox: each status rule, each validation rule, unknown ids."""

from __future__ import annotations

import pytest

from apps.blend.errors import (
    BlendBadRequest,
    BlendConflict,
    BlendForbidden,
    BlendNotFound,
    BlendValidationError,
)

ALL = (
    "received",
    "data_entry",
    "picked",
    "verified",
    "shipped",
    "delivered",
    "paused",
    "exception",
    "cancelled",
)


def an_order(sandbox, status: str, **wanted):
    return next(
        row
        for row in sandbox.state.orders.rows()
        if row["status"] == status and all(row.get(k) == v for k, v in wanted.items())
    )


def other(allowed: tuple[str, ...]) -> list[str]:
    return [status for status in ALL if status not in allowed]


def product(sandbox, kind: str, index: int = 0):
    return [p for p in sandbox.state.products.rows() if p["_kind"] == kind][index]


# --- status actions ----------------------------------------------------------------------------


@pytest.mark.parametrize("status", ["received", "exception"])
def test_it_pauses_received_and_exception_orders(blend, sandbox, status):
    order = blend.order_pause(order_id=an_order(sandbox, status)["id"])
    assert order.status == "paused"


@pytest.mark.parametrize("status", other(("received", "exception")))
def test_it_refuses_to_pause_other_orders(blend, sandbox, status):
    row = an_order(sandbox, status)
    with pytest.raises(BlendConflict) as caught:
        blend.order_pause(order_id=row["id"])
    assert caught.value.message == (
        f"Order {row['order_number']} is {status}; only received or exception orders can be paused."
    )


def test_it_unpauses_to_received(blend, sandbox):
    row = an_order(sandbox, "paused")
    order = blend.order_unpause(order_id=row["order_number"])
    assert order.status == "received" and order.updated_at > blend.order_get(order_id=row["id"]).created_at


@pytest.mark.parametrize("status", other(("paused",)))
def test_it_refuses_to_unpause_orders_that_are_not_paused(blend, sandbox, status):
    with pytest.raises(BlendConflict):
        blend.order_unpause(order_id=an_order(sandbox, status)["id"])


@pytest.mark.parametrize("status", ["received", "paused", "exception"])
def test_it_cancels_orders_not_yet_in_process(blend, sandbox, status):
    assert blend.order_cancel(order_id=an_order(sandbox, status)["id"]).status == "cancelled"


@pytest.mark.parametrize("status", other(("received", "paused", "exception")))
def test_it_refuses_to_cancel_orders_in_process(blend, sandbox, status):
    with pytest.raises(BlendConflict):
        blend.order_cancel(order_id=an_order(sandbox, status)["id"])


@pytest.mark.parametrize("status", ["received", "data_entry", "picked", "paused", "exception"])
def test_it_prioritizes_orders_before_verification(blend, sandbox, status):
    row = an_order(sandbox, status, priority_requested=False)
    order = blend.order_prioritize(order_id=row["id"])
    assert order.priority_requested is True and order.status == status


@pytest.mark.parametrize("status", ["verified", "shipped", "delivered", "cancelled"])
def test_it_refuses_to_prioritize_verified_or_later_orders(blend, sandbox, status):
    with pytest.raises(BlendConflict):
        blend.order_prioritize(order_id=an_order(sandbox, status)["id"])


@pytest.mark.parametrize("status", ["picked", "verified"])
def test_it_requests_cancellation_of_orders_in_process(blend, sandbox, status):
    row = an_order(sandbox, status, cancellation_requested=False)
    order = blend.order_request_cancellation(order_id=row["id"], comments="Patient changed their mind")
    assert order.cancellation_requested is True and order.status == status


def test_it_allows_one_cancellation_request_only(blend, sandbox):
    row = an_order(sandbox, "verified", cancellation_requested=False)
    blend.order_request_cancellation(order_id=row["id"])
    with pytest.raises(BlendConflict):
        blend.order_request_cancellation(order_id=row["id"])


@pytest.mark.parametrize("status", other(("picked", "verified")))
def test_it_refuses_cancellation_requests_outside_picked_and_verified(blend, sandbox, status):
    with pytest.raises(BlendConflict):
        blend.order_request_cancellation(order_id=an_order(sandbox, status)["id"])


@pytest.mark.parametrize("status", ["shipped", "delivered"])
def test_it_requests_a_replacement(blend, sandbox, status):
    row = an_order(sandbox, status, replacement_request_status=None)
    order = blend.order_replace(order_id=row["id"], reason="Product arrived damaged")
    assert order.replacement_request_status == "pending"
    assert order.replacement_requested_reason == "Product arrived damaged"
    assert order.replacement_requested is True and order.replacement_requested_at is not None


@pytest.mark.parametrize("status", other(("shipped", "delivered")))
def test_it_refuses_replacements_before_shipping(blend, sandbox, status):
    with pytest.raises(BlendConflict):
        blend.order_replace(order_id=an_order(sandbox, status)["id"], reason="Damaged")


def test_it_requires_a_replacement_reason(blend, sandbox):
    with pytest.raises(BlendValidationError) as caught:
        blend.order_replace(order_id=an_order(sandbox, "delivered")["id"], reason=" ")
    assert "reason" in caught.value.fields


def test_it_refuses_a_second_pending_replacement(blend, sandbox):
    row = an_order(sandbox, "delivered", replacement_request_status="pending")
    with pytest.raises(BlendConflict):
        blend.order_replace(order_id=row["id"], reason="Still damaged")


@pytest.mark.parametrize(
    "action",
    ["order_pause", "order_unpause", "order_cancel", "order_prioritize", "order_request_cancellation"],
)
def test_it_answers_404_for_actions_on_unknown_orders(blend, action):
    with pytest.raises(BlendNotFound):
        getattr(blend, action)(order_id="00000000-0000-4000-8000-000000000000")


def test_it_reads_seeded_replacements_both_ways(blend, sandbox):
    replacement = next(row for row in sandbox.state.orders.rows() if row["is_replacement"])
    original = blend.order_get(order_id=replacement["original_order_id"])
    assert original.replacement_order_ids == [replacement["id"]]
    assert original.replacement_request_status == "fulfilled"


# --- products on an order ----------------------------------------------------------------------


def test_it_adds_products_to_a_received_order(blend, sandbox):
    row = an_order(sandbox, "received")
    material = product(sandbox, "order_material")
    order = blend.order_products_add(
        order_id=row["id"],
        non_prescription=[{"sku": product(sandbox, "non_prescription")["sku"], "quantity": 2}],
        order_material=[{"id": material["id"], "quantity": 1}],
    )
    assert order.products.non_prescription[-1].quantity == 2
    assert order.products.order_material[-1].get("is_global") == material["is_global"]


def test_it_stores_compounding_reasons_on_added_prescription_lines(blend, sandbox):
    row = an_order(sandbox, "received")
    line = {"product_code": "HC-TRET05", "quantity": 1, "reasons": ["00000000-0000-0000-0000-000000000201"]}
    order = blend.order_products_add(order_id=row["id"], prescription=[line])
    assert order.products.prescription[-1].reasons[0].name == "Palatability"
    assert order.prescription_count == len(order.products.prescription)


@pytest.mark.parametrize("status", other(("received",)))
def test_it_refuses_to_add_products_after_received(blend, sandbox, status):
    with pytest.raises(BlendConflict):
        blend.order_products_add(
            order_id=an_order(sandbox, status)["id"],
            prescription=[{"product_code": "HC-LDN45", "quantity": 1}],
        )


def test_it_names_bad_product_references(blend, sandbox):
    row = an_order(sandbox, "received")
    with pytest.raises(BlendValidationError) as caught:
        blend.order_products_add(order_id=row["id"], order_material=[{"product_code": "X", "quantity": 1}])
    assert "order_material[0]" in caught.value.fields


def _twice(blend, sandbox):
    row = an_order(sandbox, "received")
    code = "HC-LEVO25"
    order = blend.order_products_add(
        order_id=row["id"], prescription=[{"product_code": code, "quantity": 1}] * 2
    )
    lines = [line for line in order.products.prescription if line.product_code == code]
    return order, lines


def test_it_removes_a_product_from_an_order(blend, sandbox):
    row = an_order(sandbox, "received")
    line = blend.order_products_add(
        order_id=row["id"],
        non_prescription=[{"sku": product(sandbox, "non_prescription", 3)["sku"], "quantity": 1}],
    ).products.non_prescription[-1]
    message = blend.order_product_remove(
        order_id=row["id"], product_type="non_prescription", product_id=line.id
    )
    assert message == "Non_prescription product removed from order"
    assert line.order_item_id not in {
        i.order_item_id for i in blend.order_get(order_id=row["id"]).products.non_prescription
    }


def test_it_needs_the_order_item_id_when_a_product_appears_twice(blend, sandbox):
    order, lines = _twice(blend, sandbox)
    with pytest.raises(BlendValidationError) as caught:
        blend.order_product_remove(order_id=order.id, product_type="prescription", product_id=lines[0].id)
    assert "order_item_id" in caught.value.fields
    blend.order_product_remove(
        order_id=order.id,
        product_type="prescription",
        product_id=lines[0].id,
        order_item_id=lines[0].order_item_id,
    )
    remaining = [i.order_item_id for i in blend.order_get(order_id=order.id).products.prescription]
    assert lines[0].order_item_id not in remaining and lines[1].order_item_id in remaining


def test_it_answers_404_for_a_product_not_on_the_order(blend, sandbox):
    row = an_order(sandbox, "received")
    with pytest.raises(BlendNotFound):
        blend.order_product_remove(
            order_id=row["id"],
            product_type="order_material",
            product_id="00000000-0000-4000-8000-000000000000",
        )


def test_it_refuses_an_unknown_product_type(blend, sandbox):
    with pytest.raises(BlendBadRequest):
        blend.order_product_remove(
            order_id=an_order(sandbox, "received")["id"], product_type="gadget", product_id="x"
        )


def test_it_refuses_to_remove_products_after_received(blend, sandbox):
    row = an_order(sandbox, "picked")
    line = row["products"]["prescription"][0]
    with pytest.raises(BlendConflict):
        blend.order_product_remove(order_id=row["id"], product_type="prescription", product_id=line["id"])


def test_it_changes_a_line_quantity(blend, sandbox):
    order, lines = _twice(blend, sandbox)
    updated = blend.order_product_set_quantity(
        order_id=order.id,
        product_type="prescription",
        product_id=lines[1].id,
        order_item_id=lines[1].order_item_id,
        quantity=3,
    )
    by_item = {line.order_item_id: line.quantity for line in updated.products.prescription}
    assert by_item[lines[1].order_item_id] == 3 and by_item[lines[0].order_item_id] == 1


@pytest.mark.parametrize("quantity", [0, -1, 1.5, True])
def test_it_refuses_a_quantity_below_one_or_not_whole(blend, sandbox, quantity):
    row = an_order(sandbox, "received")
    line = row["products"]["prescription"][0]
    with pytest.raises(BlendValidationError) as caught:
        blend.order_product_set_quantity(
            order_id=row["id"],
            product_type="prescription",
            product_id=line["id"],
            quantity=quantity,
            order_item_id=line["order_item_id"],
        )
    assert "quantity" in caught.value.fields


def test_it_refuses_quantity_changes_after_received(blend, sandbox):
    row = an_order(sandbox, "verified")
    line = row["products"]["prescription"][0]
    with pytest.raises(BlendConflict):
        blend.order_product_set_quantity(
            order_id=row["id"],
            product_type="prescription",
            product_id=line["id"],
            quantity=2,
            order_item_id=line["order_item_id"],
        )


# --- compounding reasons -----------------------------------------------------------------------


def test_it_lists_global_reasons_with_subcategories(blend):
    reasons = blend.reason_list(type="global")
    adherence = next(r for r in reasons if r.id == "00000000-0000-0000-0000-000000000101")
    assert adherence.name == "Adherence or Compliance" and adherence.is_global is True
    assert "Behavioral Issues" in {s.name for s in adherence.subcategories}
    assert all(r.parent_id is None for r in reasons)


def test_it_lists_only_the_customer_reasons(blend):
    reasons = blend.reason_list(type="customer")
    assert reasons and all(r.is_global is False for r in reasons)


def test_it_refuses_an_unknown_reason_type(blend):
    with pytest.raises(BlendBadRequest):
        blend.reason_list(type="mine")


def test_it_creates_a_custom_reason_under_a_global_parent(blend):
    parent = "00000000-0000-0000-0000-000000000201"
    reason = blend.reason_create(name="Bitter aftertaste", description="Masking needed", parent_id=parent)
    assert reason.is_global is False and reason.parent_id == parent
    palatability = next(r for r in blend.reason_list() if r.id == parent)
    assert reason.id in {s.id for s in palatability.subcategories}


def test_it_requires_a_reason_name(blend):
    with pytest.raises(BlendValidationError) as caught:
        blend.reason_create(name="")
    assert "name" in caught.value.fields


def test_it_refuses_nesting_two_levels_deep(blend):
    with pytest.raises(BlendValidationError) as caught:
        blend.reason_create(name="Too deep", parent_id="00000000-0000-0000-0000-000000000102")
    assert "parent_id" in caught.value.fields


def test_it_updates_a_custom_reason_partially(blend):
    custom = blend.reason_create(name="Clinic habit", description="Keep me")
    updated = blend.reason_update(reason_id=custom.id, changes={"name": "Clinic routine"})
    assert updated.name == "Clinic routine" and updated.description == "Keep me"
    assert "Clinic routine" in {r.name for r in blend.reason_list(type="customer")}


def test_it_refuses_to_edit_a_global_reason(blend):
    with pytest.raises(BlendForbidden):
        blend.reason_update(reason_id="00000000-0000-0000-0000-000000000101", changes={"name": "Mine now"})


def test_it_answers_404_for_an_unknown_reason(blend):
    with pytest.raises(BlendNotFound):
        blend.reason_update(reason_id="00000000-0000-4000-8000-000000000999", changes={"name": "x"})


def test_it_forgets_the_cached_reasons_when_a_reason_write_times_out(blend, sandbox):
    from apps.blend.errors import BlendTimeout

    blend.reason_list()
    sandbox.faults.add("timeout", method="POST", path="/reasons")
    with pytest.raises(BlendTimeout):
        blend.reason_create(name="Maybe saved")
    blend.reason_create(name="Saved later")
    blend.reason_list()  # cached again
    sandbox.faults.add("timeout", method="PUT", path="/reasons")
    custom = next(r for r in blend.reason_list() if r.name == "Saved later")
    with pytest.raises(BlendTimeout):
        blend.reason_update(reason_id=custom.id, changes={"name": "Renamed"})
    sandbox.state.reasons.edit(custom.id)["name"] = "Renamed meanwhile"
    assert "Renamed meanwhile" in {r.name for r in blend.reason_list()}
