"""Finding seeded sandbox patients for the patients tests, and the patient form as a page fills it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from apps.core.once import token_new
from apps.sandbox.state import Row


def find_patient(sandbox, where: Callable[[Row], bool] = lambda row: True) -> Row:
    """A seeded patient matching `where`, the same one every run (lowest id first)."""
    rows = sorted((r for r in sandbox.state.patients.rows() if where(r)), key=lambda r: r["id"])
    assert rows, "the seed has no patient matching the test's needs"
    return rows[0]


def adult(row: Row) -> bool:
    return not row.get("is_minor")


def with_secrets(row: Row) -> bool:
    """A patient with an SSN and a driver licence number."""
    return bool(row.get("ssn") and row.get("driver_license_number"))


def patient_with_orders(sandbox, more_than: int) -> Row:
    counts = Counter(o["_patient_id"] for o in sandbox.state.orders.rows())
    patient_id = min(pid for pid, count in counts.items() if count > more_than)
    return sandbox.state.patients.get(patient_id)


def patient_with_risk_factor(sandbox, where: Callable[[Row], bool]) -> tuple[Row, Row]:
    """(a patient, one of their risk factors matching `where`)."""
    factor = min((r for r in sandbox.state.risk_factors.rows() if where(r)), key=lambda r: r["id"])
    return sandbox.state.patients.get(factor["patient_id"]), factor


def form_for(row: Row, **changes: Any) -> dict[str, str]:
    """The patient form as the edit page fills it for `row` (SSN and licence number empty), with
    `changes`, and a fresh one-time token."""
    address = row.get("address") or {}

    def text(value: Any) -> str:
        return "" if value is None else str(value)

    data = {
        name: text(row.get(name))
        for name in (
            "first_name",
            "middle_name",
            "last_name",
            "date_of_birth",
            "gender",
            "email",
            "phone",
            "primary_language",
            "driver_license_state",
            "guardian_name",
            "guardian_relationship",
            "guardian_phone",
            "guardian_email",
            "height_inches",
            "weight_pounds",
            "external_id",
        )
    }
    data.update(
        {name: text(address.get(name)) for name in ("address_1", "address_2", "city", "state", "zip_code")}
    )
    for flag in ("is_smoker", "is_diabetic", "is_pregnant", "receive_sms", "receive_email"):
        if row.get(flag):
            data[flag] = "on"
    data.update(ssn="", driver_license_number="", token=token_new())
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data


NEW_PATIENT = {
    "first_name": "Zebulon",
    "last_name": "Quaxley",
    "date_of_birth": "1984-06-02",
    "gender": "male",
    "email": "zeb.quaxley@example.com",
    "phone": "(641) 738-3445",
    "address_1": "1 Main St",
    "city": "Boston",
    "state": "MA",
    "zip_code": "02108",
    "ssn": "123-45-6789",
    "driver_license_number": "B49188319",
    "driver_license_state": "MA",
    "height_inches": "72",
    "weight_pounds": "180",
    "receive_sms": "on",
}


def new_patient_form(**changes: Any) -> dict[str, str]:
    data = {**NEW_PATIENT, "token": token_new()}
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data
