"""Finding seeded sandbox prescribers for the prescribers tests, and the form data they post."""

from __future__ import annotations

from datetime import date, timedelta

from apps.core.once import token_new
from apps.sandbox.seed_people import luhn_npi
from apps.sandbox.state import Row

NEW_NPI = luhn_npi("199999999")  # 1999999992: valid, and no seeded prescriber has it
BAD_CHECK_DIGIT = NEW_NPI[:-1] + str((int(NEW_NPI[-1]) + 1) % 10)
UNKNOWN_ID = "00000000-0000-4000-8000-000000000000"


def _current(licence: Row) -> bool:
    expires = licence.get("expiration_date") or "9999-12-31"
    return bool(licence.get("is_active", True)) and expires >= date.today().isoformat()


def a_prescriber(sandbox, where=lambda row: True) -> Row:
    """A seeded prescriber (matching `where`), by NPI so tests are repeatable."""
    rows = sorted((r for r in sandbox.state.prescribers.rows() if where(r)), key=lambda r: r["npi"])
    assert rows, "the seed has no prescriber matching the test's needs"
    return rows[0]


def licensed_in(sandbox, state: str, *, other_than: str = "") -> Row:
    return a_prescriber(
        sandbox,
        lambda r: (
            r["id"] != other_than and any(q["state"] == state and _current(q) for q in r["qualifications"])
        ),
    )


def active_licence(row: Row) -> Row:
    return next(q for q in row["qualifications"] if _current(q))


def a_supervision(sandbox) -> Row:
    return sorted(sandbox.state.supervisions.rows(), key=lambda r: r["id"])[0]


def set_expiry(sandbox, prescriber_id: str, licence_id: str, days_from_today: int) -> None:
    row = sandbox.state.prescribers.edit(prescriber_id)
    licence = next(q for q in row["qualifications"] if q["id"] == licence_id)
    licence["expiration_date"] = (date.today() + timedelta(days=days_from_today)).isoformat()


def prescriber_form(row: Row | None = None, **changes) -> dict[str, object]:
    """The prescriber form as the page fills it for `row` (or a new prescriber), with `changes`."""
    if row is None:
        data: dict[str, object] = {
            "first_name": "Ottoline",
            "last_name": "Vexworth",
            "npi": NEW_NPI,
            "credentials": ["NP"],
            "email": "o.vexworth@example.com",
            "phone": "(617) 555-0100",
            "gender": "Female",
            "address_1": "5 Clinic Way",
            "city": "Boston",
            "state": "MA",
            "zip_code": "02108",
        }
    else:
        address = next((a for a in row["addresses"] if a.get("type") == "practice"), {})
        data = {
            name: row.get(name) or ""
            for name in (
                "first_name", "middle_name", "last_name", "npi", "credential_npi", "email", "phone",
                "gender", "date_of_birth", "dea", "spi",
            )
        }  # fmt: skip
        data["credentials"] = [c["credential_code"] for c in row["credentials"]]
        data.update(
            {k: address.get(k) or "" for k in ("address_1", "address_2", "city", "state", "zip_code")}
        )
    data["token"] = token_new()
    return {**data, **changes}
