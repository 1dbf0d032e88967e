"""Electronic prescriptions (create on the current and the legacy path, details), NCPDP quantity
units, and composite creation (patient + prescriber + e-prescription + order, all or nothing).

Sandbox choices where the docs are silent: create answers 201; NCPDP SCRIPT XML (an XML content
type) is read as in `apps.sandbox.ncpdp` (source `api_xml`), refused with 400 when not well-formed and
422 naming the missing fields by their path in the document; create answers with `medications`,
details with `prescriptions` (the newest GET page's name); a new e-prescription matches the
patient's open orders that wait for that product.
"""

from __future__ import annotations

from dataclasses import fields
from datetime import UTC, datetime, timedelta
from typing import Any

from apps.sandbox import seed_catalog as catalog
from apps.sandbox import webhooks
from apps.sandbox.handlers.orders import create_order, create_patient
from apps.sandbox.http import (
    ApiError,
    SandboxRequest,
    created,
    invalid,
    iso,
    new_id,
    not_found,
    now,
    ok,
    router,
)
from apps.sandbox.lookups import find_order, find_patient
from apps.sandbox.ncpdp import parse_newrx
from apps.sandbox.order_rules import OPEN, build_lines, emit_order, match_prescriptions, order_body_errors
from apps.sandbox.reference import QUANTITY_UNIT_TERMS, QUANTITY_UNITS
from apps.sandbox.state import Row, SandboxState, public

INTEGERS = {"days_supply": 1, "refills": 0}


@router.route("GET", "/prescriptions/quantity_units")
def quantity_units(req: SandboxRequest):
    return ok([dict(unit) for unit in QUANTITY_UNITS])


def find_eprescription(state: SandboxState, erx_id: str) -> Row:
    row = state.eprescriptions.get(erx_id) or state.eprescriptions.get(erx_id.upper())
    if row is None:
        raise not_found("Electronic prescription")
    return row


@router.route("GET", "/prescriptions/electronic_prescriptions/{erx_id}")
def eprescription_get(req: SandboxRequest, erx_id: str):
    body = public(find_eprescription(req.state, erx_id)) or {}
    body["prescriptions"] = body.pop("medications", [])
    return ok(body)


# --- create ------------------------------------------------------------------------------------


def _written_at(value: Any) -> datetime | None:
    if value in (None, ""):
        return now().replace(hour=0, minute=0, second=0, microsecond=0)
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _medication_errors(state: SandboxState, item: Any, at: str) -> dict[str, str]:
    if not isinstance(item, dict):
        return {at: "Must be an object."}
    errors = {}
    if not any(item.get(k) for k in ("drug_name", "prescription_product_id", "product_code")):
        errors[at] = "Send drug_name, prescription_product_id or product_code."
    product_id = item.get("prescription_product_id")
    if product_id and (state.products.get(str(product_id).lower()) or {}).get("_kind") != "prescription":
        errors[f"{at}.prescription_product_id"] = "No prescription product with this id."
    quantity = item.get("quantity")
    if quantity is not None and (
        isinstance(quantity, bool) or not isinstance(quantity, int | float) or quantity <= 0
    ):
        errors[f"{at}.quantity"] = "Must be a positive number."
    for name, minimum in INTEGERS.items():
        value = item.get(name)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < minimum):
            errors[f"{at}.{name}"] = f"Must be a whole number of at least {minimum}."
    if item.get("units") not in (None, "") and item["units"] not in QUANTITY_UNIT_TERMS:
        errors[f"{at}.units"] = "Unknown NCPDP unit code; see /prescriptions/quantity_units."
    if _written_at(item.get("written_at")) is None:
        errors[f"{at}.written_at"] = "Must be an ISO 8601 date-time."
    return errors


