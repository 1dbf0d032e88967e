"""What the order endpoints share with the order actions and e-prescriptions: status transitions
and their webhooks, product-line references, prescription matching, and the checks on an order
body's address, shipping and external id.

Not a handler module (those are all imported to register routes): `handlers/orders.py`,
`handlers/order_actions.py` and `handlers/prescriptions.py` import from here.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from operator import itemgetter
from typing import Any

from apps.sandbox import seed_catalog as catalog
from apps.sandbox import webhooks
from apps.sandbox.http import ApiError, SandboxRequest, created, iso, new_id, now, ok
from apps.sandbox.lookups import render_order
from apps.sandbox.reference import CARRIERS, PRODUCT_KINDS, SERVICE_LEVELS, STATUS_BY_SLUG
from apps.sandbox.state import Row, SandboxState

OPEN = ("received", "data_entry", "paused", "exception")  # not yet filled: prescriptions still match
ZIP = re.compile(r"^\d{5}(-\d{4})?$")
STATE = re.compile(r"^[A-Za-z]{2}$")
REFERENCES = {"prescription": ("id", "sku", "product_code")}

# --- status, history and replies ---------------------------------------------------------------


def who(req: SandboxRequest) -> Row:
    user = req.user or {}
    return {
        "id": user.get("id"),
        "first_name": user.get("first_name", ""),
        "last_name": user.get("last_name", ""),
    }


def _parse(stamp: str) -> datetime:
    return datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


def touch(row: Row, moment: datetime | None = None) -> None:
    """Mark an (edited) order changed at `moment` (now by default)."""
    moment = moment or now()
    row["updated_at"] = iso(moment)
    row["_changed_at"] = precise(moment)


def precise(moment: datetime) -> str:
    """Webhook payloads' timestamp: naive UTC with microseconds (`2025-03-16T22:55:37.920593`)."""
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds")


def transition(req: SandboxRequest, row: Row, status: str) -> None:
    """Move an (edited) order to `status` for the request's user, now."""
    move(req.state, row, status, moment=now(), by=who(req))


def move(state: SandboxState, row: Row, status: str, *, moment: datetime, by: Row) -> None:
    """Move an (edited) order to `status`: close the current history entry, open a new one, and
    send the events (`order.status_changed`, and `order.shipped`/`delivered`/`cancelled`)."""
    history = row.setdefault("_history", [])
    if history:
        history[-1]["duration"] = max(0, int((moment - _parse(history[-1]["updated_at"])).total_seconds()))
    history.append({"status": status, "updated_at": iso(moment), "updated_by": dict(by), "duration": None})
    row["status"] = status
    row.pop("_stuck", None)  # a stuck order that moves is no longer stuck
    touch(row, moment)
    emit_order(state, row, "order.status_changed")
    if status == "shipped" and row.get("shipments"):
        emit_shipment(state, row, row["shipments"][-1])
    elif status in ("delivered", "cancelled"):
        emit_order(state, row, f"order.{status}")


def emit_order(state: SandboxState, row: Row, event_code: str, **extra: Any) -> None:
    """Tell webhook subscribers about the order, in the shape of the docs' `order.created` example
    (`order.stuck` adds `reason`)."""
    patient = state.patients.get(row.get("_patient_id", "")) or {}
    status = STATUS_BY_SLUG.get(row["status"], {"code": None, "name": row["status"]})
    data = {
        "id": row["id"],
        "created_at": row["created_at"].rstrip("Z") + ".000000",
        "updated_at": row.get("_changed_at") or row["updated_at"].rstrip("Z") + ".000000",
        "url": f"https://app.byblend.com/orders/{row['id']}",
        "order_number": row["order_number"],
        "first_name": patient.get("first_name"),
        "last_name": patient.get("last_name"),
        "status_code": status["code"],
        "status_name": status["name"],
        **extra,
    }
    webhooks.emit(state, event_code, data)


def emit_shipment(state: SandboxState, row: Row, shipment: Row) -> None:
    """`order.shipped`: the shipment, as the docs' sample shows it, plus the order's id and number."""
    stamp = row.get("_changed_at") or row["updated_at"].rstrip("Z") + ".000000"
    arrives = _parse(shipment["shipped_at"]) + timedelta(days=transit_days(shipment))
    data = {
        "id": shipment["id"],
        "carrier": shipment["carrier"],
        "service_level": shipment["service_level"],
        "tracking_number": shipment["tracking_number"],
        "tracking_url": shipment["tracking_url"],
        "estimated_delivery_date": precise(arrives),
        "status": "shipped",
        "created_at": stamp,
        "updated_at": stamp,
        "url": f"https://app.byblend.com/shipments/{shipment['id']}",
        "order_id": row["id"],
        "order_number": row["order_number"],
    }
    webhooks.emit(state, "order.shipped", data)


def transit_days(shipment: Row) -> int:
    """Days a shipment takes, by its service level's name (sandbox choice)."""
    level = (shipment.get("service_level") or "").lower()
    return 1 if "next day" in level else 2 if "2nd day" in level or "priority" in level else 4


def order_changed(req: SandboxRequest, row: Row) -> None:
    """An (edited) order changed without changing status: its `updated_at` moves. Blend documents no
    event for such a change (reference §5.2), so none goes out: the caller has Blend's answer, and
    others learn of it from the order itself (a read, the list)."""
    touch(row)


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


def order_body_errors(state: SandboxState, body: dict[str, Any]) -> dict[str, str]:
    """422 field errors for the address, custom_shipping, shipping and external_id a create sends."""
    errors: dict[str, str] = {}
    if body.get("address") is not None:
        errors.update(address_errors(body["address"]))
    if body.get("custom_shipping") is not None:
        errors.update(custom_shipping_errors(body["custom_shipping"]))
    if body.get("shipping") is not None:
        errors.update(shipping_errors(body["shipping"]))
    errors.update(external_id_errors(state, body.get("external_id")))
    return errors


def apply_shipping_fields(row: Row, body: dict[str, Any]) -> None:
    """Copy the (checked) address, custom_shipping and shipping the body sends onto the (edited) order."""
    if body.get("address") is not None:
        row["address"] = order_address(body["address"], (row.get("address") or {}).get("id"))
    if body.get("custom_shipping") is not None:
        row["custom_shipping"] = {k: body["custom_shipping"][k] for k in catalog.CUSTOM_SHIPPING_FIELDS}
    if body.get("shipping") is not None:
        row["shipping"] = {
            "carrier": body["shipping"].get("carrier"),
            "service_level": body["shipping"].get("service_level"),
        }
