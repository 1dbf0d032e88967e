"""Orders: list, details, create (with order merging), update, status history, statuses and
shipping options. What the order actions and e-prescriptions share with these endpoints (status
transitions, product-line references, prescription matching, body checks) is in
`apps.sandbox.order_rules`.

Sandbox choices where the docs are silent: body errors (422) are checked before status rules (409);
a merged create answers 200 with the existing order (a new one answers 201); `duration` in the
history is whole seconds, null for the current status.
"""

from __future__ import annotations

import random
import string
from datetime import datetime
from operator import itemgetter
from typing import Any

from apps.sandbox import order_index
from apps.sandbox import seed_catalog as catalog
from apps.sandbox.http import (
    ApiError,
    Reply,
    SandboxRequest,
    invalid,
    iso,
    json_array,
    new_id,
    now,
    ok,
    page_of,
    router,
)
from apps.sandbox.lookups import find_order, find_patient
from apps.sandbox.order_rules import (
    apply_shipping_fields,
    build_lines,
    emit_order,
    external_id_errors,
    match_prescriptions,
    order_address,
    order_body_errors,
    order_changed,
    patient_prescriptions,
    reply_order,
    require_status,
    touch,
    who,
)
from apps.sandbox.reference import ORDER_STATUSES, PRODUCT_KINDS, SHIPPING_OPTIONS, STATUS_SLUGS
from apps.sandbox.state import Row, SandboxState

# Blend refuses shipping changes once the order is in the shipping process (verified) or done
# (shipped, delivered), and on a cancelled order; every other status accepts them (docs §6.4).
SHIPPING_EDITABLE = ("received", "data_entry", "picked", "paused", "exception")
UPDATABLE = ("address", "custom_shipping", "external_id", "shipping")
ALNUM = string.ascii_uppercase + string.digits

# --- list, details, reference lists ------------------------------------------------------------


def _status_filter(req: SandboxRequest) -> frozenset[str]:
    wanted = [s.strip().lower() for s in (req.query.get("status") or "").split(",") if s.strip()]
    if unknown := [s for s in wanted if s not in STATUS_SLUGS]:
        raise ApiError(400, f"Unknown status '{unknown[0]}'; see /orders/statuses.")
    return frozenset(wanted)


@router.route("GET", "/orders")
def order_list(req: SandboxRequest):
    statuses = _status_filter(req)
    unmatched = None
    if req.query.get("has_unmatched_prescriptions") not in (None, ""):
        unmatched = req.query_bool("has_unmatched_prescriptions")
    items, headers = page_of(req, order_index.filtered(req.state, statuses, unmatched))
    return Reply(200, json_array(order_index.order_json(req.state, row) for row in items), headers)


@router.route("GET", "/orders/statuses")
def order_statuses(req: SandboxRequest):
    return ok([dict(s) for s in ORDER_STATUSES])


@router.route("GET", "/orders/shipping_options")
def shipping_options(req: SandboxRequest):
    return ok(
        [{**o, "service_levels": [dict(level) for level in o["service_levels"]]} for o in SHIPPING_OPTIONS]
    )


@router.route("GET", "/orders/{order_id}")
def order_get(req: SandboxRequest, order_id: str):
    return Reply(200, order_index.order_json(req.state, find_order(req.state, order_id)))


@router.route("GET", "/orders/{order_id}/status_history")
def order_status_history(req: SandboxRequest, order_id: str):
    return ok([dict(entry) for entry in find_order(req.state, order_id).get("_history", [])])


# --- create ------------------------------------------------------------------------------------


def _patient_for(req: SandboxRequest, body: dict[str, Any]) -> Row:
    """The order's patient: `patient_id`, `patient: {id}`, `patient: {external_id}` or new patient data."""
    given = body.get("patient")
    if body.get("patient_id") not in (None, ""):
        return _existing_patient(req.state, body["patient_id"], "patient_id")
    if not isinstance(given, dict) or not given:
        raise invalid({"patient_id": "Send patient_id or a patient object."})
    if given.get("id"):
        return _existing_patient(req.state, given["id"], "patient.id")
    external = given.get("external_id")
    existing = next(
        (p for p in req.state.patients.rows() if external and p.get("external_id") == external), None
    )
    if existing is not None:
        return existing
    if set(given) == {"external_id"}:
        raise invalid({"patient.external_id": "No patient with this external_id."})
    return create_patient(req, given)


def _existing_patient(state: SandboxState, patient_id: Any, where: str) -> Row:
    try:
        return find_patient(state, str(patient_id), by_external_id=True)
    except ApiError:
        raise invalid({where: "No patient with this id."}) from None


def create_patient(req: SandboxRequest, data: dict[str, Any], where: str = "patient") -> Row:
    """A new patient through the patients endpoint's own rules (errors renamed `patient.<field>`)."""
    from apps.sandbox.handlers.patients import patient_create

    inner = SandboxRequest("POST", "/patients", {}, data, {}, req.state, req.user, req.token)
    try:
        reply = patient_create(inner)
    except ApiError as error:
        if error.status != 422:
            raise
        raise invalid({f"{where}.{k}": v for k, v in error.fields.items()}) from None
    return req.state.patients.get(reply.body["id"])


def _eprescriptions(state: SandboxState, given: Any) -> tuple[list[Row], dict[str, str]]:
    if given in (None, []):
        return [], {}
    if not isinstance(given, list):
        return [], {"electronic_prescription_ids": "Must be a list of e-prescription ids."}
    flat = [i for x in given for i in (x if isinstance(x, list) else [x])]  # the docs once nested it
    found = [state.eprescriptions.get(str(i)) or state.eprescriptions.get(str(i).upper()) for i in flat]
    if None in found:
        return [], {"electronic_prescription_ids": "Unknown e-prescription id."}
    return [r for r in found if r is not None], {}