def _medication(state: SandboxState, item: Row, erx: Row) -> Row:
    product = None
    if item.get("prescription_product_id"):
        product = state.products.get(str(item["prescription_product_id"]).lower())
    elif item.get("product_code"):
        code = item["product_code"]
        product = next(
            (
                p
                for p in state.products.rows()
                if p.get("_kind") == "prescription" and p.get("product_code") == code
            ),
            None,
        )
    written = _written_at(item.get("written_at")) or now()
    refills = item.get("refills") or 0
    naive = "%Y-%m-%dT%H:%M:%S"
    return {
        "id": new_id().upper(),
        "customer_id": catalog.CUSTOMER_ID,
        "electronic_prescription_id": erx["id"],
        "patient_id": erx["patient_id"],
        "prescriber_id": erx["prescriber_id"],
        "prescription_product_id": product["id"] if product else None,
        "days_supply": item.get("days_supply"),
        "description": item.get("description") or (product or {}).get("description"),
        "directions": item.get("sig"),
        "drug_name": item.get("drug_name") or (product or {}).get("name"),
        "expires_at": (written + timedelta(days=365)).strftime(naive),
        "fills_remaining": refills + 1,
        "name": (product or {}).get("name") or item.get("drug_name"),
        "notes": item.get("notes") or "",
        "product_code": item.get("product_code") or (product or {}).get("product_code"),
        "product_code_type": "product_code" if item.get("product_code") or product else None,
        "quantity": item.get("quantity"),
        "refills": refills,
        "serial_number": str(int(new_id()[:8], 16) % 1_000_000).zfill(6),
        "sig": item.get("sig"),
        "status": "new",
        "strength": (product or {}).get("strength"),
        "substitution_allowed": item.get("substitution_allowed", True),
        "units": QUANTITY_UNIT_TERMS.get(item.get("units") or "", item.get("units")),
        "written_at": written.strftime(naive),
    }


def _patient_block(patient: Row | None) -> Row | None:
    if patient is None:
        return None
    address = patient.get("address") or {}
    names = ("first_name", "middle_name", "last_name", "date_of_birth", "gender", "phone")
    block = {"patientid": patient.get("external_id") or patient["id"], **{k: patient.get(k) for k in names}}
    block.update({k: address.get(k) for k in ("address_1", "address_2", "city", "state", "zip_code")})
    return block


def _reference(req: SandboxRequest, given: Any, kind: str) -> Row | None:
    """An existing patient/prescriber from `{id}` (or a patient's `{external_id}`), else a new patient."""
    if given in (None, {}):
        return None
    if not isinstance(given, dict):
        raise invalid({kind: "Must be an object."})
    table = req.state.patients if kind == "patient" else req.state.prescribers
    if given.get("id"):
        row = table.get(str(given["id"]).lower())
        if row is None:
            raise invalid({f"{kind}.id": f"No {kind} with this id."})
        return row
    if kind == "prescriber":
        raise invalid({"prescriber.id": "Reference an existing prescriber by id."})
    if given.get("external_id") and (set(given) == {"external_id"} or _by_external_id(req.state, given)):
        try:
            return find_patient(req.state, str(given["external_id"]), by_external_id=True)
        except ApiError:
            raise invalid({"patient.external_id": "No patient with this external_id."}) from None
    return create_patient(req, given)


def _by_external_id(state: SandboxState, given: Row) -> bool:
    return any(p.get("external_id") == given["external_id"] for p in state.patients.rows())


def create_eprescription(req: SandboxRequest, body: dict[str, Any]) -> Row:
    medications = body.get("medications")
    if medications is None and body.get("medication") is not None:
        medications = [body["medication"]]
    if not isinstance(medications, list) or not medications:
        raise invalid({"medications": "Send medication or a non-empty medications list."})
    errors: dict[str, str] = {}
    for index, item in enumerate(medications):
        errors.update(_medication_errors(req.state, item, f"medications[{index}]"))
    order = body.get("order")
    if order is not None and not (isinstance(order, dict) and (order.get("id") or order.get("order_number"))):
        errors["order"] = "Send the order's id or order_number."
    if errors:
        raise invalid(errors)
    target = None
    if order is not None:
        try:
            target = find_order(req.state, str(order.get("id") or order.get("order_number")))
        except ApiError:
            raise invalid({"order.id": "No order with this id or order number."}) from None
    patient = _reference(req, body.get("patient"), "patient")
    prescriber = _reference(req, body.get("prescriber"), "prescriber")
    stamp = iso(now())
    erx: Row = {
        "id": new_id().upper(),
        "created_at": stamp,
        "updated_at": stamp,
        "customer_id": catalog.CUSTOMER_ID,
        "patient_id": patient["id"] if patient else None,
        "prescriber_id": prescriber["id"] if prescriber else None,
        "source": "api_json",
        "type": "NewRx",
        "reference_number": f"RX{int(new_id()[:8], 16) % 10**10:010d}",
        "patient": _patient_block(patient),
    }
    erx["medications"] = [_medication(req.state, item, erx) for item in medications]
    req.state.eprescriptions.insert(erx)
    _link_orders(req.state, erx, target)
    return erx


