from __future__ import annotations

import re
from datetime import date

import pytest

from apps.audit.actor import Actor
from apps.core.writes import Refused
from apps.patients import services
from tests.orders.helpers import audit_rows, writes
from tests.patients.helpers import adult, find_patient, form_for, with_secrets


def _url(patient_id: str) -> str:
    return f"/patients/{patient_id}/edit/"


def test_it_shows_the_form_filled_from_the_patient(clinic_client, sandbox):
    patient = find_patient(sandbox, adult)
    response = clinic_client.get(_url(patient["id"]))
    assert response.status_code == 200
    html = response.text
    assert f'value="{patient["last_name"]}"' in html
    assert f'value="{patient["date_of_birth"]}"' in html
    assert f'<option value="{patient["address"]["state"]}" selected>' in html
    assert audit_rows("patient.view")[0].target_id == patient["id"]


def test_it_never_puts_the_ssn_or_licence_number_in_the_form(clinic_client, sandbox):
    patient = find_patient(sandbox, with_secrets)
    html = clinic_client.get(_url(patient["id"])).text
    assert patient["ssn"] not in html and patient["driver_license_number"] not in html
    assert f"•••-••-{patient['ssn'][-4:]}" in html  # what is stored, masked, beside the input


def test_it_sends_only_the_changed_fields(clinic_client, sandbox, blend, monkeypatch):
    patient = find_patient(sandbox, adult)
    sent = []
    update = blend.patient_update
    monkeypatch.setattr(blend, "patient_update", lambda **kw: sent.append(kw["changes"]) or update(**kw))
    response = clinic_client.post(_url(patient["id"]), form_for(patient, phone="(212) 555-0123"))
    assert response.status_code == 302
    assert sent == [{"phone": "2125550123"}]
    assert sandbox.state.patients.get(patient["id"])["phone"] == "2125550123"
    assert audit_rows("patient.update")[0].outcome == "ok"
    assert "were saved" in clinic_client.get(response["Location"]).text


def test_the_update_carries_only_what_changed(clinic_user, sandbox):
    from apps.blend.models.patients import Patient
    from apps.patients.forms import PatientForm

    row = find_patient(sandbox, adult)
    patient = Patient.model_validate(row)
    form = PatientForm(form_for(row, email="new@example.com", zip_code="02108"), patient=patient)
    assert form.is_valid(), form.errors
    changes = form.changes()
    assert changes == {
        "email": "new@example.com",
        "address": {
            **{k: row["address"][k] or "" for k in ("address_1", "address_2", "city", "state")},
            "zip_code": "02108",
            "country": "US",
        },
    }


def test_it_keeps_the_zip_codes_leading_zero(clinic_client, sandbox):
    patient = find_patient(sandbox, adult)
    clinic_client.post(_url(patient["id"]), form_for(patient, zip_code="02108", state="MA"))
    assert sandbox.state.patients.get(patient["id"])["address"]["zip_code"] == "02108"


def test_it_replaces_the_ssn_only_when_a_new_one_is_typed(clinic_client, sandbox):
    patient = find_patient(sandbox, with_secrets)
    clinic_client.post(_url(patient["id"]), form_for(patient, first_name="Renamed"))
    assert sandbox.state.patients.get(patient["id"])["ssn"] == patient["ssn"]
    clinic_client.post(_url(patient["id"]), form_for(patient, first_name="Renamed", ssn="987-65-4321"))
    assert sandbox.state.patients.get(patient["id"])["ssn"] == "987654321"


def test_it_sends_nothing_when_nothing_changed(clinic_client, sandbox):
    patient = find_patient(sandbox)
    response = clinic_client.post(_url(patient["id"]), form_for(patient))
    assert response.status_code == 302
    assert writes(sandbox) == []
    assert "Nothing was changed" in clinic_client.get(response["Location"]).text


def _tomorrow() -> str:
    return date.fromordinal(date.today().toordinal() + 1).isoformat()


