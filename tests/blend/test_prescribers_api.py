"""Prescribers, credentials, licences and supervision, through the real client against the sandbox."""

from __future__ import annotations

from datetime import date

import pytest

from apps.blend.errors import BlendBadRequest, BlendNotFound, BlendValidationError
from apps.blend.models.prescribers import Prescriber
from apps.blend.pagination import iter_all

UNKNOWN_ID = "00000000-0000-4000-8000-000000000000"
NEW_NPI = "1999999992"


def new_prescriber(**changes) -> dict:
    prescriber = {
        "first_name": "Ottoline",
        "last_name": "Vexworth",
        "npi": NEW_NPI,
        "email": "o.vexworth@example.com",
        "phone": "6175550100",
        "gender": "Female",
        "credentials": [{"credential_code": "NP"}],
        "addresses": [{"address_1": "5 Clinic Way", "city": "Boston", "state": "MA", "zip_code": "02108"}],
        "qualifications": [{"state": "MA", "license_number": "NP-1001", "expiration_date": "2099-01-31"}],
    }
    prescriber.update(changes)
    return prescriber


def licensed_prescriber(sandbox) -> dict:
    """A seeded prescriber holding a current licence."""
    today = date.today().isoformat()
    return next(
        p
        for p in sandbox.state.prescribers.rows()
        if p["npi"] != NEW_NPI
        and any(q["is_active"] and (q["expiration_date"] or "9999") >= today for q in p["qualifications"])
    )


# --- prescribers -------------------------------------------------------------------------------


def test_it_lists_prescribers_by_name_a_page_at_a_time(blend, sandbox):
    page = blend.prescriber_list(page=1, page_size=15)
    assert (len(page.items), page.total_count) == (15, len(sandbox.state.prescribers))
    names = [(p.last_name.lower(), p.first_name.lower()) for p in page.items]
    assert names == sorted(names)


def test_it_walks_every_prescriber(blend, sandbox):
    ids = [p.id for p in iter_all(lambda n: blend.prescriber_list(page=n, page_size=15))]
    assert len(ids) == len(set(ids)) == len(sandbox.state.prescribers) == 40


def test_it_creates_a_prescriber(blend, sandbox):
    prescriber = blend.prescriber_create(prescriber=new_prescriber())
    assert isinstance(prescriber, Prescriber)
    assert prescriber.display_name == "Ottoline Vexworth, NP"
    assert prescriber.licensed_states == ["MA"]
    assert prescriber.addresses[0].id and prescriber.addresses[0].type == "practice"
    assert prescriber.id in sandbox.state.prescribers


def test_it_returns_the_existing_prescriber_for_a_known_npi(blend, sandbox):
    seeded = next(iter(sandbox.state.prescribers.rows()))
    again = blend.prescriber_create(prescriber=new_prescriber(npi=seeded["npi"]))
    assert (again.id, again.last_name) == (seeded["id"], seeded["last_name"])
    assert len(sandbox.state.prescribers) == 40


def test_it_requires_names_and_a_10_digit_npi(blend):
    with pytest.raises(BlendValidationError) as caught:
        blend.prescriber_create(prescriber={"npi": "12345"})
    assert {"first_name", "last_name", "npi"} <= set(caught.value.fields)


def test_it_refuses_an_unknown_credential_code(blend):
    with pytest.raises(BlendValidationError) as caught:
        blend.prescriber_create(prescriber=new_prescriber(credentials=[{"credential_code": "XYZ"}]))
    assert "credentials[0].credential_code" in caught.value.fields


def test_it_gets_a_prescriber(blend, sandbox):
    seeded = next(iter(sandbox.state.prescribers.rows()))
    prescriber = blend.prescriber_get(prescriber_id=seeded["id"])
    assert (prescriber.npi, len(prescriber.qualifications)) == (seeded["npi"], len(seeded["qualifications"]))
    assert prescriber.credentials[0].code == seeded["credentials"][0]["credential_code"]


