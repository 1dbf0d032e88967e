"""Orders: list, details, create (with order merging), update, status history, statuses and
shipping options, plus what the order actions and e-prescriptions share: status transitions,
product-line references and prescription matching.

Sandbox choices where the docs are silent: body errors (422) are checked before status rules (409);
a merged create answers 200 with the existing order (a new one answers 201); `duration` in the
history is whole seconds, null for the current status.
"""

from __future__ import annotations

import random
import re
import string
from datetime import UTC, datetime
from operator import itemgetter
from typing import Any

from apps.sandbox import seed_catalog as catalog
from apps.sandbox import webhooks
from apps.sandbox.http import (
    ApiError,
    SandboxRequest,
    created,
    invalid,
    iso,
    new_id,
    now,
    ok,
    paginated,
    router,
)
from apps.sandbox.lookups import find_order, find_patient, render_order
from apps.sandbox.reference import (
    CARRIERS,
    ORDER_STATUSES,
    PRODUCT_KINDS,
    SERVICE_LEVELS,
    SHIPPING_OPTIONS,
    STATUS_BY_SLUG,
    STATUS_SLUGS,
)
from apps.sandbox.state import Row, SandboxState

OPEN = ("received", "data_entry", "paused", "exception")  # not yet filled: prescriptions still match
SHIPPING_EDITABLE = ("received", "paused", "exception", "picked")
UPDATABLE = ("address", "custom_shipping", "external_id", "shipping")
ZIP = re.compile(r"^\d{5}(-\d{4})?$")
STATE = re.compile(r"^[A-Za-z]{2}$")
REFERENCES = {"prescription": ("id", "sku", "product_code")}
ALNUM = string.ascii_uppercase + string.digits

# --- shared helpers ----------------------------------------------------------------------------


def who(req: SandboxRequest) -> Row:
    user = req.user or {}
    return {
        "id": user.get("id"),
        "first_name": user.get("first_name", ""),
        "last_name": user.get("last_name", ""),
    }


def _parse(stamp: str) -> datetime:
    return datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


def touch(row: Row) -> None:
    row["updated_at"] = iso(now())


def transition(req: SandboxRequest, row: Row, status: str) -> None:
    """Move an (edited) order to `status`: close the current history entry, open a new one."""
    moment = now()
    history = row.setdefault("_history", [])
    if history:
        history[-1]["duration"] = max(0, int((moment - _parse(history[-1]["updated_at"])).total_seconds()))
    history.append({"status": status, "updated_at": iso(moment), "updated_by": who(req), "duration": None})
    row["status"] = status
    row["updated_at"] = iso(moment)
    emit_order(req.state, row, "order.status_changed")
    if status == "cancelled":
        emit_order(req.state, row, "order.cancelled")


def emit_order(state: SandboxState, row: Row, event_code: str) -> None:
    """Tell webhook subscribers about the order, in the shape of the docs' `order.created` example."""
    patient = state.patients.get(row.get("_patient_id", "")) or {}
    status = STATUS_BY_SLUG.get(row["status"], {"code": None, "name": row["status"]})
    data = {
        "id": row["id"],
        "created_at": row["created_at"].rstrip("Z") + ".000000",
        "updated_at": row["updated_at"].rstrip("Z") + ".000000",
        "url": f"https://app.byblend.com/orders/{row['id']}",
        "order_number": row["order_number"],
        "first_name": patient.get("first_name"),
        "last_name": patient.get("last_name"),
        "status_code": status["code"],
        "status_name": status["name"],
    }
    webhooks.emit(state, event_code, data)