def _minor_birth_date() -> str:
    today = date.today()
    return today.replace(year=today.year - 10, day=min(today.day, 28)).isoformat()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("first_name", "", "This field is required."),
        ("last_name", "", "This field is required."),
        ("date_of_birth", "", "This field is required."),
        ("date_of_birth", "not a date", "Enter a valid date."),
        ("date_of_birth", "TOMORROW", "cannot be in the future"),
        ("email", "not-an-email", "Enter a valid email address."),
        ("phone", "555-1234", "10 digits"),
        ("phone", "(555) 123-45678", "10 digits"),
        ("phone", "555 CALL NOW", "10 digits"),
        ("state", "ZZ", "Select a valid choice."),
        ("zip_code", "2108", "5-digit ZIP code"),
        ("zip_code", "ABCDE", "5-digit ZIP code"),
        ("city", "", "Enter the rest of the address"),
        ("ssn", "12-345", "9 digits"),
        ("primary_language", "e1", "ISO 639-1"),
        ("guardian_relationship", "neighbour", "Select a valid choice."),
        ("guardian_email", "nope", "Enter a valid email address."),
        ("height_inches", "-4", "greater than or equal to 1"),
        ("gender", "other", "Select a valid choice."),
    ],
)
def test_it_shows_bad_input_at_the_field_and_sends_nothing(field, value, message, clinic_client, sandbox):
    patient = find_patient(sandbox, adult)
    value = _tomorrow() if value == "TOMORROW" else value
    response = clinic_client.post(_url(patient["id"]), form_for(patient, **{field: value}))
    assert response.status_code == 200
    html = response.text
    assert message in html[html.index(f'name="{field}"') :].split("</div>")[0]
    assert writes(sandbox) == []


def test_a_minor_needs_a_guardian_and_a_relationship(clinic_client, sandbox):
    patient = find_patient(sandbox, lambda r: adult(r) and not r.get("guardian_name"))
    response = clinic_client.post(_url(patient["id"]), form_for(patient, date_of_birth=_minor_birth_date()))
    html = response.text
    assert "needs a guardian: enter the guardian" in html[html.index('name="guardian_name"') :]
    assert "choose how they are related" in html[html.index('name="guardian_relationship"') :]
    assert writes(sandbox) == []


def test_a_minor_with_a_guardian_is_saved(clinic_client, sandbox):
    patient = find_patient(sandbox, lambda r: adult(r) and not r.get("guardian_name"))
    form = form_for(
        patient,
        date_of_birth=_minor_birth_date(),
        guardian_name="Ada Parent",
        guardian_relationship="legal_guardian",
        guardian_phone="212 555 0100",
    )
    assert clinic_client.post(_url(patient["id"]), form).status_code == 302
    row = sandbox.state.patients.get(patient["id"])
    assert (row["guardian_name"], row["guardian_relationship"], row["guardian_phone"]) == (
        "Ada Parent",
        "legal_guardian",
        "2125550100",
    )


def test_the_relationships_are_blends(clinic_client, sandbox):
    html = clinic_client.get(_url(find_patient(sandbox)["id"])).text
    assert '<option value="foster_parent">Foster Parent</option>' in html


def test_it_shows_blends_refusal_at_the_field(clinic_client, sandbox):
    patient, other = [p for p in sorted(sandbox.state.patients.rows(), key=lambda r: r["id"]) if adult(p)][:2]
    response = clinic_client.post(_url(patient["id"]), form_for(patient, external_id=other["external_id"]))
    html = response.text
    assert "Another patient already has this external_id." in html[html.index('name="external_id"') :]
    assert audit_rows("patient.update")[0].outcome == "refused"


def test_it_puts_blends_address_errors_at_the_address_fields(sandbox):
    from apps.core.forms import apply_blend_errors
    from apps.patients.forms import PatientForm

    form = PatientForm(form_for(find_patient(sandbox, adult)))
    assert form.is_valid(), form.errors
    apply_blend_errors(form, {"address.zip_code": ["Not delivered there."]}, "Validation failed.")
    assert form.errors["zip_code"] == ["Not delivered there."]


def test_it_shows_a_refusal_for_a_field_the_form_lacks_at_the_top(clinic_client, sandbox):
    patient = find_patient(sandbox, adult)
    sandbox.faults.add(422, method="PUT")
    response = clinic_client.post(_url(patient["id"]), form_for(patient, city="Boston"))
    assert response.status_code == 200
    assert "sandbox: Injected validation failure." in response.text
    assert audit_rows("patient.update")[0].outcome == "refused"


def test_it_says_so_when_the_update_times_out(clinic_client, sandbox):
    patient = find_patient(sandbox, adult)
    sandbox.faults.add("timeout", method="PUT")
    response = clinic_client.post(_url(patient["id"]), form_for(patient, city="Boston"))
    assert "did not answer in time" in clinic_client.get(response["Location"]).text
    assert audit_rows("patient.update")[0].outcome == "failed"


