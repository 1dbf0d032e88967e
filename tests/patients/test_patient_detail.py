from __future__ import annotations

from apps.audit.models import AuditEntry


def a_patient(sandbox, **wanted):
    return next(p for p in sandbox.state.patients.rows() if all(p.get(k) == v for k, v in wanted.items()))


def test_it_shows_the_patient_with_masked_ssn_and_licence(clinic_client, sandbox):
    rows = sandbox.state.patients.rows()
    patient = next(p for p in rows if p.get("ssn") and p.get("driver_license_number"))
    response = clinic_client.get(f"/patients/{patient['id']}/")
    assert response.status_code == 200
    assert patient["last_name"] in response.text
    assert patient["ssn"][-4:] in response.text
    assert patient["ssn"] not in response.text
    assert patient["driver_license_number"] not in response.text


def test_it_writes_an_audit_row_for_every_view(clinic_client, clinic_user, sandbox):
    patient = a_patient(sandbox)
    clinic_client.get(f"/patients/{patient['id']}/")
    entry = AuditEntry.objects.get(action="patient.view")
    assert (entry.user, entry.target_id, entry.outcome) == (clinic_user, patient["id"], "ok")


def test_it_lists_the_patients_orders(clinic_client, sandbox):
    order = next(o for o in sandbox.state.orders.rows() if o.get("_patient_id"))
    response = clinic_client.get(f"/patients/{order['_patient_id']}/")
    assert response.context["record"].orders.total_count >= 1


def test_it_answers_404_for_an_unknown_patient_and_audits_the_refusal(clinic_client):
    response = clinic_client.get("/patients/no-such-patient/")
    assert response.status_code == 404
    assert AuditEntry.objects.get(action="patient.view").outcome == "refused"


def test_it_refuses_a_user_without_the_permission(outsider_client, sandbox):
    response = outsider_client.get(f"/patients/{a_patient(sandbox)['id']}/")
    assert response.status_code == 403
    assert list(AuditEntry.objects.values_list("action", "target_id", "outcome")) == [
        ("access.denied", "patients:detail", "refused")
    ]


def test_it_shows_blend_unavailable_when_blend_times_out(clinic_client, sandbox):
    # The page's three reads start at once, and a one-shot fault would hit whichever arrived
    # first: all three time out.
    sandbox.faults.add("timeout", path="/patients/", times=3)
    response = clinic_client.get(f"/patients/{a_patient(sandbox)['id']}/")
    assert response.status_code == 503
    assert "taking too long" in response.text
    assert AuditEntry.objects.get(action="patient.view").outcome == "failed"


def test_it_shows_blend_unavailable_on_a_server_error(clinic_client, sandbox):
    sandbox.faults.add(500, path="/patients/", times=9)  # three reads, each tried three times
    response = clinic_client.get(f"/patients/{a_patient(sandbox)['id']}/")
    assert response.status_code == 503


def test_it_still_shows_the_record_when_risk_factors_fail(clinic_client, sandbox):
    patient = a_patient(sandbox)
    sandbox.faults.add(500, path="/risk_factors", times=3)
    response = clinic_client.get(f"/patients/{patient['id']}/")
    assert response.status_code == 200
    assert "did not send the risk factors" in response.text


def test_it_answers_an_htmx_request_with_the_full_record(clinic_client, sandbox, htmx_headers):
    patient = a_patient(sandbox)
    response = clinic_client.get(f"/patients/{patient['id']}/", headers=htmx_headers)
    assert response.status_code == 200
    assert patient["last_name"] in response.text