def test_it_raises_not_found_for_an_unknown_prescriber(blend):
    with pytest.raises(BlendNotFound):
        blend.prescriber_get(prescriber_id=UNKNOWN_ID)


def test_it_updates_only_the_fields_sent(blend, sandbox):
    seeded = next(iter(sandbox.state.prescribers.rows()))
    updated = blend.prescriber_update(prescriber_id=seeded["id"], changes={"email": "new@example.com"})
    assert updated.email == "new@example.com"
    assert (updated.npi, updated.last_name) == (seeded["npi"], seeded["last_name"])


def test_it_refuses_licences_in_a_prescriber_update(blend, sandbox):
    seeded = next(iter(sandbox.state.prescribers.rows()))
    with pytest.raises(BlendValidationError) as caught:
        blend.prescriber_update(
            prescriber_id=seeded["id"], changes={"qualifications": [{"state": "OH", "license_number": "1"}]}
        )
    assert "qualifications" in caught.value.fields


def test_it_refuses_an_npi_another_prescriber_has(blend, sandbox):
    first, second = list(sandbox.state.prescribers.rows())[:2]
    with pytest.raises(BlendValidationError) as caught:
        blend.prescriber_update(prescriber_id=first["id"], changes={"npi": second["npi"]})
    assert "npi" in caught.value.fields


def test_it_lists_credentials_once(blend, sandbox):
    credentials = blend.prescriber_credentials()
    assert {"MD", "DO", "NP", "PA"} <= {c.code for c in credentials}
    assert all(c.name for c in credentials)
    blend.prescriber_credentials()
    assert sandbox.faults.seen.count(("GET", "/prescribers/credentials")) == 1


# --- licences ----------------------------------------------------------------------------------


def test_it_adds_a_licence(blend):
    prescriber = blend.prescriber_create(prescriber=new_prescriber(qualifications=[]))
    licence = blend.prescriber_qualification_create(
        prescriber_id=prescriber.id,
        qualification={"state": "oh", "license_number": "OH-77", "description": "Nurse Practitioner, Family"},
    )
    assert licence.id and (licence.state, licence.is_active) == ("OH", True)
    assert blend.prescriber_get(prescriber_id=prescriber.id).licensed_states == ["OH"]


def test_it_requires_a_state_and_number_for_a_licence(blend, sandbox):
    seeded = next(iter(sandbox.state.prescribers.rows()))
    with pytest.raises(BlendValidationError) as caught:
        blend.prescriber_qualification_create(prescriber_id=seeded["id"], qualification={"state": "Ohio"})
    assert {"state", "license_number"} <= set(caught.value.fields)


def test_it_replaces_a_licence_with_a_new_number_for_its_state(blend):
    prescriber = blend.prescriber_create(prescriber=new_prescriber())
    old = prescriber.qualifications[0]
    new = blend.prescriber_qualification_update(
        prescriber_id=prescriber.id,
        qualification_id="MA",
        qualification={"state": "MA", "license_number": "NP-2002"},
    )
    assert new.id != old.id and new.is_active and new.license_number == "NP-2002"
    licences = {q.id: q for q in blend.prescriber_get(prescriber_id=prescriber.id).qualifications}
    assert licences[old.id].is_active is False
    assert licences[new.id].expiration_date == old.expiration_date


def test_it_updates_a_licence_in_place_when_the_number_is_the_same(blend):
    prescriber = blend.prescriber_create(prescriber=new_prescriber())
    old = prescriber.qualifications[0]
    same = blend.prescriber_qualification_update(
        prescriber_id=prescriber.id,
        qualification_id=old.id,
        qualification={"state": "MA", "license_number": "NP-1001", "expiration_date": "2100-12-31"},
    )
    assert (same.id, same.expiration_date) == (old.id, "2100-12-31")
    assert len(blend.prescriber_get(prescriber_id=prescriber.id).qualifications) == 1