def _link_orders(state: SandboxState, erx: Row, target: Row | None) -> None:
    """Attach the e-prescription to the named order, and match the patient's open orders with it."""
    if target is not None:
        row = state.orders.edit(target["id"])
        if erx["id"] not in row["electronic_prescription_ids"]:
            row["electronic_prescription_ids"].append(erx["id"])
        match_prescriptions(state, row, [erx])
    if erx["patient_id"] is None:
        return
    for order in list(state.orders.rows()):
        if order.get("_patient_id") == erx["patient_id"] and order["status"] in OPEN:
            lines = order["products"]["prescription"]
            if any(not line.get("has_prescription") for line in lines):
                match_prescriptions(state, state.orders.edit(order["id"]), [erx])


def create_eprescription_xml(req: SandboxRequest, raw: bytes) -> Row:
    """A NewRx in NCPDP SCRIPT XML: its patient is matched by name and date of birth and its
    prescriber by NPI when Blend knows them (the e-prescription waits unmatched otherwise)."""
    found = parse_newrx(raw)
    block, npi = found["patient_block"], found["prescriber_npi"]
    patient = next(
        (
            p
            for p in req.state.patients.rows()
            if (p.get("last_name") or "").lower() == block["last_name"].lower()
            and (p.get("first_name") or "").lower() == block["first_name"].lower()
            and p.get("date_of_birth") == block["date_of_birth"]
        ),
        None,
    )
    prescriber = next((p for p in req.state.prescribers.rows() if p.get("npi") == npi), None)
    body: dict[str, Any] = {"medications": found["medications"]}
    if patient is not None:
        body["patient"] = {"id": patient["id"]}
    if prescriber is not None:
        body["prescriber"] = {"id": prescriber["id"]}
    erx = create_eprescription(req, body)
    row = req.state.eprescriptions.edit(erx["id"])
    row["source"] = "api_xml"
    if patient is None:
        row["patient"] = {"patientid": None, **block}
    return row


def emit_eprescription(state: SandboxState, erx: Row) -> None:
    stamp = erx["created_at"].rstrip("Z") + ".000000"
    data = {"id": erx["id"], "created_at": stamp, "updated_at": stamp, "patient_id": erx["patient_id"]}
    data.update(prescriber_id=erx["prescriber_id"], status="new")
    data["url"] = f"https://app.byblend.com/prescriptions/{erx['id']}"
    webhooks.emit(state, "prescription.created", data)


@router.route("POST", "/prescriptions/electronic_prescriptions")
def eprescription_create(req: SandboxRequest):
    if isinstance(req.body, bytes | bytearray):
        erx = create_eprescription_xml(req, bytes(req.body))
    else:
        erx = create_eprescription(req, req.json_object())
    emit_eprescription(req.state, erx)
    return created(public(erx))


@router.route("POST", "/electronic_prescriptions")
def eprescription_create_legacy(req: SandboxRequest):
    return eprescription_create(req)


# --- composite ---------------------------------------------------------------------------------


def _prescriber_for(req: SandboxRequest, given: Any) -> tuple[Row, bool]:
    from apps.sandbox.handlers.prescribers import prescriber_create

    if not isinstance(given, dict) or not given:
        raise invalid({"prescriber": "Must be an object."})
    if given.get("id"):
        return _reference(req, given, "prescriber") or {}, False
    npi = given.get("npi")
    existing = next((p for p in req.state.prescribers.rows() if npi and p.get("npi") == str(npi)), None)
    if existing is not None:
        return existing, False
    if set(given) == {"npi"}:
        raise invalid({"prescriber.npi": "No prescriber with this NPI."})
    inner = SandboxRequest("POST", "/prescribers", {}, given, {}, req.state, req.user, req.token)
    try:
        reply = prescriber_create(inner)
    except ApiError as error:
        if error.status != 422:
            raise
        raise invalid({f"prescriber.{k}": v for k, v in error.fields.items()}) from None
    return req.state.prescribers.get(reply.body["id"]) or {}, reply.status == 201


