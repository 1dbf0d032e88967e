from __future__ import annotations

from apps.audit.models import AuditEntry


def test_it_lists_patients_with_blends_totals(clinic_client, sandbox):
    response = clinic_client.get("/patients/")
    assert response.status_code == 200
    assert response.context["page"].total_count == len(sandbox.state.patients)
    assert f"of {len(sandbox.state.patients)}" in response.text


def test_it_searches_patients(clinic_client, sandbox):
    patient = next(iter(sandbox.state.patients.rows()))
    response = clinic_client.get("/patients/", {"q": patient["email"]})
    assert response.context["patients"][0].id == patient["id"]


def test_it_answers_htmx_with_the_results_fragment(clinic_client, htmx_headers):
    response = clinic_client.get("/patients/", {"page": 2}, headers=htmx_headers)
    assert response.status_code == 200
    assert "<html" not in response.text
    assert "Patients 26–50" in response.text


def test_it_ignores_a_bad_page_number_and_says_so(clinic_client):
    response = clinic_client.get("/patients/", {"page": "-3"})
    assert response.status_code == 200
    assert response.context["page"].page == 1
    assert "greater than or equal to 1" in response.text


def test_it_refuses_an_outsider_and_audits_the_refusal(outsider_client, outsider, sandbox):
    assert outsider_client.get("/patients/", {"q": "smith"}).status_code == 403
    entry = AuditEntry.objects.get()
    assert (entry.user, entry.action, entry.target_type, entry.target_id, entry.outcome) == (
        outsider,
        "access.denied",
        "route",
        "patients:list",
        "refused",
    )
    assert not [p for m, p in sandbox.faults.seen if not p.startswith("/auth/")]


def test_it_audits_each_view_with_the_number_shown(clinic_client, clinic_user, htmx_headers):
    clinic_client.get("/patients/")
    clinic_client.get("/patients/", {"page": 2}, headers=htmx_headers)
    entries = list(AuditEntry.objects.order_by("id"))
    assert [(e.user, e.action, e.target_type, e.target_id, e.outcome) for e in entries] == [
        (clinic_user, "patient.list", "patient", "patient: 25", "ok")
    ] * 2


def test_it_audits_a_search_without_the_search_term(clinic_client, sandbox):
    patient = next(iter(sandbox.state.patients.rows()))
    response = clinic_client.get("/patients/", {"q": patient["email"]})
    entry = AuditEntry.objects.get()
    assert entry.target_id == f"patient: {len(response.context['patients'])}"
    assert patient["email"] not in str(AuditEntry.objects.values().get())


def test_it_shows_blend_unavailable_on_timeout(clinic_client, sandbox):
    sandbox.faults.add("timeout", path="/patients")
    response = clinic_client.get("/patients/")
    assert response.status_code == 503


def test_it_says_why_when_blend_refuses_the_search(clinic_client, sandbox):
    sandbox.faults.add(422, path="/search/patients")
    response = clinic_client.get("/patients/", {"q": "smith"})
    assert response.status_code == 200
    assert "Sandbox fault 422." in response.text


def test_a_patient_whose_id_no_url_can_carry_is_listed_without_a_link(clinic_client, monkeypatch):
    from apps.blend.models.patients import Patient
    from apps.patients import selectors

    class FakeBlend:
        def search_patients(self, *, q, limit):
            return [Patient.model_validate({"id": "a/b", "first_name": "Ann", "last_name": "Slash"})]

    monkeypatch.setattr(selectors, "get_blend", FakeBlend)
    response = clinic_client.get("/patients/", {"q": "slash"})
    assert response.status_code == 200
    assert "Ann Slash" in response.text and 'href="/patients/a' not in response.text
