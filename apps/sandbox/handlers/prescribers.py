"""Prescribers: list, create (NPI de-duplication), details, update, credentials, licences
(qualifications) and supervisorial relationships.

Choices where Blend's docs are silent: the list is sorted by last name, first name; a new NPI
answers 201, a known one 200 with the existing prescriber (nothing changed); qualifications cannot
be changed through `PUT /prescribers/{id}` (422); a supervisor needs an active, unexpired
qualification in at least one state; adding a relationship that exists answers 200 with it.
"""

from __future__ import annotations

import re
from typing import Any

from apps.sandbox.handlers.patients import check_email, check_phone, check_state, parse_date
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
    paginated,
    router,
)
from apps.sandbox.reference import CREDENTIALS
from apps.sandbox.state import Row, SandboxState, public

NPI = re.compile(r"^\d{10}$")
DEA = re.compile(r"^[A-Za-z]{2}\d{7}$")
TEXT_FIELDS = (
    "first_name",
    "middle_name",
    "last_name",
    "email",
    "phone",
    "date_of_birth",
    "gender",
    "npi",
    "dea",
    "spi",
    "driver_license_number",
    "driver_license_state",
    "credential_npi",
)
ADDRESS_FIELDS = ("address_1", "address_2", "city", "state", "country", "zip_code", "type")
QUALIFICATION_FIELDS = ("state", "license_number", "description", "expiration_date", "is_active")
CREDENTIAL_NAMES = {c["code"]: c["name"] for c in CREDENTIALS}


def find_prescriber(state: SandboxState, prescriber_id: str) -> Row:
    row = state.prescribers.get(prescriber_id) or state.prescribers.get(prescriber_id.lower())
    if row is None:
        raise not_found("Prescriber")
    return row


def has_valid_licence(row: Row) -> bool:
    today = now().date().isoformat()
    return any(
        q.get("is_active", True) and (not q.get("expiration_date") or q["expiration_date"] >= today)
        for q in row.get("qualifications") or []
    )


# --- validation --------------------------------------------------------------------------------


def _field_errors(body: dict[str, Any], *, creating: bool) -> dict[str, str]:
    errors: dict[str, str] = {}
    for name in TEXT_FIELDS:
        if body.get(name) not in (None, "") and not isinstance(body[name], str):
            errors[name] = "Must be a string."
    for name in ("first_name", "last_name", "npi"):
        if (creating or name in body) and not (isinstance(body.get(name), str) and body[name].strip()):
            errors[name] = "This field is required."
    if "npi" not in errors and body.get("npi") and not NPI.match(body["npi"]):
        errors["npi"] = "Must be exactly 10 digits."
    for name, check in (
        ("phone", check_phone),
        ("email", check_email),
        ("driver_license_state", check_state),
    ):
        if body.get(name) not in (None, "") and name not in errors and (message := check(body[name])):
            errors[name] = message
    if isinstance(body.get("dea"), str) and body["dea"] and not DEA.match(body["dea"]):
        errors["dea"] = "Must be 2 letters followed by 7 digits."
    if body.get("gender") not in (None, "") and str(body["gender"]).lower() not in ("male", "female"):
        errors["gender"] = "Must be male or female."
    if body.get("date_of_birth") not in (None, "") and parse_date(body["date_of_birth"]) is None:
        errors["date_of_birth"] = "Must be a date in YYYY-MM-DD format."
    if body.get("is_active") is not None and not isinstance(body["is_active"], bool):
        errors["is_active"] = "Must be true or false."
    errors.update(_list_errors(body))
    return errors


