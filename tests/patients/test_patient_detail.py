from __future__ import annotations

import re

import pytest

from apps.audit.models import AuditEntry
from tests.orders.helpers import audit_rows
from tests.patients.helpers import find_patient, patient_with_orders, with_secrets


def _url(patient_id: str) -> str:
    return f"/patients/{patient_id}/"


def test_it_shows_identity_contact_guardian_and_health(clinic_client, sandbox):
    patient = find_patient(sandbox, lambda r: bool(r.get("guardian_name") and r.get("phone")))
    html = clinic_client.get(_url(patient["id"])).text
    assert patient["last_name"] in html
    born = patient["date_of_birth"]
    assert f"{born[5:7]}/{born[8:10]}/{born[:4]}" in html  # MM/DD/YYYY
    phone = patient["phone"]
    assert f"({phone[:3]}) {phone[3:6]}-{phone[6:]}" in html
    assert patient["guardian_name"] in html
    assert "Minor" in html
    assert f"{patient['height_inches']} in)" in html and f"{patient['weight_pounds']} lb" in html
    assert "Text messages:" in html


def test_it_masks_the_ssn_and_driver_licence(clinic_client, sandbox):
    patient = find_patient(sandbox, with_secrets)
    html = clinic_client.get(_url(patient["id"])).text
    assert f"•••-••-{patient['ssn'][-4:]}" in html
    assert patient["driver_license_number"][-4:] in html
    assert patient["ssn"] not in html and patient["driver_license_number"] not in html


def test_it_writes_an_audit_row_for_every_view(clinic_client, clinic_user, sandbox):
    patient = find_patient(sandbox)
    clinic_client.get(_url(patient["id"]))
    entry = AuditEntry.objects.get(action="patient.view")
    assert (entry.user, entry.target_id, entry.outcome) == (clinic_user, patient["id"], "ok")


def test_it_links_every_order_with_its_status_a_page_at_a_time(clinic_client, sandbox):
    patient = patient_with_orders(sandbox, more_than=10)
    response = clinic_client.get(_url(patient["id"]))
    orders = response.context["orders"].page
    assert len(orders.items) == 10 and orders.total_count > 10
    html = response.text
    first = orders.items[0]
    assert f'href="/orders/{first.id}/"' in html
    assert f'data-status="{first.status}"' in html
    assert "?orders_page=2" in html


def test_it_shows_blends_status_names_on_the_badges(clinic_client, sandbox):
    patient = patient_with_orders(sandbox, more_than=0)
    theirs = [o for o in sandbox.state.orders.rows() if o["_patient_id"] == patient["id"]]
    newest = max(theirs, key=lambda o: (o["created_at"], o["id"]))
    sandbox.state.orders.edit(newest["id"])["status"] = "shipped"
    html = clinic_client.get(_url(patient["id"]), {"orders_page": 1}).text
    assert re.search(r'data-status="shipped">Shipping<', html)


def test_it_answers_htmx_with_another_page_of_orders(clinic_client, sandbox, htmx_headers):
    patient = patient_with_orders(sandbox, more_than=10)
    response = clinic_client.get(_url(patient["id"]), {"orders_page": 2}, headers=htmx_headers)
    assert response.status_code == 200
    assert "<html" not in response.text and 'id="patient-orders"' in response.text
    assert response.context["orders"].page.page == 2
    assert "Page 2 of" in response.text
    assert audit_rows("patient.view_orders")[0].target_id == patient["id"]


def test_it_opens_on_the_orders_page_in_the_url(clinic_client, sandbox):
    patient = patient_with_orders(sandbox, more_than=10)
    response = clinic_client.get(_url(patient["id"]), {"orders_page": 2})
    assert response.context["orders"].page.page == 2
    assert patient["last_name"] in response.text


@pytest.mark.parametrize("raw", ["0", "-1", "x", "9" * 5000])
def test_it_reads_a_bad_orders_page_as_the_first(raw, clinic_client, sandbox):
    patient = patient_with_orders(sandbox, more_than=0)
    response = clinic_client.get(_url(patient["id"]), {"orders_page": raw})
    assert response.context["orders"].page.page == 1


