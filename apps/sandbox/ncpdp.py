"""NCPDP SCRIPT NewRx documents, as the sandbox reads them (Blend accepts e-prescriptions as NCPDP
SCRIPT XML or JSON). Parsed with defusedxml: no DTD, no entities, nothing fetched.

Only what the sandbox needs is read, by local name (namespaces ignored): the patient's name and date
of birth, the prescriber's NPI, and per MedicationPrescribed its description, product code, quantity
and unit, days' supply, refills, directions, substitution and written date. A document that is not
XML is a 400; a NewRx without those fields is a 422 naming each by its path in the document."""

from __future__ import annotations

from typing import Any
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from apps.sandbox.http import ApiError, invalid


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child(element: Element | None, *path: str) -> Element | None:
    for name in path:
        if element is None:
            return None
        element = next((c for c in element if _local(c.tag) == name), None)
    return element


def _text(element: Element | None, *path: str) -> str:
    found = _child(element, *path)
    return (found.text or "").strip() if found is not None else ""


def _find(element: Element, name: str) -> Element | None:
    return next((e for e in element.iter() if _local(e.tag) == name), None)


def parse_newrx(raw: bytes) -> dict[str, Any]:
    """A NewRx as the JSON create body (`medications`, `patient_block`, `prescriber_npi`)."""
    try:
        root = fromstring(raw, forbid_dtd=True)
    except (ParseError, DefusedXmlException, ValueError) as exc:
        raise ApiError(
            400, f"The NCPDP SCRIPT document is not well-formed XML ({type(exc).__name__})."
        ) from None
    newrx = _find(root, "NewRx")
    if _local(root.tag) != "Message" or newrx is None:
        raise invalid({"Message.Body.NewRx": "Send an NCPDP SCRIPT Message with a NewRx."})
    errors: dict[str, str] = {}
    patient = _child(newrx, "Patient", "HumanPatient")
    names = {
        "first_name": _text(patient, "Name", "FirstName"),
        "last_name": _text(patient, "Name", "LastName"),
        "date_of_birth": _text(patient, "DateOfBirth", "Date"),
    }
    for key, where in (
        ("last_name", "Name.LastName"),
        ("first_name", "Name.FirstName"),
        ("date_of_birth", "DateOfBirth.Date"),
    ):
        if not names[key]:
            errors[f"NewRx.Patient.HumanPatient.{where}"] = "Required."
    npi = _text(newrx, "Prescriber", "NonVeterinarian", "Identification", "NPI")
    if not npi:
        errors["NewRx.Prescriber.NonVeterinarian.Identification.NPI"] = "Required."
    medications = []
    items = [c for c in newrx if _local(c.tag) == "MedicationPrescribed"]
    if not items:
        errors["NewRx.MedicationPrescribed"] = "Required."
    for index, item in enumerate(items):
        at = f"NewRx.MedicationPrescribed[{index}]"
        medication, item_errors = _medication(item, at)
        errors.update(item_errors)
        medications.append(medication)
    if errors:
        raise invalid(errors)
    return {"medications": medications, "patient_block": names, "prescriber_npi": npi}


def _number(text: str, at: str, errors: dict[str, str], *, whole: bool) -> int | float | None:
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        errors[at] = "Must be a number."
        return None
    if whole:
        if not value.is_integer():
            errors[at] = "Must be a whole number."
        return int(value)
    return int(value) if value.is_integer() else value


def _medication(item: Element, at: str) -> tuple[dict[str, Any], dict[str, str]]:
    errors: dict[str, str] = {}
    description = _text(item, "DrugDescription")
    if not description:
        errors[f"{at}.DrugDescription"] = "Required."
    quantity = _number(_text(item, "Quantity", "Value"), f"{at}.Quantity.Value", errors, whole=False)
    if quantity is None and f"{at}.Quantity.Value" not in errors:
        errors[f"{at}.Quantity.Value"] = "Required."
    written = _text(item, "WrittenDate", "Date") or _text(item, "WrittenDate", "DateTime")
    if not written:
        errors[f"{at}.WrittenDate.Date"] = "Required."
    substitutions = _text(item, "Substitutions")
    medication = {
        "drug_name": description,
        "product_code": _text(item, "DrugCoded", "ProductCode", "Code") or None,
        "quantity": quantity,
        "units": _text(item, "Quantity", "QuantityUnitOfMeasure", "Code") or None,
        "days_supply": _number(_text(item, "DaysSupply"), f"{at}.DaysSupply", errors, whole=True),
        "refills": _number(_text(item, "NumberOfRefills"), f"{at}.NumberOfRefills", errors, whole=True) or 0,
        "sig": _text(item, "Sig", "SigText") or None,
        "substitution_allowed": substitutions in ("", "0"),
        "written_at": written[:10] + "T00:00:00" if len(written) >= 10 else written,
    }
    return medication, errors
