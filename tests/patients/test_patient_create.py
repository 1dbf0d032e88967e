from __future__ import annotations

from datetime import date

import pytest

from tests.orders.helpers import audit_rows, writes
from tests.patients.helpers import new_patient_form

URL = "/patients/new/"


def _created(sandbox):
    return next(p for p in sandbox.state.patients.rows() if p["last_name"] == "Quaxley")


def test_it_shows_an_empty_form_with_blends_lists(clinic_client):
    response = clinic_client.get(URL)
    assert response.status_code == 200
    assert '<option value="legal_guardian">Legal Guardian</option>' in response.text
    assert '<option value="MA">MA · Massachusetts</option>' in response.text


def test_it_adds_the_patient_and_opens_their_page(clinic_client, sandbox):
    response = clinic_client.post(URL, new_patient_form())
    row = _created(sandbox)
    assert response.status_code == 302 and response["Location"] == f"/patients/{row['id']}/"
    assert (row["phone"], row["ssn"], row["date_of_birth"]) == ("6417383445", "123456789", "1984-06-02")
    assert row["address"]["zip_code"] == "02108"  # the leading zero kept
    assert (row["height_inches"], row["receive_sms"], row["is_smoker"]) == (72, True, False)
    page = clinic_client.get(response["Location"]).text
    assert "Patient Zebulon Quaxley was added to Blend." in page
    assert "123456789" not in page and "B49188319" not in page


def test_it_audits_the_creation_with_the_new_id(clinic_client, clinic_user, sandbox):
    clinic_client.post(URL, new_patient_form())
    (entry,) = audit_rows("patient.create")
    assert (entry.user, entry.target_id, entry.outcome) == (clinic_user, _created(sandbox)["id"], "ok")


def test_it_adds_a_minor_with_a_guardian(clinic_client, sandbox):
    today = date.today()
    born = today.replace(year=today.year - 9, day=min(today.day, 28)).isoformat()
    form = new_patient_form(date_of_birth=born, guardian_name="Ada Quaxley", guardian_relationship="parent")
    assert clinic_client.post(URL, form).status_code == 302
    assert _created(sandbox)["guardian_relationship"] == "parent"


def test_a_minor_without_a_guardian_is_refused_at_the_field(clinic_client, sandbox):
    today = date.today()
    born = today.replace(year=today.year - 9, day=min(today.day, 28)).isoformat()
    html = clinic_client.post(URL, new_patient_form(date_of_birth=born)).text
    assert "needs a guardian" in html[html.index('name="guardian_name"') :]
    assert writes(sandbox) == []


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("first_name", None, "This field is required."),
        ("date_of_birth", "2999-01-01", "cannot be in the future"),
        ("phone", "641-738-344", "10 digits"),
        ("zip_code", "2108", "5-digit ZIP code"),
        ("state", "Massachusetts", "Select a valid choice."),
    ],
)
def test_it_shows_bad_input_at_the_field_and_sends_nothing(field, value, message, clinic_client, sandbox):
    html = clinic_client.post(URL, new_patient_form(**{field: value})).text
    assert message in html[html.index(f'name="{field}"') :].split("</div>")[0]
    assert writes(sandbox) == []


def test_a_form_shown_again_never_holds_the_typed_ssn_or_licence(clinic_client, sandbox):
    html = clinic_client.post(URL, new_patient_form(phone="12")).text
    assert "123-45-6789" not in html and "B49188319" not in html
    assert 'value="Zebulon"' in html  # the other fields are kept


def test_it_shows_blends_refusal_at_the_field(clinic_client, sandbox):
    taken = next(iter(sandbox.state.patients.rows()))["external_id"]
    html = clinic_client.post(URL, new_patient_form(external_id=taken)).text
    assert "Another patient already has this external_id." in html[html.index('name="external_id"') :]
    assert audit_rows("patient.create")[0].outcome == "refused"


def test_a_resent_form_adds_the_patient_once(clinic_client, sandbox):
    form = new_patient_form()
    clinic_client.post(URL, form)
    second = clinic_client.post(URL, form)
    assert [m for m, _ in writes(sandbox)] == ["POST"]
    assert second.status_code == 200 and "already sent once" in second.text


def test_it_says_so_when_the_create_times_out(clinic_client, sandbox):
    sandbox.faults.add("timeout", method="POST", path="/patients")
    response = clinic_client.post(URL, new_patient_form())
    assert response.status_code == 200
    assert "not known whether Zebulon Quaxley was added" in response.text
    assert audit_rows("patient.create")[0].outcome == "failed"


def test_it_shows_blend_unavailable_when_blend_fails(clinic_client, sandbox):
    sandbox.faults.add(503, method="POST", path="/patients")
    assert clinic_client.post(URL, new_patient_form()).status_code == 503


def test_the_form_stands_when_the_relationships_cannot_be_read(clinic_client, sandbox):
    # GET /patients/guardian_relationship_types is an inferred endpoint: its failure gives way to a note
    sandbox.faults.add(500, path="/patients/guardian_relationship_types", times=60)
    response = clinic_client.get(URL)
    assert response.status_code == 200
    assert "Blend's list of relationships could not be read just now" in response.text
    assert 'name="first_name"' in response.text


@pytest.mark.parametrize("persona", ["clinic_client", "support_client", "manager_client"])
def test_every_role_may_add_a_patient(persona, request, sandbox):
    assert request.getfixturevalue(persona).post(URL, new_patient_form()).status_code == 302


@pytest.mark.parametrize("persona", ["viewer_client", "outsider_client"])
def test_a_user_who_may_not_edit_is_refused(persona, request, sandbox):
    client = request.getfixturevalue(persona)
    assert client.get(URL).status_code == 403
    assert client.post(URL, new_patient_form()).status_code == 403
    assert writes(sandbox) == []
