"""E-prescriptions, quantity units and composite creation through the real client against the sandbox."""

from __future__ import annotations

import pytest

from apps.blend.errors import BlendNotFound, BlendValidationError
from apps.blend.models.prescriptions import ElectronicPrescription

MEDICATION = {
    "drug_name": "Rapamycin",
    "product_code": "HC-RAPA1",
    "quantity": 30,
    "units": "C48155",
    "days_supply": 30,
    "refills": 2,
    "sig": "Apply nightly.",
    "written_at": "2025-04-25T00:00:00",
}
NEW_PATIENT = {
    "first_name": "Rosa",
    "last_name": "Diaz",
    "date_of_birth": "1988-02-14",
    "external_id": "HEALTHCO_PATIENT_9271227",
    "address": {"address_1": "9 Pine St", "city": "Hartford", "state": "CT", "zip_code": "06103"},
}


def a_prescriber(sandbox):
    return next(p for p in sandbox.state.prescribers.rows() if p["is_active"])


def a_patient(sandbox):
    busy = {o["_patient_id"] for o in sandbox.state.orders.rows() if o["status"] == "received"}
    return next(p for p in sandbox.state.patients.rows() if p["id"] not in busy)


# --- e-prescriptions ---------------------------------------------------------------------------


def test_it_creates_an_eprescription(blend, sandbox):
    patient, prescriber = a_patient(sandbox), a_prescriber(sandbox)
    erx = blend.eprescription_create(
        eprescription={
            "medications": [MEDICATION],
            "patient": {"id": patient["id"]},
            "prescriber": {"id": prescriber["id"]},
        }
    )
    assert erx.source == "api_json" and erx.type == "NewRx"
    assert erx.patient_id == patient["id"] and erx.prescriber_id == prescriber["id"]
    medication = erx.medications[0]
    assert medication.units == "Gram" and medication.fills_remaining == 3
    assert medication.prescription_product_id == next(
        p["id"] for p in sandbox.state.products.rows() if p.get("product_code") == "HC-RAPA1"
    )
    assert medication.expires_at.year == 2026


def test_it_reads_an_eprescription_back(blend, sandbox):
    seeded = next(iter(sandbox.state.eprescriptions.rows()))
    erx = blend.eprescription_get(eprescription_id=seeded["id"].lower())
    assert erx.id == seeded["id"]
    assert erx.medications[0].drug_name == seeded["medications"][0]["drug_name"]
    assert erx.patient.last_name


def test_it_answers_404_for_an_unknown_eprescription(blend):
    with pytest.raises(BlendNotFound):
        blend.eprescription_get(eprescription_id="BFCB96C9-F866-405E-A1B3-3ED031DFB423")


def test_it_accepts_the_legacy_path_and_single_medication(blend, sandbox):
    response = blend.http.request("POST", "/electronic_prescriptions", json={"medication": MEDICATION})
    assert response.status_code == 201
    erx = ElectronicPrescription.model_validate(response.data)
    assert erx.medications[0].product_code == "HC-RAPA1" and erx.patient_id is None


def test_it_creates_the_patient_sent_with_the_eprescription(blend, sandbox):
    erx = blend.eprescription_create(eprescription={"medications": [MEDICATION], "patient": NEW_PATIENT})
    assert sandbox.state.patients.get(erx.patient_id)["external_id"] == NEW_PATIENT["external_id"]


def test_it_names_bad_medication_fields(blend):
    bad = {**MEDICATION, "units": "XX", "refills": -1, "quantity": 0}
    with pytest.raises(BlendValidationError) as caught:
        blend.eprescription_create(eprescription={"medications": [bad]})
    assert set(caught.value.fields) == {
        "medications[0].units",
        "medications[0].refills",
        "medications[0].quantity",
    }


def test_it_requires_a_medication(blend):
    with pytest.raises(BlendValidationError) as caught:
        blend.eprescription_create(eprescription={"medications": []})
    assert "medications" in caught.value.fields


def test_it_refuses_an_unknown_prescriber_reference(blend):
    with pytest.raises(BlendValidationError) as caught:
        blend.eprescription_create(
            eprescription={
                "medications": [MEDICATION],
                "prescriber": {"id": "00000000-0000-4000-8000-000000000000"},
            }
        )
    assert "prescriber.id" in caught.value.fields


def test_it_matches_the_waiting_order_of_the_patient(blend, sandbox):
    order = next(
        o
        for o in sandbox.state.orders.rows()
        if o["status"] == "received"
        and any(not line["has_prescription"] for line in o["products"]["prescription"])
    )
    line = next(line for line in order["products"]["prescription"] if not line["has_prescription"])
    medication = {**MEDICATION, "product_code": line["product_code"]}
    erx = blend.eprescription_create(
        eprescription={"medications": [medication], "patient": {"id": order["_patient_id"]}}
    )
    updated = blend.order_get(order_id=order["id"])
    assert erx.id in updated.electronic_prescription_ids
    assert next(
        i for i in updated.products.prescription if i.order_item_id == line["order_item_id"]
    ).has_prescription


def test_it_links_the_eprescription_to_the_named_order(blend, sandbox):
    order = next(o for o in sandbox.state.orders.rows() if o["status"] == "data_entry")
    erx = blend.eprescription_create(
        eprescription={"medications": [MEDICATION], "order": {"order_number": order["order_number"]}}
    )
    assert erx.id in blend.order_get(order_id=order["id"]).electronic_prescription_ids


def test_it_lists_quantity_units_once_then_from_cache(blend, sandbox):
    units = {u.code: u for u in blend.quantity_units()}
    assert units["C48480"].term == "Capsule" and units["C28254"].type_code == "C89510"
    blend.quantity_units()
    assert sandbox.faults.seen.count(("GET", "/prescriptions/quantity_units")) == 1