def create_order(req: SandboxRequest, body: dict[str, Any], *, force_new: bool) -> tuple[Row, bool]:
    """Create an order, or merge it into the patient's open (received) one; (row, created)."""
    state = req.state
    lines, errors = build_lines(state, body.get("products"))
    errors.update(order_body_errors(state, body))
    prescriptions, erx_errors = _eprescriptions(state, body.get("electronic_prescription_ids"))
    errors.update(erx_errors)
    if "patient_id" not in body and "patient" not in body:
        errors["patient_id"] = "Send patient_id or a patient object."
    if errors:
        raise invalid(errors)
    patient = _patient_for(req, body)
    if body.get("address") is None and not patient.get("address"):
        raise invalid({"address": "Required: the patient has no address on file."})
    candidates = prescriptions + patient_prescriptions(state, patient["id"])
    open_order = None if force_new else _open_order(state, patient["id"])
    if open_order is not None:
        row = state.orders.edit(open_order["id"])
        for kind in PRODUCT_KINDS:
            row["products"][kind].extend(lines[kind])
        apply_shipping_fields(row, body)
        row["external_id"] = row.get("external_id") or body.get("external_id")
        row["prescription_count"] = len(row["products"]["prescription"])
        for erx in prescriptions:
            if erx["id"] not in row["electronic_prescription_ids"]:
                row["electronic_prescription_ids"].append(erx["id"])
        match_prescriptions(state, row, candidates)
        order_changed(req, row)
        return row, False
    row = _new_order(req, patient, lines, body)
    row["electronic_prescription_ids"] = [erx["id"] for erx in prescriptions]
    match_prescriptions(state, row, candidates)
    state.orders.insert(row)
    return row, True


def _open_order(state: SandboxState, patient_id: str) -> Row | None:
    mergeable = [
        r for r in state.orders.rows() if r.get("_patient_id") == patient_id and r["status"] == "received"
    ]
    return max(mergeable, key=itemgetter("created_at"), default=None)


def _order_number(state: SandboxState, moment: datetime) -> str:
    taken = {r["order_number"] for r in state.orders.rows()}
    while True:
        number = f"ORD{moment:%y%m%d%H%M%S}{''.join(random.choices(ALNUM, k=4))}"
        if number not in taken:
            return number


def _new_order(req: SandboxRequest, patient: Row, lines: Row, body: dict[str, Any]) -> Row:
    moment = now()
    stamp = iso(moment)
    row: Row = {
        "id": new_id(),
        "created_at": stamp,
        "updated_at": stamp,
        "address": order_address(body.get("address") or patient["address"]),
        "custom_shipping": None,
        "customer_id": catalog.CUSTOMER_ID,
        "external_id": body.get("external_id"),
        "is_replacement": False,
        "order_number": _order_number(req.state, moment),
        "original_order_id": None,
        "prescription_count": len(lines["prescription"]),
        "priority_requested": False,
        "cancellation_requested": False,
        "replacement_order_ids": [],
        "replacement_reason": None,
        "replacement_requested": False,
        "replacement_request_status": None,
        "replacement_requested_at": None,
        "replacement_requested_reason": None,
        "shipments": [],
        "shipping": None,
        "status": "received",
        "products": lines,
        "electronic_prescription_ids": [],
        "_patient_id": patient["id"],
        "_history": [{"status": "received", "updated_at": stamp, "updated_by": who(req), "duration": None}],
    }
    apply_shipping_fields(row, {k: v for k, v in body.items() if k != "address"})
    return row


@router.route("POST", "/orders")
def order_create(req: SandboxRequest):
    row, was_created = create_order(req, req.json_object(), force_new=req.query_bool("force_new"))
    if was_created:
        emit_order(req.state, row, "order.created")
    return reply_order(req, row, 201 if was_created else 200)


# --- update ------------------------------------------------------------------------------------


def _update_errors(state: SandboxState, row: Row, body: dict[str, Any]) -> dict[str, str]:
    errors = {name: "This field cannot be updated." for name in body if name not in UPDATABLE}
    errors.update(order_body_errors(state, {k: v for k, v in body.items() if k != "external_id"}))
    if "external_id" in body:
        errors.update(external_id_errors(state, body["external_id"], row["id"]))
    if body.get("address") is None and "address" in body:
        errors["address"] = "Must be an object."
    return errors


@router.route("PUT", "/orders/{order_id}")
def order_update(req: SandboxRequest, order_id: str):
    current = find_order(req.state, order_id)
    body = req.json_object()
    update_patient = req.query_bool("update_patient")
    if errors := _update_errors(req.state, current, body):
        raise invalid(errors)
    if any(k in body for k in ("address", "custom_shipping", "shipping")):
        require_status(current, SHIPPING_EDITABLE, "change shipping details")
    row = req.state.orders.edit(current["id"])
    apply_shipping_fields(row, body)
    for name in ("custom_shipping", "shipping"):
        if name in body and body[name] is None:
            row[name] = None
    if "external_id" in body:
        row["external_id"] = body["external_id"]
    order_changed(req, row)
    if update_patient and body.get("address") is not None:
        patient = req.state.patients.edit(row["_patient_id"])
        patient["address"] = {k: row["address"][k] for k in catalog.PATIENT_ADDRESS_FIELDS}
        touch(patient)
    return reply_order(req, row)
