"""The full SSN and driver-licence number never reach a page's HTML: every page that shows a patient,
whole or as a fragment, after a write and after a form error."""

from __future__ import annotations

import pytest

from tests.patients.helpers import adult, find_patient, form_for, with_secrets


@pytest.fixture
def patient(sandbox):
    """An adult with an SSN, a driver licence and orders."""
    with_orders = {o["_patient_id"] for o in sandbox.state.orders.rows()}
    return find_patient(sandbox, lambda r: with_secrets(r) and adult(r) and r["id"] in with_orders)


def _pages(client, sandbox, patient, htmx_headers):
    pid = patient["id"]
    order = next(o for o in sandbox.state.orders.rows() if o["_patient_id"] == pid)
    yield client.get("/patients/", {"q": patient["last_name"]})
    yield client.get("/patients/", {"q": patient["date_of_birth"]}, headers=htmx_headers)
    yield client.get(f"/patients/{pid}/")
    yield client.get(f"/patients/{pid}/", {"orders_page": 2}, headers=htmx_headers)
    yield client.get(f"/patients/{pid}/risk-factors/", headers=htmx_headers)
    yield client.get(f"/patients/{pid}/edit/")
    yield client.post(f"/patients/{pid}/edit/", form_for(patient, phone="12"))  # shown again with an error
    yield client.post(f"/patients/{pid}/edit/", form_for(patient, phone="12", ssn=patient["ssn"]))
    saved = client.post(f"/patients/{pid}/edit/", form_for(patient, city="Boston"))
    yield client.get(saved["Location"])
    yield client.get("/search/", {"q": patient["last_name"]})
    yield client.get(f"/orders/{order['id']}/")
    yield client.get(f"/orders/{order['id']}/edit/")


def test_no_page_holds_the_full_ssn_or_licence_number(clinic_client, sandbox, patient, htmx_headers):
    secrets = (patient["ssn"], patient["driver_license_number"])
    shown = 0
    for response in _pages(clinic_client, sandbox, patient, htmx_headers):
        assert response.status_code == 200, response.request["PATH_INFO"]
        html = response.content.decode()
        assert not [s for s in secrets if s in html], response.request["PATH_INFO"]
        shown += patient["last_name"] in html
    assert shown >= 8  # the pages did show the patient
