"""Patients and risk factors, through the real client against the sandbox."""

from __future__ import annotations

import math
from datetime import date

import pytest

from apps.blend.errors import BlendBadRequest, BlendNotFound, BlendValidationError
from apps.blend.models.orders import Order
from apps.blend.models.patients import Patient
from apps.blend.pagination import iter_all


def new_patient(**changes) -> dict:
    patient = {
        "first_name": "Zebulon",
        "last_name": "Quaxley",
        "date_of_birth": "1984-06-02",
        "gender": "male",
        "email": "zeb.quaxley@example.com",
        "phone": "6417383445",
        "ssn": "123456789",
        "driver_license_number": "B49188319",
        "driver_license_state": "ca",
        "external_id": "TEST_PATIENT_1",
        "address": {"address_1": "1 Main St", "city": "Boston", "state": "ma", "zip_code": "02108"},
    }
    patient.update(changes)
    return patient


def minor_birth_date() -> str:
    today = date.today()
    return today.replace(year=today.year - 10, day=min(today.day, 28)).isoformat()


def seeded_patient_with(sandbox, table: str, key: str = "patient_id") -> dict:
    owners = {row.get(key) for row in getattr(sandbox.state, table).rows()}
    return next(p for p in sandbox.state.patients.rows() if p["id"] in owners)


# --- patients ----------------------------------------------------------------------------------


def test_it_lists_patients_a_page_at_a_time(blend, sandbox):
    page = blend.patient_list(page=2, page_size=10)
    total = len(sandbox.state.patients)
    assert total >= 300
    assert len(page.items) == 10
    assert (page.page, page.page_size, page.total_count) == (2, 10, total)
    assert page.total_pages == math.ceil(total / 10)
    assert page.remaining_count == total - 20


def test_it_lists_newest_patients_first(blend):
    items = blend.patient_list(page_size=50).items
    stamps = [p.created_at for p in items]
    assert stamps == sorted(stamps, reverse=True)


def test_it_walks_every_patient_page_by_page(blend, sandbox):
    ids = [p.id for p in iter_all(lambda n: blend.patient_list(page=n, page_size=100))]
    assert len(ids) == len(set(ids)) == len(sandbox.state.patients)


def test_it_creates_a_patient(blend, sandbox):
    patient = blend.patient_create(patient=new_patient())
    assert isinstance(patient, Patient) and patient.id
    assert patient.full_name == "Zebulon Quaxley"
    assert patient.is_minor is False
    assert patient.address.state == "MA"
    assert patient.driver_license_state == "CA"
    assert sandbox.faults.seen[-1] == ("POST", "/patients")
    assert patient.id in sandbox.state.patients


def test_it_gets_a_patient_by_id(blend, sandbox):
    seeded = next(iter(sandbox.state.patients.rows()))
    assert blend.patient_get(patient_id=seeded["id"]).last_name == seeded["last_name"]


def test_a_patients_external_id_is_no_path_id(blend, sandbox):
    """Blend documents external ids in paths for orders only; the sandbox refuses one for a patient."""
    seeded = next(row for row in sandbox.state.patients.rows() if row.get("external_id"))
    with pytest.raises(BlendNotFound):
        blend.patient_get(patient_id=seeded["external_id"])


def test_it_raises_not_found_for_an_unknown_patient(blend):
    with pytest.raises(BlendNotFound):
        blend.patient_get(patient_id="00000000-0000-4000-8000-000000000000")


def test_it_requires_names_and_date_of_birth(blend):
    with pytest.raises(BlendValidationError) as caught:
        blend.patient_create(patient={"email": "someone@example.com"})
    assert caught.value.status_code == 422
    assert {"first_name", "last_name", "date_of_birth"} <= set(caught.value.fields)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("phone", "641-738-3445"),
        ("phone", "641738344"),
        ("gender", "other"),
        ("driver_license_state", "Cal"),
        ("email", "not-an-email"),
        ("date_of_birth", "02/06/1984"),
        ("guardian_relationship", "neighbour"),
    ],
)
def test_it_names_each_invalid_field(blend, field, value):
    with pytest.raises(BlendValidationError) as caught:
        blend.patient_create(patient=new_patient(**{field: value}))
    assert field in caught.value.fields


def test_it_checks_the_address_state(blend):
    with pytest.raises(BlendValidationError) as caught:
        blend.patient_create(patient=new_patient(address={"address_1": "1 Main St", "state": "Mass"}))
    assert "address.state" in caught.value.fields


