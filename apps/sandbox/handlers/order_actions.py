"""Order actions (pause, unpause, cancel, prioritize, request cancellation, replace) and the
products on a received order (add, remove, change quantity). Status rules: orders-auth-eprescriptions.md §7.
"""

from __future__ import annotations

from typing import Any

from apps.sandbox.http import ApiError, SandboxRequest, invalid, iso, now, ok, router
from apps.sandbox.lookups import find_order
from apps.sandbox.order_rules import (
    build_lines,
    match_prescriptions,
    order_changed,
    patient_prescriptions,
    reply_order,
    require_status,
    transition,
    who,
)
from apps.sandbox.reference import PRODUCT_KINDS
from apps.sandbox.state import Row

BEFORE_VERIFIED = ("received", "data_entry", "picked", "paused", "exception")


def _move(req: SandboxRequest, order_id: str, allowed: tuple[str, ...], doing: str, to: str):
    current = find_order(req.state, order_id)
    require_status(current, allowed, doing)
    row = req.state.orders.edit(current["id"])
    transition(req, row, to)
    return reply_order(req, row)


@router.route("PUT", "/orders/{order_id}/pause")
def order_pause(req: SandboxRequest, order_id: str):
    return _move(req, order_id, ("received", "exception"), "be paused", "paused")


@router.route("PUT", "/orders/{order_id}/unpause")
def order_unpause(req: SandboxRequest, order_id: str):
    return _move(req, order_id, ("paused",), "be unpaused", "received")


@router.route("PUT", "/orders/{order_id}/cancel")
def order_cancel(req: SandboxRequest, order_id: str):
    return _move(req, order_id, ("received", "paused", "exception"), "be cancelled", "cancelled")


@router.route("PUT", "/orders/{order_id}/prioritize")
def order_prioritize(req: SandboxRequest, order_id: str):
    current = find_order(req.state, order_id)
    require_status(current, BEFORE_VERIFIED, "be prioritized")
    row = req.state.orders.edit(current["id"])
    row["priority_requested"] = True
    order_changed(req, row)
    return reply_order(req, row)


@router.route("POST", "/orders/{order_id}/request_cancellation")
def order_request_cancellation(req: SandboxRequest, order_id: str):
    current = find_order(req.state, order_id)
    comments = req.json_object().get("comments")
    if comments is not None and not isinstance(comments, str):
        raise invalid({"comments": "Must be a string."})
    require_status(current, ("picked", "verified"), "have a cancellation requested")
    if current.get("cancellation_requested"):
        raise ApiError(409, f"Cancellation was already requested for order {current['order_number']}.")
    row = req.state.orders.edit(current["id"])
    row["cancellation_requested"] = True
    row["_cancellation_request"] = {
        "comments": comments or "",
        "requested_at": iso(now()),
        "requested_by": who(req),
    }
    order_changed(req, row)
    return reply_order(req, row)


@router.route("POST", "/orders/{order_id}/replace")
def order_replace(req: SandboxRequest, order_id: str):
    current = find_order(req.state, order_id)
    reason = req.json_object().get("reason")
    if not isinstance(reason, str) or not reason.strip():
        raise invalid({"reason": "This field is required."})
    require_status(current, ("shipped", "delivered"), "be replaced")
    if current.get("replacement_request_status") == "pending":
        raise ApiError(409, f"A replacement is already pending for order {current['order_number']}.")
    row = req.state.orders.edit(current["id"])
    row.update(
        replacement_requested=True,
        replacement_request_status="pending",
        replacement_requested_at=iso(now()),
        replacement_requested_reason=reason.strip(),
    )
    order_changed(req, row)
    return reply_order(req, row)


# --- products on an order ----------------------------------------------------------------------


@router.route("POST", "/orders/{order_id}/products")
def order_products_add(req: SandboxRequest, order_id: str):
    current = find_order(req.state, order_id)
    lines, errors = build_lines(req.state, req.json_object(), where="products")
    if errors:
        raise invalid({k.removeprefix("products."): v for k, v in errors.items()})
    require_status(current, ("received",), "have products added")
    row = req.state.orders.edit(current["id"])
    for kind in PRODUCT_KINDS:
        row["products"][kind].extend(lines[kind])
    row["prescription_count"] = len(row["products"]["prescription"])
    match_prescriptions(req.state, row, patient_prescriptions(req.state, row["_patient_id"]))
    order_changed(req, row)
    return reply_order(req, row)


def _line_index(req: SandboxRequest, row: Row, product_type: str, product_id: str) -> int:
    """Where the addressed line sits in the order's `product_type` list (404/422 otherwise)."""
    lines = row["products"][product_type]
    matches = [i for i, line in enumerate(lines) if line["id"] == product_id.lower()]
    item_id = req.query.get("order_item_id")
    if item_id:
        matches = [i for i in matches if lines[i].get("order_item_id") == item_id.lower()]
    if not matches:
        raise ApiError(404, "Product not found on this order.")
    if len(matches) > 1:
        raise invalid({"order_item_id": "Required: this product appears more than once on the order."})
    return matches[0]


def _line_request(req: SandboxRequest, order_id: str, product_type: str, doing: str) -> Row:
    if product_type not in PRODUCT_KINDS:
        raise ApiError(400, "product_type must be prescription, non_prescription or order_material.")
    current = find_order(req.state, order_id)
    require_status(current, ("received",), doing)
    return current


@router.route("DELETE", "/orders/{order_id}/products/{product_type}/{product_id}")
def order_product_remove(req: SandboxRequest, order_id: str, product_type: str, product_id: str):
    current = _line_request(req, order_id, product_type, "have products removed")
    index = _line_index(req, current, product_type, product_id)
    row = req.state.orders.edit(current["id"])
    del row["products"][product_type][index]
    row["prescription_count"] = len(row["products"]["prescription"])
    order_changed(req, row)
    return ok({"message": f"{product_type.capitalize()} product removed from order"})


@router.route("PATCH", "/orders/{order_id}/products/{product_type}/{product_id}")
def order_product_quantity(req: SandboxRequest, order_id: str, product_type: str, product_id: str):
    quantity: Any = req.json_object().get("quantity")
    if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 1:
        raise invalid({"quantity": "Must be a whole number of at least 1."})
    current = _line_request(req, order_id, product_type, "have quantities changed")
    index = _line_index(req, current, product_type, product_id)
    row = req.state.orders.edit(current["id"])
    row["products"][product_type][index]["quantity"] = quantity
    order_changed(req, row)
    return reply_order(req, row)