def _listing(words: tuple[str, ...]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"


def require_status(row: Row, allowed: tuple[str, ...], doing: str) -> None:
    """409 unless the order is in one of `allowed` (e.g. doing="be paused")."""
    if row["status"] not in allowed:
        raise ApiError(
            409,
            f"Order {row['order_number']} is {row['status']}; only {_listing(allowed)} orders can {doing}.",
        )


def reply_order(req: SandboxRequest, row: Row, status: int = 200):
    body = render_order(req.state, row)
    return created(body) if status == 201 else ok(body)


# --- product lines -----------------------------------------------------------------------------


def _find_product(state: SandboxState, kind: str, key: str, value: Any) -> Row | None:
    if key == "id":
        row = state.products.get(str(value).lower())
        return row if row and row.get("_kind") == kind else None
    return next((p for p in state.products.rows() if p.get("_kind") == kind and p.get(key) == value), None)


def _reasons(state: SandboxState, given: Any, where: str, errors: dict[str, str]) -> list[Row]:
    if given in (None, []):
        return []
    if not isinstance(given, list):
        errors[where] = "Must be a list of reason ids."
        return []
    refs = []
    for item in given:
        reason = state.reasons.get(str(item.get("id") if isinstance(item, dict) else item))
        if reason is None:
            errors[where] = "Unknown compounding reason."
            return []
        refs.append({"id": reason["id"], "name": reason["name"], "description": reason.get("description")})
    return refs


def build_lines(state: SandboxState, products: Any, where: str = "products") -> tuple[Row, dict[str, str]]:
    """New order lines from a `{prescription: [...], non_prescription: [...], order_material: [...]}` body."""
    lines: Row = {kind: [] for kind in PRODUCT_KINDS}
    errors: dict[str, str] = {}
    if not isinstance(products, dict):
        return lines, {
            where: "Must be an object with prescription, non_prescription and order_material lists."
        }
    for kind in PRODUCT_KINDS:
        items = products.get(kind) or []
        if not isinstance(items, list):
            errors[f"{where}.{kind}"] = "Must be a list."
            continue
        keys = REFERENCES.get(kind, ("id", "sku"))
        for index, item in enumerate(items):
            at = f"{where}.{kind}[{index}]"
            given = [k for k in keys if isinstance(item, dict) and item.get(k) not in (None, "")]
            if len(given) != 1:
                errors[at] = f"Send exactly one of {_listing(keys).replace(' or ', ' and ')}."
                continue
            product = _find_product(state, kind, given[0], item[given[0]])
            if product is None:
                errors[f"{at}.{given[0]}"] = f"No {kind} product with this {given[0]}."
            quantity = item.get("quantity")
            if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 1:
                errors[f"{at}.quantity"] = "Must be a whole number of at least 1."
            reasons = (
                _reasons(state, item.get("reasons"), f"{at}.reasons", errors)
                if kind == "prescription"
                else []
            )
            if product is None or f"{at}.quantity" in errors:
                continue
            line = {k: product.get(k) for k in catalog.LINE_FIELDS[kind]}
            line.update(quantity=quantity, order_item_id=new_id())
            if kind == "prescription":
                line.update(has_prescription=False, reasons=reasons)
            lines[kind].append(line)
    if not errors and not any(lines.values()):
        errors[where] = "Add at least one product."
    return lines, errors


def match_prescriptions(state: SandboxState, row: Row, candidates: list[Row]) -> None:
    """Mark the (edited) order's unmatched prescription lines covered by `candidates` (e-prescriptions)."""
    for erx in candidates:
        products = {m.get("prescription_product_id") for m in erx.get("medications") or []}
        hit = False
        for line in row["products"]["prescription"]:
            if not line.get("has_prescription") and line["id"] in products:
                line["has_prescription"] = True
                hit = True
        if hit and erx["id"] not in row["electronic_prescription_ids"]:
            row["electronic_prescription_ids"].append(erx["id"])


def patient_prescriptions(state: SandboxState, patient_id: str) -> list[Row]:
    """The patient's e-prescriptions that can still be filled, newest first."""
    today = now().strftime("%Y-%m-%dT%H:%M:%S")
    usable = [
        erx
        for erx in state.eprescriptions.rows()
        if erx.get("patient_id") == patient_id
        and any(
            (m.get("fills_remaining") or 0) > 0 and (m.get("expires_at") or "9") > today
            for m in erx["medications"]
        )
    ]
    return sorted(usable, key=itemgetter("created_at"), reverse=True)


# --- addresses and shipping --------------------------------------------------------------------


def address_errors(address: Any, where: str = "address") -> dict[str, str]:
    if not isinstance(address, dict):
        return {where: "Must be an object."}
    errors = {
        f"{where}.{name}": "This field is required."
        for name in ("address_1", "city", "state", "zip_code")
        if not isinstance(address.get(name), str) or not address[name].strip()
    }
    if f"{where}.state" not in errors and not STATE.match(address["state"]):
        errors[f"{where}.state"] = "Must be a 2-letter state code."
    if f"{where}.zip_code" not in errors and not ZIP.match(address["zip_code"]):
        errors[f"{where}.zip_code"] = "Must be a 5-digit ZIP code (as a string)."
    return errors


def order_address(address: Row, address_id: str | None = None) -> Row:
    fields = ("address_1", "address_2", "city", "state", "zip_code")
    body = {k: (address.get(k) or None) for k in fields}
    body["state"] = (body["state"] or "").upper()
    body.update(id=address_id or new_id(), country=address.get("country") or "US", type="shipping")
    return body


def shipping_errors(shipping: Any) -> dict[str, str]:
    if not isinstance(shipping, dict):
        return {"shipping": "Must be an object with carrier and/or service_level."}
    carrier, level = shipping.get("carrier"), shipping.get("service_level")
    if carrier in (None, "") and level in (None, ""):
        return {"shipping": "Send a carrier, a service_level or both."}
    errors = {}
    if carrier not in (None, "") and carrier not in CARRIERS:
        errors["shipping.carrier"] = f"Unknown carrier; choose {_listing(tuple(CARRIERS))}."
    if level not in (None, "") and level not in SERVICE_LEVELS:
        errors["shipping.service_level"] = "Unknown service level; see /orders/shipping_options."
    if not errors and carrier and level and SERVICE_LEVELS[level][0] != carrier:
        errors["shipping.service_level"] = f"Service level {level} is not a {carrier} service level."
    return errors


def custom_shipping_errors(custom: Any) -> dict[str, str]:
    if not isinstance(custom, dict):
        return {"custom_shipping": "Must be an object."}
    return {
        f"custom_shipping.{name}": "This field is required."
        for name in ("label_url", "tracking_number", "tracking_url", "carrier")
        if not isinstance(custom.get(name), str) or not custom[name].strip()
    }


def external_id_errors(state: SandboxState, value: Any, order_id: str | None = None) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, str) or not value.strip():
        return {"external_id": "Must be a non-empty string."}
    if any(r.get("external_id") == value and r["id"] != order_id for r in state.orders.rows()):
        return {"external_id": "Another order already uses this external_id."}
    return {}


