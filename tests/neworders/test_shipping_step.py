"""The shipping step: the patient's address by default, or another one for this order; Blend's
shipping options; the order's own id."""

from __future__ import annotations

import pytest

from tests.neworders.helpers import NEW_PATIENT_STEP, seeded_patient, start, step_url
from tests.orders.helpers import writes

OTHER = {"ship_to": "other", "address_1": "9 Elm St", "city": "Salem", "state": "MA", "zip_code": "01970"}


@pytest.fixture
def draft(clinic_client, sandbox):
    draft = start(clinic_client, patient_id=seeded_patient(sandbox)["id"])
    return draft


def test_it_offers_the_patients_address_and_blends_shipping_options(clinic_client, draft, sandbox):
    patient = seeded_patient(sandbox)
    html = clinic_client.get(step_url(draft, "shipping")).content.decode()
    assert f"The patient&#x27;s address: {patient['address']['address_1']}" in html
    assert 'value="usps_ground_advantage"' in html and 'value="next_day"' in html


def test_a_new_patients_address_is_offered_too(clinic_client, sandbox):
    draft = start(clinic_client)
    clinic_client.post(step_url(draft, "patient"), NEW_PATIENT_STEP)
    assert (
        "The patient&#x27;s address: 1 Main St, Boston, MA 02108"
        in clinic_client.get(step_url(draft, "shipping")).content.decode()
    )


def test_it_answers_htmx_with_the_step_alone(clinic_client, draft, htmx_headers):
    html = clinic_client.get(step_url(draft, "shipping"), headers=htmx_headers).content.decode()
    assert html.lstrip().startswith('<div id="step">')


def test_another_address_goes_on_to_the_review(clinic_client, draft, sandbox):
    response = clinic_client.post(step_url(draft, "shipping"), {**OTHER, "service_level": "next_day"})
    assert response["Location"] == step_url(draft, "review") and writes(sandbox) == []


def test_another_address_must_be_whole(clinic_client, draft, sandbox):
    html = clinic_client.post(step_url(draft, "shipping"), {**OTHER, "city": ""}).content.decode()
    assert "Enter the whole address" in html[html.index('name="city"') :].split("</div>")[0]


def test_a_bad_zip_shows_at_the_field(clinic_client, draft, sandbox):
    html = clinic_client.post(step_url(draft, "shipping"), {**OTHER, "zip_code": "1970"}).content.decode()
    assert "5-digit ZIP code" in html[html.index('name="zip_code"') :].split("</div>")[0]
    assert writes(sandbox) == []


def test_a_patient_without_an_address_needs_one_here(clinic_client, sandbox):
    draft = start(clinic_client)
    no_address = {k: v for k, v in NEW_PATIENT_STEP.items() if "address" not in k and "city" not in k}
    no_address = {k: v for k, v in no_address.items() if k not in ("new-state", "new-zip_code")}
    clinic_client.post(step_url(draft, "patient"), no_address)
    html = clinic_client.post(step_url(draft, "shipping"), {"ship_to": "patient"}).content.decode()
    assert "The patient has no address on file" in html


@pytest.mark.parametrize("persona", ["support_client", "outsider_client"])
def test_roles_without_the_permission_are_refused(persona, request, draft):
    assert request.getfixturevalue(persona).get(step_url(draft, "shipping")).status_code == 403


@pytest.mark.parametrize("fault", ["timeout", 502, 404])
def test_the_step_stands_when_blends_shipping_options_fail(clinic_client, draft, sandbox, fault):
    """An inferred list: the step says so at the field and the order ships by the account default."""
    sandbox.faults.add(fault, path="/orders/shipping_options", times=10)
    response = clinic_client.get(step_url(draft, "shipping"))
    assert response.status_code == 200
    assert "shipping options cannot be read just now" in response.content.decode()


def test_a_level_chosen_before_is_kept_while_blends_options_cannot_be_read(clinic_client, draft, sandbox):
    chosen = {"ship_to": "patient", "service_level": "next_day"}
    assert clinic_client.post(step_url(draft, "shipping"), chosen).status_code == 302
    sandbox.faults.add("timeout", path="/orders/shipping_options", times=10)
    response = clinic_client.get(step_url(draft, "shipping"))
    assert response.status_code == 200
    assert response.context["form"].is_valid(), response.context["form"].errors
    assert response.context["form"].cleaned_data["service_level"] == "next_day"
    assert writes(sandbox) == []