def _list_errors(body: dict[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    for name in ("addresses", "credentials", "restrictions", "qualifications"):
        if body.get(name) is not None and not (
            isinstance(body[name], list) and all(isinstance(i, dict) for i in body[name])
        ):
            errors[name] = "Must be a list of objects."
    if "addresses" not in errors:
        for index, address in enumerate(body.get("addresses") or []):
            if address.get("state") and (message := check_state(address["state"])):
                errors[f"addresses[{index}].state"] = message
    if "credentials" not in errors:
        for index, credential in enumerate(body.get("credentials") or []):
            if (credential.get("credential_code") or credential.get("code")) not in CREDENTIAL_NAMES:
                errors[f"credentials[{index}].credential_code"] = (
                    "Unknown code; see /prescribers/credentials."
                )
    if "qualifications" not in errors:
        for index, qualification in enumerate(body.get("qualifications") or []):
            errors.update(_qualification_errors(qualification, f"qualifications[{index}]."))
    return errors


def _qualification_errors(body: dict[str, Any], prefix: str = "") -> dict[str, str]:
    errors: dict[str, str] = {}
    if not body.get("state"):
        errors[f"{prefix}state"] = "This field is required."
    elif message := check_state(body["state"]):
        errors[f"{prefix}state"] = message
    if not (isinstance(body.get("license_number"), str) and body["license_number"].strip()):
        errors[f"{prefix}license_number"] = "This field is required."
    if body.get("expiration_date") not in (None, "") and parse_date(body["expiration_date"]) is None:
        errors[f"{prefix}expiration_date"] = "Must be a date in YYYY-MM-DD format."
    if body.get("is_active") is not None and not isinstance(body["is_active"], bool):
        errors[f"{prefix}is_active"] = "Must be true or false."
    return errors


# --- building rows -----------------------------------------------------------------------------


def _qualification(body: dict[str, Any]) -> Row:
    stamp = iso(now())
    return {
        "id": new_id(),
        "created_at": stamp,
        "updated_at": stamp,
        "state": body["state"].upper(),
        "license_number": body["license_number"].strip(),
        "description": body.get("description"),
        "expiration_date": body.get("expiration_date") or None,
        "is_active": body.get("is_active", True),
    }


def _addresses(items: list[dict[str, Any]]) -> list[Row]:
    stamp = iso(now())
    rows = []
    for item in items:
        row = {"id": item.get("id") or new_id(), "created_at": stamp, "updated_at": stamp}
        row.update({name: item.get(name) for name in ADDRESS_FIELDS})
        row["state"] = (row["state"] or "").upper() or None
        row["country"] = row["country"] or "US"
        row["type"] = row["type"] or "practice"
        rows.append(row)
    return rows


def _credentials(items: list[dict[str, Any]]) -> list[Row]:
    codes = [item.get("credential_code") or item.get("code") for item in items]
    return [{"credential_code": code, "name": CREDENTIAL_NAMES[code]} for code in codes]


def _apply(row: Row, body: dict[str, Any]) -> None:
    for name in TEXT_FIELDS:
        if name in body:
            value = body[name]
            row[name] = value.strip() if isinstance(value, str) and value.strip() else None
    if row.get("driver_license_state"):
        row["driver_license_state"] = row["driver_license_state"].upper()
    if "is_active" in body:
        row["is_active"] = body["is_active"]
    if "addresses" in body:
        row["addresses"] = _addresses(body["addresses"] or [])
    if "credentials" in body:
        row["credentials"] = _credentials(body["credentials"] or [])
    if "restrictions" in body:
        row["restrictions"] = [{"id": r.get("id")} for r in body["restrictions"] or []]


# --- prescribers -------------------------------------------------------------------------------


@router.route("GET", "/prescribers")
def prescriber_list(req: SandboxRequest):
    rows = sorted(
        req.state.prescribers.rows(),
        key=lambda r: ((r.get("last_name") or "").lower(), (r.get("first_name") or "").lower(), r["id"]),
    )
    return paginated(req, rows)


@router.route("POST", "/prescribers")
def prescriber_create(req: SandboxRequest):
    body = req.json_object()
    if errors := _field_errors(body, creating=True):
        raise invalid(errors)
    npi = body["npi"].strip()
    existing = next((r for r in req.state.prescribers.rows() if r.get("npi") == npi), None)
    if existing is not None:
        return ok(public(existing))
    stamp = iso(now())
    row: Row = {"id": new_id(), "created_at": stamp, "updated_at": stamp, **dict.fromkeys(TEXT_FIELDS)}
    row.update(is_active=True, addresses=[], credentials=[], restrictions=[])
    _apply(row, body)
    row["qualifications"] = [_qualification(q) for q in body.get("qualifications") or []]
    req.state.prescribers.insert(row)
    return created(public(row))


@router.route("GET", "/prescribers/credentials")
def prescriber_credentials(req: SandboxRequest):
    return ok([dict(c) for c in CREDENTIALS])


@router.route("GET", "/prescribers/{prescriber_id}")
def prescriber_get(req: SandboxRequest, prescriber_id: str):
    return ok(public(find_prescriber(req.state, prescriber_id)))


@router.route("PUT", "/prescribers/{prescriber_id}")
def prescriber_update(req: SandboxRequest, prescriber_id: str):
    current = find_prescriber(req.state, prescriber_id)
    body = req.json_object()
    errors = _field_errors(body, creating=False)
    if "qualifications" in body:
        errors["qualifications"] = "Change licences through /prescribers/{id}/qualifications."
    npi = body.get("npi")
    if (
        isinstance(npi, str)
        and "npi" not in errors
        and any(
            r.get("npi") == npi.strip() and r["id"] != current["id"] for r in req.state.prescribers.rows()
        )
    ):
        errors["npi"] = "Another prescriber already has this NPI."
    if errors:
        raise invalid(errors)
    row = req.state.prescribers.edit(current["id"])
    _apply(row, body)
    row["updated_at"] = iso(now())
    return ok(public(row))


# --- qualifications ----------------------------------------------------------------------------


def _find_qualification(row: Row, key: str) -> Row:
    """A qualification by id, or by 2-letter state (the state's active one, newest first)."""
    qualifications = row.get("qualifications") or []
    if len(key) == 2 and key.isalpha():
        found = [q for q in qualifications if q["state"] == key.upper() and q.get("is_active", True)]
        if found:
            return found[-1]
    else:
        for qualification in qualifications:
            if qualification["id"] == key.lower():
                return qualification
    raise not_found("Qualification")


@router.route("POST", "/prescribers/{prescriber_id}/qualifications")
def prescriber_qualification_create(req: SandboxRequest, prescriber_id: str):
    current = find_prescriber(req.state, prescriber_id)
    body = req.json_object()
    if errors := _qualification_errors(body):
        raise invalid(errors)
    qualification = _qualification(body)
    if any(
        q["state"] == qualification["state"]
        and q["license_number"] == qualification["license_number"]
        and q.get("is_active", True)
        for q in current.get("qualifications") or []
    ):
        raise invalid({"license_number": "This licence is already on file for this state."})
    row = req.state.prescribers.edit(current["id"])
    row.setdefault("qualifications", []).append(qualification)
    row["updated_at"] = iso(now())
    return created(dict(qualification))


@router.route("PUT", "/prescribers/{prescriber_id}/qualifications/{qualification_id}")
def prescriber_qualification_update(req: SandboxRequest, prescriber_id: str, qualification_id: str):
    current = find_prescriber(req.state, prescriber_id)
    found = _find_qualification(current, qualification_id)
    body = req.json_object()
    errors = _qualification_errors(body)
    if "state" not in errors and body["state"].upper() != found["state"]:
        errors["state"] = "Does not match the qualification's state."
    if errors:
        raise invalid(errors)
    row = req.state.prescribers.edit(current["id"])
    target = next(q for q in row["qualifications"] if q["id"] == found["id"])
    row["updated_at"] = iso(now())
    if body["license_number"].strip() != target["license_number"]:
        # A new licence number for the state: the old qualification is deactivated, the new one is current.
        target["is_active"], target["updated_at"] = False, row["updated_at"]
        replacement = _qualification(
            {**{k: target.get(k) for k in ("description", "expiration_date")}, **body}
        )
        row["qualifications"].append(replacement)
        return ok(dict(replacement))
    for name in ("description", "expiration_date", "is_active"):
        if name in body:
            target[name] = body[name]
    target["updated_at"] = row["updated_at"]
    return ok(dict(target))


@router.route("DELETE", "/prescribers/{prescriber_id}/qualifications/{qualification_id}")
def prescriber_qualification_deactivate(req: SandboxRequest, prescriber_id: str, qualification_id: str):
    current = find_prescriber(req.state, prescriber_id)
    target_id = _find_qualification(current, qualification_id)["id"]
    row = req.state.prescribers.edit(current["id"])
    target = next(q for q in row["qualifications"] if q["id"] == target_id)
    target["is_active"] = False
    row["updated_at"] = target["updated_at"] = iso(now())
    return ok(dict(target))


# --- supervision -------------------------------------------------------------------------------


def _related(req: SandboxRequest, prescriber_id: str, mine: str, theirs: str) -> list[Row]:
    current = find_prescriber(req.state, prescriber_id)
    items = []
    for link in req.state.supervisions.rows():
        other = req.state.prescribers.get(link[theirs]) if link[mine] == current["id"] else None
        if other is not None:
            items.append({"id": link["id"], "state": link["state"], "prescriber": public(other)})
    return sorted(items, key=lambda i: (i["state"], i["prescriber"].get("last_name") or ""))


@router.route("GET", "/prescribers/{prescriber_id}/supervisors")
def prescriber_supervisors(req: SandboxRequest, prescriber_id: str):
    return ok(_related(req, prescriber_id, "supervisee_id", "supervisor_id"))


@router.route("GET", "/prescribers/{prescriber_id}/supervisees")
def prescriber_supervisees(req: SandboxRequest, prescriber_id: str):
    return ok(_related(req, prescriber_id, "supervisor_id", "supervisee_id"))


@router.route("POST", "/prescribers/{prescriber_id}/supervisors")
def prescriber_supervisor_add(req: SandboxRequest, prescriber_id: str):
    supervisee = find_prescriber(req.state, prescriber_id)
    body = req.json_object()
    errors: dict[str, str] = {}
    supervisor_id, state = body.get("supervisor_id"), body.get("state")
    if not (isinstance(supervisor_id, str) and supervisor_id):
        errors["supervisor_id"] = "This field is required."
    if not state:
        errors["state"] = "This field is required."
    elif message := check_state(state):
        errors["state"] = message
    if errors:
        raise invalid(errors)
    supervisor = find_prescriber(req.state, supervisor_id)
    if supervisor["id"] == supervisee["id"]:
        raise invalid({"supervisor_id": "A prescriber cannot supervise themselves."})
    if not has_valid_licence(supervisor):
        raise invalid({"supervisor_id": "The supervisor must hold an active licence in at least one state."})
    state = state.upper()
    for link in req.state.supervisions.rows():
        if (link["supervisee_id"], link["supervisor_id"], link["state"]) == (
            supervisee["id"],
            supervisor["id"],
            state,
        ):
            return ok({"id": link["id"], "state": state, "prescriber": public(supervisor)})
    link = req.state.supervisions.insert(
        {"id": new_id(), "supervisee_id": supervisee["id"], "supervisor_id": supervisor["id"], "state": state}
    )
    return created({"id": link["id"], "state": state, "prescriber": public(supervisor)})


@router.route("DELETE", "/prescribers/{prescriber_id}/supervisors/{supervisor_id}")
def prescriber_supervisor_remove(req: SandboxRequest, prescriber_id: str, supervisor_id: str):
    supervisee = find_prescriber(req.state, prescriber_id)
    supervisor = find_prescriber(req.state, supervisor_id)
    state = req.query.get("state", "")
    if check_state(state):
        raise ApiError(400, "Query parameter 'state' (2-letter state code) is required.")
    wanted = (supervisee["id"], supervisor["id"], state.upper())
    links = [
        r
        for r in req.state.supervisions.rows()
        if (r["supervisee_id"], r["supervisor_id"], r["state"]) == wanted
    ]
    if not links:
        raise not_found("Supervisorial relationship")
    for link in links:
        req.state.supervisions.delete(link["id"])
    return ok({"message": "Supervisorial relationship removed."})