# --- list, details, reference lists ------------------------------------------------------------


def _unmatched(row: Row) -> bool:
    return any(not line.get("has_prescription") for line in row["products"]["prescription"])


@router.route("GET", "/orders")
def order_list(req: SandboxRequest):
    rows = list(req.state.orders.rows())
    wanted = [s.strip().lower() for s in (req.query.get("status") or "").split(",") if s.strip()]
    if unknown := [s for s in wanted if s not in STATUS_SLUGS]:
        raise ApiError(400, f"Unknown status '{unknown[0]}'; see /orders/statuses.")
    if wanted:
        rows = [r for r in rows if r["status"] in wanted]
    if req.query.get("has_unmatched_prescriptions") not in (None, ""):
        flag = req.query_bool("has_unmatched_prescriptions")
        rows = [r for r in rows if _unmatched(r) == flag]
    rows.sort(key=itemgetter("created_at", "id"), reverse=True)
    return paginated(req, rows, render=lambda r: render_order(req.state, r))


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
    return ok(render_order(req.state, find_order(req.state, order_id)))


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
        return find_patient(state, str(patient_id))
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


def _create_errors(state: SandboxState, body: dict[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    if body.get("address") is not None:
        errors.update(address_errors(body["address"]))
    if body.get("custom_shipping") is not None:
        errors.update(custom_shipping_errors(body["custom_shipping"]))
    if body.get("shipping") is not None:
        errors.update(shipping_errors(body["shipping"]))
    errors.update(external_id_errors(state, body.get("external_id")))
    return errors


def create_order(req: SandboxRequest, body: dict[str, Any], *, force_new: bool) -> tuple[Row, bool]:
    """Create an order, or merge it into the patient's open (received) one; (row, created)."""
    state = req.state
    lines, errors = build_lines(state, body.get("products"))
    errors.update(_create_errors(state, body))
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
        _apply_shipping_fields(row, body)
        row["external_id"] = row.get("external_id") or body.get("external_id")
        row["prescription_count"] = len(row["products"]["prescription"])
        for erx in prescriptions:
            if erx["id"] not in row["electronic_prescription_ids"]:
                row["electronic_prescription_ids"].append(erx["id"])
        match_prescriptions(state, row, candidates)
        touch(row)
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


def _apply_shipping_fields(row: Row, body: dict[str, Any]) -> None:
    if body.get("address") is not None:
        row["address"] = order_address(body["address"], (row.get("address") or {}).get("id"))
    if body.get("custom_shipping") is not None:
        row["custom_shipping"] = {k: body["custom_shipping"][k] for k in catalog.CUSTOM_SHIPPING_FIELDS}
    if body.get("shipping") is not None:
        row["shipping"] = {
            "carrier": body["shipping"].get("carrier"),
            "service_level": body["shipping"].get("service_level"),
        }


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
    _apply_shipping_fields(row, {k: v for k, v in body.items() if k != "address"})
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
    errors.update(_create_errors(state, {k: v for k, v in body.items() if k != "external_id"}))
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
    _apply_shipping_fields(row, body)
    for name in ("custom_shipping", "shipping"):
        if name in body and body[name] is None:
            row[name] = None
    if "external_id" in body:
        row["external_id"] = body["external_id"]
    touch(row)
    if update_patient and body.get("address") is not None:
        patient = req.state.patients.edit(row["_patient_id"])
        patient["address"] = {k: row["address"][k] for k in catalog.PATIENT_ADDRESS_FIELDS}
        touch(patient)
    return reply_order(req, row)