def test_it_raises_not_found_for_a_state_without_licence(blend):
    prescriber = blend.prescriber_create(prescriber=new_prescriber())
    with pytest.raises(BlendNotFound):
        blend.prescriber_qualification_update(
            prescriber_id=prescriber.id,
            qualification_id="TX",
            qualification={"state": "TX", "license_number": "1"},
        )


def test_it_deactivates_a_licence(blend):
    prescriber = blend.prescriber_create(prescriber=new_prescriber())
    licence = prescriber.qualifications[0]
    gone = blend.prescriber_qualification_deactivate(prescriber_id=prescriber.id, qualification_id=licence.id)
    assert gone.id == licence.id and gone.is_active is False
    assert blend.prescriber_get(prescriber_id=prescriber.id).licensed_states == []


# --- supervision -------------------------------------------------------------------------------


def test_it_lists_both_sides_of_a_seeded_supervision(blend, sandbox):
    link = next(iter(sandbox.state.supervisions.rows()))
    supervisors = blend.prescriber_supervisors(prescriber_id=link["supervisee_id"])
    assert (link["state"], link["supervisor_id"]) in {(s.state, s.prescriber.id) for s in supervisors}
    supervisees = blend.prescriber_supervisees(prescriber_id=link["supervisor_id"])
    assert (link["state"], link["supervisee_id"]) in {(s.state, s.prescriber.id) for s in supervisees}


def test_it_adds_and_removes_a_supervisor(blend, sandbox):
    supervisee = blend.prescriber_create(prescriber=new_prescriber())
    supervisor = licensed_prescriber(sandbox)
    link = blend.prescriber_supervisor_add(
        prescriber_id=supervisee.id, supervisor_id=supervisor["id"], state="ma"
    )
    assert (link.state, link.prescriber.id) == ("MA", supervisor["id"])
    assert supervisee.id in {
        s.prescriber.id for s in blend.prescriber_supervisees(prescriber_id=supervisor["id"])
    }
    blend.prescriber_supervisor_remove(
        prescriber_id=supervisee.id, supervisor_id=supervisor["id"], state="MA"
    )
    assert blend.prescriber_supervisors(prescriber_id=supervisee.id) == []


def test_it_needs_a_licensed_supervisor(blend):
    supervisee = blend.prescriber_create(prescriber=new_prescriber())
    unlicensed = blend.prescriber_create(prescriber=new_prescriber(npi="1888888883", qualifications=[]))
    with pytest.raises(BlendValidationError) as caught:
        blend.prescriber_supervisor_add(prescriber_id=supervisee.id, supervisor_id=unlicensed.id, state="MA")
    assert "supervisor_id" in caught.value.fields


def test_it_raises_not_found_for_an_unknown_supervisor(blend, sandbox):
    supervisee = next(iter(sandbox.state.prescribers.rows()))
    with pytest.raises(BlendNotFound):
        blend.prescriber_supervisor_add(prescriber_id=supervisee["id"], supervisor_id=UNKNOWN_ID, state="MA")


def test_it_needs_a_state_to_remove_a_supervisor(blend, sandbox):
    link = next(iter(sandbox.state.supervisions.rows()))
    with pytest.raises(BlendBadRequest):
        blend.prescriber_supervisor_remove(
            prescriber_id=link["supervisee_id"], supervisor_id=link["supervisor_id"], state=""
        )


def test_it_raises_not_found_when_removing_a_relationship_that_does_not_exist(blend, sandbox):
    link = next(iter(sandbox.state.supervisions.rows()))
    other_state = "WY" if link["state"] != "WY" else "VT"
    with pytest.raises(BlendNotFound):
        blend.prescriber_supervisor_remove(
            prescriber_id=link["supervisee_id"], supervisor_id=link["supervisor_id"], state=other_state
        )
