"""Patients: list, create, details, update, guardian relationship types and a patient's orders.
Their risk factors live in `risk_factors.py` (free-form text sent with a patient is queued there).

The field checks here (`check_phone`, `check_email`, ...) are shared with the prescriber and task
handlers.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from apps.sandbox.handlers.risk_factors import add_risk_factor_text
from apps.sandbox.http import (
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
from apps.sandbox.lookups import find_patient, render_order
from apps.sandbox.reference import GUARDIAN_RELATIONSHIP_TYPES
from apps.sandbox.state import Row, SandboxState, public

PHONE = re.compile(r"^\d{10}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
STATE = re.compile(r"^[A-Za-z]{2}$")
ZIP = re.compile(r"^\d{5}(-\d{4})?$")
SSN = re.compile(r"^\d{9}$")
LANGUAGE = re.compile(r"^[a-z]{2}$")
UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")

REQUIRED = ("first_name", "last_name", "date_of_birth")
TEXT_FIELDS = (
    "first_name",
    "middle_name",
    "last_name",
    "gender",
    "email",
    "phone",
    "date_of_birth",
    "driver_license_number",
    "driver_license_state",
    "ssn",
    "primary_language",
    "guardian_name",
    "guardian_phone",
    "guardian_email",
    "guardian_relationship",
    "external_id",
)
NUMBER_FIELDS = ("height_inches", "weight_pounds")
BOOL_FIELDS = ("is_smoker", "is_diabetic", "is_pregnant", "receive_sms", "receive_email")
ADDRESS_FIELDS = ("address_1", "address_2", "city", "state", "zip_code", "country")
RISK_FACTOR_TEXT_FIELD = "risk_factors_text"  # write-only; name not visible in the docs (inferred)


# --- field checks (shared) ---------------------------------------------------------------------


def check_phone(value: Any) -> str | None:
    return None if isinstance(value, str) and PHONE.match(value) else "Must be exactly 10 digits."


def check_email(value: Any) -> str | None:
    return None if isinstance(value, str) and EMAIL.match(value) else "Enter a valid email address."


def check_state(value: Any) -> str | None:
    return None if isinstance(value, str) and STATE.match(value) else "Must be a 2-letter state code."


def check_uuid(value: Any) -> str | None:
    return None if isinstance(value, str) and UUID.match(value) else "Must be a UUID."


def parse_date(value: Any) -> date | None:
    """A `YYYY-MM-DD` string as a date, or None when it is not one."""
    if not isinstance(value, str) or not re.match(r"^\d{4}-\d{2}-\d{2}$", value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def age_on(birth: date, today: date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def is_minor(date_of_birth: Any) -> bool:
    birth = parse_date(date_of_birth)
    return birth is not None and age_on(birth, now().date()) < 18


# --- patients ----------------------------------------------------------------------------------


def render_patient(row: Row) -> Row:
    body = public(row) or {}
    body["is_minor"] = is_minor(row.get("date_of_birth"))
    return body


def _field_errors(body: dict[str, Any]) -> dict[str, str]:
    """Messages for the fields present in `body` that Blend would refuse (values never echoed)."""
    errors: dict[str, str] = {}
    for name in TEXT_FIELDS:
        if body.get(name) not in (None, "") and not isinstance(body[name], str):
            errors[name] = "Must be a string."
    for name in REQUIRED:
        if name in body and not (isinstance(body[name], str) and body[name].strip()):
            errors[name] = "This field is required."
    checks = {
        "phone": check_phone,
        "guardian_phone": check_phone,
        "email": check_email,
        "guardian_email": check_email,
        "driver_license_state": check_state,
    }
    for name, check in checks.items():
        if body.get(name) not in (None, "") and name not in errors and (message := check(body[name])):
            errors[name] = message
    gender = body.get("gender")
    if gender not in (None, "") and str(gender).lower() not in ("male", "female"):
        errors["gender"] = "Must be male or female."
    if body.get("ssn") not in (None, "") and not SSN.match(str(body["ssn"])):
        errors["ssn"] = "Must be exactly 9 digits."
    if body.get("primary_language") not in (None, "") and not LANGUAGE.match(str(body["primary_language"])):
        errors["primary_language"] = "Must be an ISO 639-1 code such as en."
    codes = {t["code"] for t in GUARDIAN_RELATIONSHIP_TYPES}
    if body.get("guardian_relationship") not in (None, "") and body["guardian_relationship"] not in codes:
        errors["guardian_relationship"] = "Unknown relationship; see /patients/guardian_relationship_types."
    if body.get("date_of_birth") and "date_of_birth" not in errors:
        birth = parse_date(body["date_of_birth"])
        if birth is None:
            errors["date_of_birth"] = "Must be a date in YYYY-MM-DD format."
        elif birth > now().date() or birth.year < 1900:
            errors["date_of_birth"] = "Must be a date in the past."
    for name in NUMBER_FIELDS:
        value = body.get(name)
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int | float) or value <= 0
        ):
            errors[name] = "Must be a positive number."
    for name in BOOL_FIELDS:
        if body.get(name) is not None and not isinstance(body[name], bool):
            errors[name] = "Must be true or false."
    errors.update(_address_errors(body.get("address")))
    text = body.get(RISK_FACTOR_TEXT_FIELD)
    if text is not None and not isinstance(text, str):
        errors[RISK_FACTOR_TEXT_FIELD] = "Must be a string."
    return errors


def _address_errors(address: Any) -> dict[str, str]:
    if address is None:
        return {}
    if not isinstance(address, dict):
        return {"address": "Must be an object."}
    errors = {}
    if address.get("state") not in (None, "") and (message := check_state(address["state"])):
        errors["address.state"] = message
    zip_code = address.get("zip_code")
    if zip_code not in (None, "") and not (isinstance(zip_code, str) and ZIP.match(zip_code)):
        errors["address.zip_code"] = "Must be a 5-digit ZIP code (as a string)."
    return errors


def _apply(row: Row, body: dict[str, Any]) -> None:
    """Copy the writable fields present in `body` onto `row` (empty strings clear a field)."""
    for name in TEXT_FIELDS:
        if name in body:
            value = body[name]
            row[name] = value.strip() if isinstance(value, str) and value.strip() else None
    for name in (*NUMBER_FIELDS, *BOOL_FIELDS):
        if name in body:
            row[name] = body[name]
    if row.get("gender"):
        row["gender"] = row["gender"].lower()
    for name in ("driver_license_state",):
        if row.get(name):
            row[name] = row[name].upper()
    if "address" in body:
        given = body["address"] or {}
        address = {**(row.get("address") or {}), **{k: given.get(k) for k in ADDRESS_FIELDS if k in given}}
        if address.get("state"):
            address["state"] = address["state"].upper()
        address.setdefault("country", "US")
        row["address"] = {k: address.get(k) for k in ADDRESS_FIELDS} if given else None


def _merged_errors(state: SandboxState, row: Row, patient_id: str | None) -> dict[str, str]:
    """Rules about the whole record: a minor needs a guardian; external ids are unique."""
    errors = {}
    if is_minor(row.get("date_of_birth")) and not row.get("guardian_name"):
        errors["guardian_name"] = "Required when the patient is a minor (under 18)."
    external_id = row.get("external_id")
    if external_id and any(
        p.get("external_id") == external_id and p["id"] != patient_id for p in state.patients.rows()
    ):
        errors["external_id"] = "Another patient already has this external_id."
    return errors


def _risk_factor_texts(body: dict[str, Any]) -> list[str]:
    """Free-form risk-factor text sent with a patient (`risk_factors_text`, or the composite
    endpoint's `risk_factors: {allergies, conditions, medications}` strings)."""
    texts = [body.get(RISK_FACTOR_TEXT_FIELD)]
    grouped = body.get("risk_factors")
    if isinstance(grouped, dict):
        texts += [grouped.get(k) for k in ("allergies", "conditions", "medications")]
    return [t.strip() for t in texts if isinstance(t, str) and t.strip()]


@router.route("GET", "/patients")
def patient_list(req: SandboxRequest):
    rows = sorted(req.state.patients.rows(), key=lambda r: (r.get("created_at") or "", r["id"]), reverse=True)
    return paginated(req, rows, render=render_patient)


@router.route("POST", "/patients")
def patient_create(req: SandboxRequest):
    body = req.json_object()
    errors = _field_errors(body)
    for name in REQUIRED:
        if not body.get(name):
            errors[name] = "This field is required."
    if errors:
        raise invalid(errors)
    stamp = iso(now())
    row: Row = {"id": new_id(), "created_at": stamp, "updated_at": stamp}
    row.update(dict.fromkeys(TEXT_FIELDS))
    row.update(dict.fromkeys(NUMBER_FIELDS))
    row.update(dict.fromkeys(BOOL_FIELDS, False))
    row["address"] = None
    _apply(row, body)
    if errors := _merged_errors(req.state, row, None):
        raise invalid(errors)
    row["is_minor"] = is_minor(row["date_of_birth"])
    req.state.patients.insert(row)
    _add_texts(req.state, row["id"], _risk_factor_texts(body))
    return created(render_patient(row))


@router.route("GET", "/patients/guardian_relationship_types")
def guardian_relationship_types(req: SandboxRequest):
    return ok([dict(t) for t in GUARDIAN_RELATIONSHIP_TYPES])


@router.route("GET", "/patients/{patient_id}")
def patient_get(req: SandboxRequest, patient_id: str):
    return ok(render_patient(find_patient(req.state, patient_id)))


@router.route("PUT", "/patients/{patient_id}")
def patient_update(req: SandboxRequest, patient_id: str):
    current = find_patient(req.state, patient_id)
    body = req.json_object()
    if errors := _field_errors(body):
        raise invalid(errors)
    merged = dict(current)
    _apply(merged, body)
    if errors := _merged_errors(req.state, merged, current["id"]):
        raise invalid(errors)
    row = req.state.patients.edit(current["id"])
    row.update(merged)
    row["is_minor"] = is_minor(row.get("date_of_birth"))
    row["updated_at"] = iso(now())
    _add_texts(req.state, row["id"], _risk_factor_texts(body))
    return ok(render_patient(row))


@router.route("GET", "/patients/{patient_id}/orders")
def patient_orders(req: SandboxRequest, patient_id: str):
    patient = find_patient(req.state, patient_id)
    rows = [r for r in req.state.orders.rows() if r.get("_patient_id") == patient["id"]]
    rows.sort(key=lambda r: (r.get("created_at") or "", r["id"]), reverse=True)
    return paginated(req, rows, render=lambda r: render_order(req.state, r))


def _add_texts(state: SandboxState, patient_id: str, texts: list[str]) -> None:
    for text in texts:
        add_risk_factor_text(state, patient_id, text)