# --- composite ---------------------------------------------------------------------------------


def order_body():
    return {"products": {"prescription": [{"product_code": "HC-RAPA1", "quantity": 1}]}}


def test_it_creates_everything_in_one_request(blend, sandbox):
    prescriber = {"first_name": "Willard", "last_name": "Donnelly", "npi": "1999999984"}
    result = blend.composite_create(
        patient=NEW_PATIENT,
        prescriber=prescriber,
        electronic_prescription={"medications": [MEDICATION]},
        order=order_body(),
    )
    assert result.patient.created and result.prescriber.created and result.order.created
    assert result.summary.entities_created == 4 and result.summary.entities_referenced == 0
    order = blend.order_get(order_id=result.order.id)
    assert order.patient.id == result.patient.id
    assert result.electronic_prescription.id in order.electronic_prescription_ids
    assert order.products.prescription[0].has_prescription is True


def test_it_references_existing_entities(blend, sandbox):
    patient, prescriber = a_patient(sandbox), a_prescriber(sandbox)
    result = blend.composite_create(
        patient={"external_id": patient["external_id"]},
        prescriber={"npi": prescriber["npi"]},
        electronic_prescription={"medications": [MEDICATION]},
    )
    assert result.patient.id == patient["id"] and result.patient.created is False
    assert result.prescriber.id == prescriber["id"] and result.prescriber.created is False
    assert result.order is None
    assert result.summary.entities_created == 1 and result.summary.entities_referenced == 2


def test_it_creates_nothing_when_one_part_fails(blend, sandbox):
    patients, erxs = len(sandbox.state.patients), len(sandbox.state.eprescriptions)
    bad_order = {"products": {"prescription": [{"product_code": "NOPE", "quantity": 1}]}}
    with pytest.raises(BlendValidationError) as caught:
        blend.composite_create(
            patient=NEW_PATIENT, electronic_prescription={"medications": [MEDICATION]}, order=bad_order
        )
    assert "order.products.prescription[0].product_code" in caught.value.fields
    assert len(sandbox.state.patients) == patients and len(sandbox.state.eprescriptions) == erxs


def test_it_merges_the_composite_order_unless_forced(blend, sandbox):
    open_order = next(o for o in sandbox.state.orders.rows() if o["status"] == "received")
    patient = {"id": open_order["_patient_id"]}
    merged = blend.composite_create(patient=patient, order=order_body())
    assert merged.order.created is False
    forced = blend.composite_create(patient=patient, order=order_body(), force_new=True)
    assert forced.order.created is True and forced.order.id != merged.order.id


def test_it_reports_composite_field_errors_by_entity(blend):
    with pytest.raises(BlendValidationError) as caught:
        blend.composite_create(patient={"first_name": "No", "date_of_birth": "1990-01-01"})
    assert "patient.last_name" in caught.value.fields


def test_it_names_every_parts_field_errors_at_once_and_creates_nothing(blend, sandbox):
    patients, prescribers = len(sandbox.state.patients), len(sandbox.state.prescribers)
    bad_patient = {**NEW_PATIENT, "phone": "12"}
    bad_prescriber = {"first_name": "Willard", "npi": "1999999984"}
    bad_order = {"products": {"prescription": [{"product_code": "NOPE", "quantity": 0}]}}
    with pytest.raises(BlendValidationError) as caught:
        blend.composite_create(
            patient=bad_patient,
            prescriber=bad_prescriber,
            electronic_prescription={"medications": [{**MEDICATION, "refills": -1}]},
            order=bad_order,
        )
    fields = caught.value.fields
    assert "patient.phone" in fields and "prescriber.last_name" in fields
    assert "electronic_prescription.medications[0].refills" in fields
    assert "order.products.prescription[0].product_code" in fields
    assert len(sandbox.state.patients) == patients and len(sandbox.state.prescribers) == prescribers


# --- NCPDP SCRIPT XML ------------------------------------------------------------------------------


def test_it_creates_an_eprescription_from_ncpdp_script_xml(blend, sandbox):
    from tests.prescriptions.helpers import newrx

    patient, prescriber = a_patient(sandbox), a_prescriber(sandbox)
    erx = blend.eprescription_create_xml(xml=newrx(patient, prescriber))
    assert (
        erx.source == "api_xml" and erx.patient_id == patient["id"] and erx.prescriber_id == prescriber["id"]
    )
    (medication,) = erx.medications
    assert (medication.quantity, medication.units, medication.refills, medication.fills_remaining) == (
        30,
        "Gram",
        2,
        3,
    )
    assert medication.sig == "Apply nightly." and medication.substitution_allowed is False


def test_it_refuses_xml_that_is_not_well_formed_or_carries_a_dtd(blend):
    from tests.prescriptions.helpers import BOMB

    for document in (b"<Message><Body>", BOMB):
        with pytest.raises(BlendValidationError) as caught:
            blend.eprescription_create_xml(xml=document)
        assert caught.value.status_code == 400 and "not well-formed" in caught.value.message


def test_it_names_the_missing_newrx_fields_by_their_path(blend, sandbox):
    from tests.prescriptions.helpers import newrx

    document = newrx(
        {"last_name": "", "first_name": "A", "date_of_birth": "1990-01-01"}, {"npi": ""}, quantity=""
    )
    with pytest.raises(BlendValidationError) as caught:
        blend.eprescription_create_xml(xml=document)
    assert set(caught.value.fields) >= {
        "NewRx.Patient.HumanPatient.Name.LastName",
        "NewRx.Prescriber.NonVeterinarian.Identification.NPI",
        "NewRx.MedicationPrescribed[0].Quantity.Value",
    }