def test_it_says_so_when_blend_fails(clinic_client, sandbox):
    patient = find_patient(sandbox, adult)
    sandbox.faults.add(500, method="PUT")
    response = clinic_client.post(_url(patient["id"]), form_for(patient, city="Boston"))
    assert response.status_code == 503
    assert audit_rows("patient.update")[0].outcome == "failed"


def test_it_answers_404_for_an_unknown_patient(clinic_client):
    assert clinic_client.get(_url("no-such-patient")).status_code == 404


def test_a_resent_form_changes_the_patient_once(clinic_client, sandbox):
    patient = find_patient(sandbox, adult)
    form = form_for(patient, city="Boston")
    clinic_client.post(_url(patient["id"]), form)
    second = clinic_client.post(_url(patient["id"]), {**form, "city": "Austin"})
    assert [m for m, _ in writes(sandbox)] == ["PUT"]
    assert "already sent once" in clinic_client.get(second["Location"]).text


def test_a_forged_token_sends_nothing(clinic_client, sandbox):
    patient = find_patient(sandbox, adult)
    response = clinic_client.post(_url(patient["id"]), form_for(patient, city="Boston", token="made-up"))
    assert response.status_code == 200 and "out of date" in response.text
    assert writes(sandbox) == []


def test_a_form_shown_before_blend_changed_the_patient_sends_nothing(clinic_client, sandbox):
    patient = find_patient(sandbox, adult)
    page = clinic_client.get(_url(patient["id"])).text
    seen = re.search(r'name="seen_updated_at" value="([^"]+)"', page).group(1)
    edited = sandbox.state.patients.edit(patient["id"])
    edited["updated_at"], edited["email"] = "2030-01-01T00:00:00Z", "changed.elsewhere@example.com"
    response = clinic_client.post(_url(patient["id"]), form_for(patient, city="Boston", seen_updated_at=seen))
    assert writes(sandbox) == []
    assert "was changed at Blend since this form was opened" in response.text
    assert 'value="changed.elsewhere@example.com"' in response.text
    (entry,) = audit_rows("patient.update")
    assert entry.outcome == "refused" and patient["last_name"] not in entry.error_message


@pytest.mark.parametrize("persona", ["clinic_client", "support_client", "manager_client"])
def test_every_role_may_edit(persona, request, sandbox):
    patient = find_patient(sandbox, adult)
    response = request.getfixturevalue(persona).post(_url(patient["id"]), form_for(patient, city="Boston"))
    assert response.status_code == 302
    assert sandbox.state.patients.get(patient["id"])["address"]["city"] == "Boston"


@pytest.mark.parametrize("persona", ["viewer_client", "outsider_client"])
def test_a_user_who_may_not_edit_is_refused(persona, request, sandbox):
    patient = find_patient(sandbox, adult)
    client = request.getfixturevalue(persona)
    assert client.get(_url(patient["id"])).status_code == 403
    assert client.post(_url(patient["id"]), form_for(patient, city="Boston")).status_code == 403
    assert writes(sandbox) == []


def test_the_service_refuses_an_actor_without_the_permission(outsider, sandbox):
    from django.core.exceptions import PermissionDenied

    patient = find_patient(sandbox, adult)
    with pytest.raises(PermissionDenied):
        services.patient_update(actor=Actor(user=outsider), patient_id=patient["id"], changes={"city": "X"})
    assert writes(sandbox) == [] and audit_rows("patient.update") == []  # the 403 handler writes the one row


def test_the_service_rechecks_the_version_before_sending(clinic_user, sandbox):
    patient = find_patient(sandbox, adult)
    with pytest.raises(Refused, match="was changed at Blend"):
        services.patient_update(
            actor=Actor(user=clinic_user),
            patient_id=patient["id"],
            changes={"email": "x@example.com"},
            seen_updated_at="2020-01-01T00:00:00+00:00",
        )
    assert writes(sandbox) == []


def test_the_audit_row_says_what_changed_before_and_after_but_never_the_ssn(clinic_client, sandbox):
    patient = find_patient(sandbox, with_secrets)
    old_city = patient["address"]["city"]
    clinic_client.post(_url(patient["id"]), form_for(patient, city="Springfield", ssn="987-65-4321"))
    (entry,) = audit_rows("patient.update")
    assert f"City: {old_city} → Springfield" in entry.error_message
    assert "SSN: changed" in entry.error_message
    assert "4321" not in entry.error_message and "987" not in entry.error_message
