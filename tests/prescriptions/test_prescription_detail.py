"""The e-prescription page: medications, fills remaining, expiry, status; its patient, prescriber and
orders; linked from the order page."""

from __future__ import annotations

import pytest

from apps.audit.models import AuditEntry


def _linked(sandbox):
    """A seeded order that names an e-prescription Blend has, and that e-prescription."""
    for order in sorted(sandbox.state.orders.rows(), key=lambda o: o["order_number"]):
        for erx_id in order["electronic_prescription_ids"]:
            erx = sandbox.state.eprescriptions.get(erx_id)
            if erx and erx.get("patient_id") == order["_patient_id"]:
                return order, erx
    raise AssertionError("the seed has no order with an e-prescription")


def test_it_shows_the_prescription_with_its_patient_prescriber_and_orders(clinic_client, sandbox):
    order, erx = _linked(sandbox)
    html = clinic_client.get(f"/prescriptions/{erx['id']}/").content.decode()
    medication = erx["medications"][0]
    assert medication["name"] in html and f"<td>{medication['fills_remaining']}</td>" in html
    assert f'href="/patients/{erx["patient_id"]}/"' in html
    assert f'href="/prescribers/{erx["prescriber_id"]}/"' in html
    assert f'href="/orders/{order["id"]}/">{order["order_number"]}' in html


def test_the_order_page_links_its_eprescriptions_here(clinic_client, sandbox):
    order, erx = _linked(sandbox)
    html = clinic_client.get(f"/orders/{order['id']}/").content.decode()
    assert f'href="/prescriptions/{erx["id"]}/"' in html


def test_it_answers_htmx_with_the_medications_alone(clinic_client, sandbox, htmx_headers):
    _, erx = _linked(sandbox)
    html = clinic_client.get(f"/prescriptions/{erx['id']}/", headers=htmx_headers).content.decode()
    assert html.lstrip().startswith('<section class="card" id="medications"') and "<h1>" not in html


def test_viewing_it_is_audited(clinic_client, clinic_user, sandbox):
    _, erx = _linked(sandbox)
    clinic_client.get(f"/prescriptions/{erx['id']}/")
    assert AuditEntry.objects.get(action="eprescription.view").target_id == erx["id"]


@pytest.mark.parametrize(
    ("persona", "status"), [("support_client", 200), ("manager_client", 200), ("outsider_client", 403)]
)
def test_each_role_may_or_may_not_see_it(persona, status, request, sandbox):
    _, erx = _linked(sandbox)
    assert request.getfixturevalue(persona).get(f"/prescriptions/{erx['id']}/").status_code == status


def test_an_unknown_prescription_is_not_found(clinic_client):
    assert clinic_client.get("/prescriptions/00000000-0000-0000-0000-000000000000/").status_code == 404


@pytest.mark.parametrize("fault", ["timeout", 500])
def test_it_shows_blend_unavailable_when_blend_fails(fault, clinic_client, sandbox):
    _, erx = _linked(sandbox)
    sandbox.faults.add(fault, path="/prescriptions/electronic_prescriptions/", times=5)
    assert clinic_client.get(f"/prescriptions/{erx['id']}/").status_code == 503


def test_it_still_shows_when_the_patients_orders_cannot_be_read(clinic_client, sandbox):
    _, erx = _linked(sandbox)
    sandbox.faults.add(503, path=f"/patients/{erx['patient_id']}/orders", times=5)
    html = clinic_client.get(f"/prescriptions/{erx['id']}/").content.decode()
    assert "could not list the patient" in html