def test_it_links_past_the_last_page_of_orders_to_the_last(clinic_client, sandbox):
    patient = patient_with_orders(sandbox, more_than=10)
    html = clinic_client.get(_url(patient["id"]), {"orders_page": 99}).text
    assert "There are no orders on page 99." in html and "Last page (" in html


def test_it_answers_404_for_an_unknown_patient_and_audits_the_refusal(clinic_client):
    response = clinic_client.get(_url("00000000-0000-4000-8000-000000000000"))
    assert response.status_code == 404
    assert AuditEntry.objects.get(action="patient.view").outcome == "refused"


@pytest.mark.parametrize("persona", ["clinic_client", "support_client", "manager_client"])
def test_every_role_sees_the_record_and_may_edit_it(persona, request, sandbox):
    html = request.getfixturevalue(persona).get(_url(find_patient(sandbox)["id"])).text
    assert "Edit details" in html and "Send to Blend" in html


def test_a_user_who_may_only_view_sees_no_edit_button_or_risk_actions(viewer_client, sandbox):
    client = viewer_client
    patient, _ = _patient_with_unconfirmed(sandbox)
    html = client.get(_url(patient["id"])).text
    assert patient["last_name"] in html
    assert "Edit details" not in html and "Confirm match" not in html and "Deactivate" not in html
    assert 'name="token"' not in html


def test_it_refuses_a_user_without_the_permission(outsider_client, sandbox):
    response = outsider_client.get(_url(find_patient(sandbox)["id"]))
    assert response.status_code == 403
    assert list(AuditEntry.objects.values_list("action", "target_id", "outcome")) == [
        ("access.denied", "patients:detail", "refused")
    ]


def test_it_shows_blend_unavailable_when_blend_times_out(clinic_client, sandbox):
    sandbox.faults.add("timeout", path="/patients/", times=20)
    response = clinic_client.get(_url(find_patient(sandbox)["id"]))
    assert response.status_code == 503
    assert "taking too long" in response.text
    assert AuditEntry.objects.get(action="patient.view").outcome == "failed"


def test_it_shows_blend_unavailable_on_a_server_error(clinic_client, sandbox):
    sandbox.faults.add(500, path="/patients/", times=20)
    assert clinic_client.get(_url(find_patient(sandbox)["id"])).status_code == 503


def test_it_still_shows_the_record_when_risk_factors_fail(clinic_client, sandbox):
    sandbox.faults.add(500, path="/risk_factors", times=5)
    response = clinic_client.get(_url(find_patient(sandbox)["id"]))
    assert response.status_code == 200
    assert "did not send the risk factors" in response.text


def test_an_orders_page_that_fails_says_so_as_a_toast(clinic_client, sandbox, htmx_headers):
    patient = patient_with_orders(sandbox, more_than=10)
    sandbox.faults.add(503, path=f"/patients/{patient['id']}/orders", times=10)  # every retry
    response = clinic_client.get(_url(patient["id"]), {"orders_page": 2}, headers=htmx_headers)
    assert response.status_code == 503 and response.headers.get("X-BlendAdmin-Message")


def _patient_with_unconfirmed(sandbox):
    from tests.patients.helpers import patient_with_risk_factor

    return patient_with_risk_factor(sandbox, lambda r: r["is_active"] and not r["matched"])


@pytest.mark.parametrize("fault", ["timeout", 503, 404])
def test_the_patients_orders_failing_leave_the_record_with_a_note(clinic_client, sandbox, fault):
    patient = patient_with_orders(sandbox, more_than=1)
    sandbox.faults.add(fault, method="GET", path=f"/patients/{patient['id']}/orders", times=10)
    response = clinic_client.get(_url(patient["id"]))
    assert response.status_code == 200
    assert patient["last_name"] in response.text
    assert "orders is unavailable just now" in response.text