def test_it_requires_a_guardian_for_a_minor(blend):
    with pytest.raises(BlendValidationError) as caught:
        blend.patient_create(patient=new_patient(date_of_birth=minor_birth_date()))
    assert "guardian_name" in caught.value.fields


def test_it_creates_a_minor_with_a_guardian(blend):
    patient = blend.patient_create(
        patient=new_patient(
            date_of_birth=minor_birth_date(), guardian_name="Ada Quaxley", guardian_relationship="parent"
        )
    )
    assert patient.is_minor is True
    assert patient.age == 10


def test_it_refuses_a_taken_external_id(blend, sandbox):
    taken = next(iter(sandbox.state.patients.rows()))["external_id"]
    with pytest.raises(BlendValidationError) as caught:
        blend.patient_create(patient=new_patient(external_id=taken))
    assert "external_id" in caught.value.fields


def test_it_updates_only_the_fields_sent(blend, sandbox):
    seeded = next(p for p in sandbox.state.patients.rows() if not p["is_minor"])
    updated = blend.patient_update(patient_id=seeded["id"], changes={"phone": "2125550123"})
    assert updated.phone == "2125550123"
    assert (updated.last_name, updated.email) == (seeded["last_name"], seeded["email"])
    assert sandbox.state.patients.get(seeded["id"])["phone"] == "2125550123"


def test_it_validates_an_update(blend, sandbox):
    seeded = next(iter(sandbox.state.patients.rows()))
    with pytest.raises(BlendValidationError) as caught:
        blend.patient_update(patient_id=seeded["id"], changes={"phone": "12345", "last_name": ""})
    assert {"phone", "last_name"} <= set(caught.value.fields)


def test_it_refuses_an_update_that_makes_a_minor_without_guardian(blend, sandbox):
    adult = next(p for p in sandbox.state.patients.rows() if not p["guardian_name"])
    with pytest.raises(BlendValidationError) as caught:
        blend.patient_update(patient_id=adult["id"], changes={"date_of_birth": minor_birth_date()})
    assert "guardian_name" in caught.value.fields


def test_it_raises_not_found_when_updating_an_unknown_patient(blend):
    with pytest.raises(BlendNotFound):
        blend.patient_update(patient_id="NO_SUCH_PATIENT", changes={"first_name": "X"})


def test_it_keeps_sensitive_values_out_of_errors_and_reprs(blend):
    with pytest.raises(BlendValidationError) as caught:
        blend.patient_create(patient=new_patient(ssn="98765432x", date_of_birth="1984-13-45"))
    assert "98765432x" not in str(caught.value) + str(caught.value.fields)
    assert "1984-13-45" not in str(caught.value) + str(caught.value.fields)
    patient = blend.patient_create(patient=new_patient())
    assert "123456789" not in repr(patient) and "1984-06-02" not in repr(patient)
    assert "B49188319" not in repr(patient)


def test_it_masks_the_ssn_and_driver_license(blend):
    patient = blend.patient_create(patient=new_patient())
    assert patient.ssn_masked == "•••-••-6789"
    assert patient.driver_license_masked.endswith("8319")
    assert "4918" not in patient.driver_license_masked
    assert Patient().ssn_masked == "" and Patient().driver_license_masked == ""


def test_it_lists_guardian_relationship_types_once(blend, sandbox):
    types = blend.guardian_relationship_types()
    assert {"parent", "legal_guardian", "other"} <= {t.code for t in types}
    assert blend.guardian_relationship_types() == types
    assert sandbox.faults.seen.count(("GET", "/patients/guardian_relationship_types")) == 1


def test_it_lists_a_patients_orders_newest_first(blend, sandbox):
    patient = seeded_patient_with(sandbox, "orders", key="_patient_id")
    page = blend.patient_orders(patient_id=patient["id"], page_size=200)
    expected = sum(1 for o in sandbox.state.orders.rows() if o["_patient_id"] == patient["id"])
    assert page.total_count == expected == len(page.items)
    assert all(isinstance(o, Order) and o.patient.id == patient["id"] for o in page.items)
    stamps = [o.created_at for o in page.items]
    assert stamps == sorted(stamps, reverse=True)


def test_it_pages_a_patients_orders(blend, sandbox):
    counts: dict[str, int] = {}
    for order in sandbox.state.orders.rows():
        counts[order["_patient_id"]] = counts.get(order["_patient_id"], 0) + 1
    patient_id, total = max(counts.items(), key=lambda item: item[1])
    page = blend.patient_orders(patient_id=patient_id, page=1, page_size=2)
    assert (len(page.items), page.total_count, page.has_next) == (2, total, total > 2)