def _patient_for(req: SandboxRequest, given: Any) -> tuple[Row, bool]:
    before = len(req.state.patients)
    patient = _reference(req, given, "patient")
    if patient is None:
        raise invalid({"patient": "Must be an object."})
    return patient, len(req.state.patients) > before


def _composite(req: SandboxRequest, body: dict[str, Any]) -> dict[str, Any]:
    """Every part is checked even after one fails, so a 422 names every field at fault at once (the
    request still creates nothing: it runs on a copy of the state)."""
    result: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    patient = prescriber = None
    if "patient" in body:
        found = _collect(errors, lambda: _patient_for(req, body["patient"]))
        if found is not None:
            patient, made = found
            result["patient"] = {"id": patient["id"], "created": made}
    if "prescriber" in body:
        found = _collect(errors, lambda: _prescriber_for(req, body["prescriber"]))
        if found is not None:
            prescriber, made = found
            result["prescriber"] = {"id": prescriber["id"], "created": made}
    erx = None
    if "electronic_prescription" in body:
        given = body["electronic_prescription"]
        if not isinstance(given, dict):
            raise invalid({"electronic_prescription": "Must be an object."})
        given = {**given}
        if patient is not None:
            given.setdefault("patient", {"id": patient["id"]})
        if prescriber is not None:
            given.setdefault("prescriber", {"id": prescriber["id"]})
        erx = _collect(
            errors, lambda: _nested(lambda: create_eprescription(req, given), "electronic_prescription")
        )
        if erx is not None:
            result["electronic_prescription"] = {"id": erx["id"], "created": True}
    if "order" in body:
        order = body["order"]
        if not isinstance(order, dict):
            raise invalid({"order": "Must be an object."})
        order = {**order}
        if patient is None and "patient" in body and "patient_id" not in order and "patient" not in order:
            _collect(errors, lambda: _nested(lambda: _order_checks(req, order), "order"))
        else:
            if patient is not None and "patient_id" not in order and "patient" not in order:
                order["patient_id"] = patient["id"]
            if erx is not None:
                order["electronic_prescription_ids"] = [
                    *(order.get("electronic_prescription_ids") or []),
                    erx["id"],
                ]
            force_new = req.query_bool("force_new")
            found = _collect(
                errors, lambda: _nested(lambda: create_order(req, order, force_new=force_new), "order")
            )
            if found is not None:
                row, made = found
                result["order"] = {"id": row["id"], "created": made}
    if errors:
        raise invalid(errors)
    made = sum(1 for value in result.values() if value["created"])
    result["summary"] = {"entities_created": made, "entities_referenced": len(result) - made}
    return result


def _collect(errors: dict[str, list[str]], create):
    """`create()`, or None with its 422 field errors added to `errors` (other errors go through)."""
    try:
        return create()
    except ApiError as error:
        if error.status != 422:
            raise
        for name, messages in error.fields.items():
            errors.setdefault(name, []).extend(messages)
        return None


def _order_checks(req: SandboxRequest, order: dict[str, Any]) -> None:
    """The order's own checks when its patient could not be made: its lines and shipping fields."""
    _lines, errors = build_lines(req.state, order.get("products"))
    errors.update(order_body_errors(req.state, order))
    if errors:
        raise invalid(errors)


def _nested(create, where: str):
    try:
        return create()
    except ApiError as error:
        if error.status != 422:
            raise
        raise invalid({f"{where}.{k}": v for k, v in error.fields.items()}) from None


@router.route("POST", "/prescriptions/electronic_prescriptions/composite")
def composite_create(req: SandboxRequest):
    body = req.json_object()
    trial = req.state.fork()  # all or nothing: work on a copy, keep it only if every part succeeds
    inner = SandboxRequest(req.method, req.path, req.query, body, req.headers, trial, req.user, req.token)
    result = _composite(inner, body)
    for table in fields(trial):
        if table.name != "lock":
            setattr(req.state, table.name, getattr(trial, table.name))
    if "electronic_prescription" in result:
        emit_eprescription(req.state, req.state.eprescriptions.get(result["electronic_prescription"]["id"]))
    if result.get("order", {}).get("created"):
        emit_order(req.state, req.state.orders.get(result["order"]["id"]), "order.created")
    return created(result)
