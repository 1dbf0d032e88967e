"""The patient step: pick a patient Blend knows (type-ahead) or add a new one by the patient rules."""

from __future__ import annotations

from datetime import date

import pytest

from apps.audit.models import AuditEntry
from tests.neworders.helpers import NEW_PATIENT_STEP, seeded_patient, start, step_url
from tests.orders.helpers import blend_calls, writes


@pytest.fixture
def draft(clinic_client):
    return start(clinic_client)


def test_it_shows_the_step_as_a_full_page(clinic_client, draft):
    html = clinic_client.get(step_url(draft, "patient")).content.decode()
    assert "<h1>New order</h1>" in html and 'aria-current="step">1. Patient' in html
    assert 'name="new-first_name"' in html and 'name="new-ssn"' not in html


def test_it_answers_htmx_with_the_step_alone(clinic_client, draft, htmx_headers):
    html = clinic_client.get(step_url(draft, "patient"), headers=htmx_headers).content.decode()
    assert html.lstrip().startswith('<div id="step">') and "<h1>" not in html


@pytest.mark.parametrize(
    ("persona", "status"), [("manager_client", 200), ("support_client", 403), ("outsider_client", 403)]
)
def test_each_role_may_or_may_not_open_it(persona, status, request, draft):
    # a draft belongs to its user: another clinic user or a manager gets a 404, not someone's draft
    response = request.getfixturevalue(persona).get(step_url(draft, "patient"))
    assert response.status_code == (404 if status == 200 else status)


def test_the_type_ahead_finds_patients_in_one_blend_request(clinic_client, draft, sandbox, htmx_headers):
    patient = seeded_patient(sandbox)
    sandbox.faults.seen.clear()
    url = f"/orders/new/{draft.id}/patients/?q={patient['last_name']}"
    html = clinic_client.get(url, headers=htmx_headers).content.decode()
    assert f'value="{patient["id"]}"' in html and patient["first_name"] in html
    assert [c for c in sandbox.faults.seen if not c[1].startswith("/auth")] == [("GET", "/search/patients")]
    assert AuditEntry.objects.filter(action="order_draft.patient_search").exists()


def test_the_type_ahead_waits_for_two_characters(clinic_client, draft, sandbox, htmx_headers):
    html = clinic_client.get(f"/orders/new/{draft.id}/patients/?q=a", headers=htmx_headers).content.decode()
    assert "at least 2 characters" in html and blend_calls(sandbox, "GET", "/search") == []


def test_choosing_a_patient_goes_on_to_the_prescriber(clinic_client, draft, sandbox):
    patient = seeded_patient(sandbox)
    response = clinic_client.post(
        step_url(draft, "patient"), {"mode": "existing", "patient_id": patient["id"]}
    )
    assert response["Location"] == step_url(draft, "prescriber")
    draft.refresh_from_db()
    assert draft.data["patient"]["patient_id"] == [patient["id"]]


def test_without_a_choice_it_says_so_at_the_field(clinic_client, draft, sandbox):
    html = clinic_client.post(step_url(draft, "patient"), {"mode": "existing"}).content.decode()
    assert "Search for the patient and choose them" in html[html.index('id="patient-hits"') :]
    assert writes(sandbox) == []


def test_a_patient_blend_no_longer_has_is_refused_at_the_field(clinic_client, draft, sandbox):
    response = clinic_client.post(
        step_url(draft, "patient"), {"mode": "existing", "patient_id": "00000000-0000-0000-0000-00000000dead"}
    )
    assert response.status_code == 200 and "Blend has no patient with this id" in response.content.decode()


def test_a_new_patient_goes_on_without_sending_anything(clinic_client, draft, sandbox):
    response = clinic_client.post(step_url(draft, "patient"), NEW_PATIENT_STEP)
    assert response["Location"] == step_url(draft, "prescriber")
    assert writes(sandbox) == []


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("new-first_name", "", "This field is required."),
        ("new-date_of_birth", "2999-01-01", "cannot be in the future"),
        ("new-phone", "641-738-344", "10 digits"),
        ("new-zip_code", "2108", "5-digit ZIP code"),
    ],
)
def test_a_new_patients_bad_input_shows_at_the_field(field, value, message, clinic_client, draft, sandbox):
    html = clinic_client.post(step_url(draft, "patient"), {**NEW_PATIENT_STEP, field: value}).content.decode()
    assert message in html[html.index(f'name="{field}"') :].split("</div>")[0]
    assert writes(sandbox) == []


def test_a_new_minor_needs_a_guardian(clinic_client, draft):
    born = date.today().replace(year=date.today().year - 9, day=1).isoformat()
    html = clinic_client.post(
        step_url(draft, "patient"), {**NEW_PATIENT_STEP, "new-date_of_birth": born}
    ).content.decode()
    assert "needs a guardian" in html[html.index('name="new-guardian_name"') :]


def test_clinic_staff_may_add_a_patient_here_and_a_manager_too(manager_client):
    manager_draft = start(manager_client)
    assert "A new patient" in manager_client.get(step_url(manager_draft, "patient")).content.decode()


def test_what_was_typed_is_kept_after_back_and_a_reload(clinic_client, draft):
    clinic_client.post(step_url(draft, "patient"), {**NEW_PATIENT_STEP, "new-phone": "12", "nav": "back"})
    html = clinic_client.get(step_url(draft, "patient")).content.decode()
    assert 'value="Zebulon"' in html and 'value="12"' in html
    assert "Enter a US phone number" not in html  # opened again: what was typed, no errors yet


@pytest.mark.parametrize("fault", ["timeout", 503, 404, 422])
def test_the_step_stands_when_blends_relationship_list_fails(clinic_client, draft, sandbox, fault):
    """An inferred list: the step says so at the field and a new patient can still be added."""
    sandbox.faults.add(fault, path="/patients/guardian_relationship_types", times=10)
    response = clinic_client.get(step_url(draft, "patient"))
    assert response.status_code == 200
    assert "guardian relationships cannot be read just now" in response.content.decode()
    response = clinic_client.post(step_url(draft, "patient"), NEW_PATIENT_STEP)
    assert response.status_code == 302 and response["Location"] == step_url(draft, "prescriber")


def test_blend_failing_to_read_the_chosen_patient_shows_blend_unavailable(clinic_client, draft, sandbox):
    patient = seeded_patient(sandbox)
    clinic_client.post(step_url(draft, "patient"), {"mode": "existing", "patient_id": patient["id"]})
    sandbox.faults.add(503, path=f"/patients/{patient['id']}", times=10)
    assert clinic_client.get(step_url(draft, "patient")).status_code == 503


def test_it_shows_blend_unavailable_when_the_search_times_out(clinic_client, draft, sandbox, htmx_headers):
    sandbox.faults.add("timeout", path="/search/patients", times=5)
    response = clinic_client.get(f"/orders/new/{draft.id}/patients/?q=smith", headers=htmx_headers)
    assert response.status_code == 503