def test_it_raises_not_found_for_an_unknown_patients_orders(blend):
    with pytest.raises(BlendNotFound):
        blend.patient_orders(patient_id="00000000-0000-4000-8000-000000000000")


# --- risk factors ------------------------------------------------------------------------------


def test_it_groups_a_patients_risk_factors(blend, sandbox):
    patient = seeded_patient_with(sandbox, "risk_factors")
    grouped = blend.patient_risk_factors(patient_id=patient["id"])
    expected = {r["id"] for r in sandbox.state.risk_factors.rows() if r["patient_id"] == patient["id"]}
    assert {rf.id for rf in grouped.all} == expected
    assert all(rf.type == "allergy" for rf in grouped.allergies)
    assert all(rf.type == "condition" for rf in grouped.conditions)
    assert all(rf.medication_detail is not None for rf in grouped.medications)


def test_it_filters_risk_factors_by_type(blend, sandbox):
    row = next(r for r in sandbox.state.risk_factors.rows() if r["type"] == "medication")
    only = blend.patient_risk_factors(patient_id=row["patient_id"], type="medication")
    assert row["id"] in {rf.id for rf in only.medications}
    assert only.allergies == [] and only.conditions == []


def test_it_refuses_an_unknown_risk_factor_type(blend, sandbox):
    patient = next(iter(sandbox.state.patients.rows()))
    with pytest.raises(BlendBadRequest):
        blend.patient_risk_factors(patient_id=patient["id"], type="surgery")


def test_it_creates_risk_factors_in_bulk(blend, sandbox):
    patient = blend.patient_create(patient=new_patient())
    created = blend.patient_risk_factors_create(
        patient_id=patient.id,
        risk_factors=[
            {"type": "allergy", "name": "Latex"},
            {"type": "condition", "name": "Asthma", "match_source": "autocomplete"},
            {
                "type": "medication",
                "name": "estradiol valerate 3 MG Oral Tablet",
                "ingredient_name": "estradiol",
                "scdg_rxcui": "1165185",
                "match_type": "product",
            },
        ],
    )
    assert [rf.name for rf in created.allergies] == ["Latex"]
    assert created.conditions[0].matched is True
    medication = created.medications[0]
    assert medication.medication_detail.ingredient_name == "estradiol"
    assert medication.medication_detail.scdg_rxcui == "1165185"
    assert len(blend.patient_risk_factors(patient_id=patient.id).all) == 3


def test_it_creates_a_single_risk_factor(blend):
    patient = blend.patient_create(patient=new_patient())
    rf = blend.patient_risk_factor_create(
        patient_id=patient.id, risk_factor={"type": "allergy", "name": "Penicillin", "confidence": 0.95}
    )
    assert (rf.type, rf.name, rf.patient_id, rf.is_active) == ("allergy", "Penicillin", patient.id, True)
    assert rf.confidence == 0.95


def test_it_requires_a_type_and_a_name_for_a_risk_factor(blend):
    patient = blend.patient_create(patient=new_patient())
    with pytest.raises(BlendValidationError) as caught:
        blend.patient_risk_factors_create(patient_id=patient.id, risk_factors=[{"type": "surgery"}])
    assert {"[0].type", "[0].name"} <= set(caught.value.fields)


def test_it_confirms_a_risk_factor_match(blend):
    patient = blend.patient_create(patient=new_patient())
    rf = blend.patient_risk_factor_create(
        patient_id=patient.id,
        risk_factor={"type": "condition", "name": "Migraine", "match_source": "text", "confidence": 0.7},
    )
    assert rf.matched is False and rf.needs_confirmation
    confirmed = blend.patient_risk_factor_confirm(patient_id=patient.id, risk_factor_id=rf.id)
    assert (confirmed.matched, confirmed.match_source, confirmed.confidence) == (True, "manual", 1.0)


def test_it_deactivates_a_risk_factor_but_keeps_it(blend, sandbox):
    row = next(iter(sandbox.state.risk_factors.rows()))
    gone = blend.patient_risk_factor_deactivate(patient_id=row["patient_id"], risk_factor_id=row["id"])
    assert gone.id == row["id"] and gone.is_active is False
    again = blend.patient_risk_factors(patient_id=row["patient_id"])
    assert row["id"] in {rf.id for rf in again.all} and row["id"] not in {rf.id for rf in again.active}


def test_it_raises_not_found_for_another_patients_risk_factor(blend, sandbox):
    row = next(iter(sandbox.state.risk_factors.rows()))
    other = next(p for p in sandbox.state.patients.rows() if p["id"] != row["patient_id"])
    with pytest.raises(BlendNotFound):
        blend.patient_risk_factor_confirm(patient_id=other["id"], risk_factor_id=row["id"])


def test_it_turns_free_text_into_text_matches(blend):
    patient = blend.patient_create(patient=new_patient())
    queued = blend.patient_risk_factor_text_add(
        patient_id=patient.id, text="Penicillin; asthma / Synthroid, frobnitis"
    )
    assert queued.status == "processing" and queued.id
    grouped = blend.patient_risk_factors(patient_id=patient.id)
    assert {rf.match_source for rf in grouped.all} == {"text"}
    assert {rf.risk_factor_text_id for rf in grouped.all} == {queued.id}
    assert [rf.name for rf in grouped.allergies] == ["Penicillin"]
    assert {rf.name for rf in grouped.conditions} == {"Asthma", "frobnitis"}
    assert grouped.medications[0].medication_detail.ingredient_name == "levothyroxine"
    unknown = next(rf for rf in grouped.conditions if rf.name == "frobnitis")
    assert unknown.matched is False and unknown.text_chunk == "frobnitis"


def test_it_processes_free_text_only_once(blend):
    patient = blend.patient_create(patient=new_patient())
    blend.patient_risk_factor_text_add(patient_id=patient.id, text="latex")
    blend.patient_risk_factors(patient_id=patient.id)
    assert len(blend.patient_risk_factors(patient_id=patient.id).all) == 1


def test_it_matches_free_text_sent_with_a_new_patient(blend):
    patient = blend.patient_create(patient=new_patient(risk_factors_text="allergic to codeine, diabetes"))
    grouped = blend.patient_risk_factors(patient_id=patient.id)
    assert [rf.name for rf in grouped.allergies] == ["Codeine"]
    assert [rf.name for rf in grouped.conditions] == ["Diabetes mellitus"]


def test_it_requires_text_for_free_text(blend):
    patient = blend.patient_create(patient=new_patient())
    with pytest.raises(BlendValidationError) as caught:
        blend.patient_risk_factor_text_add(patient_id=patient.id, text="  ")
    assert "text" in caught.value.fields


# --- the field rules Blend's docs state (patients-prescribers-search.md §2.1, §2.2, §7) ----------


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"date_of_birth": "2999-01-01"}, "date_of_birth"),
        ({"guardian_phone": "(641) 738-3445"}, "guardian_phone"),
        ({"guardian_email": "parent-at-example.com"}, "guardian_email"),
        ({"ssn": "123-45-6789"}, "ssn"),
        ({"primary_language": "English"}, "primary_language"),
        ({"height_inches": "72"}, "height_inches"),
        ({"is_smoker": "yes"}, "is_smoker"),
        ({"address": {"address_1": "1 Main St", "state": "MA", "zip_code": 2108}}, "address.zip_code"),
        ({"address": {"address_1": "1 Main St", "state": "MA", "zip_code": "0210"}}, "address.zip_code"),
    ],
)
def test_it_refuses_what_the_docs_rule_out(blend, changes, field):
    with pytest.raises(BlendValidationError) as caught:
        blend.patient_create(patient=new_patient(**changes))
    assert field in caught.value.fields


def test_it_keeps_a_zip_codes_leading_zero(blend, sandbox):
    patient = blend.patient_create(patient=new_patient())
    assert patient.address.zip_code == "02108"
    assert sandbox.state.patients.get(patient.id)["address"]["zip_code"] == "02108"


def test_it_refuses_removing_a_minors_guardian(blend, sandbox):
    minor = next(p for p in sandbox.state.patients.rows() if p["guardian_name"] and p["is_minor"])
    with pytest.raises(BlendValidationError) as caught:
        blend.patient_update(patient_id=minor["id"], changes={"guardian_name": ""})
    assert "guardian_name" in caught.value.fields
    assert sandbox.state.patients.get(minor["id"])["guardian_name"] == minor["guardian_name"]


def test_it_answers_guardian_relationships_with_code_and_name(blend):
    types = blend.guardian_relationship_types()
    assert all(t.code and t.name for t in types)
