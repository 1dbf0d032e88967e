from __future__ import annotations

import pytest

from apps.audit.models import AuditEntry
from apps.patients.filters import blend_query
from tests.orders.helpers import blend_calls
from tests.patients.helpers import find_patient


def _searched(sandbox) -> list[str]:
    return [path for _, path in blend_calls(sandbox, "GET", "/search/patients")]


def test_it_lists_patients_with_blends_totals(clinic_client, sandbox):
    response = clinic_client.get("/patients/")
    assert response.status_code == 200
    assert response.context["page"].total_count == len(sandbox.state.patients)
    assert f"of {len(sandbox.state.patients)}" in response.text


def test_it_links_each_patient_to_their_page(clinic_client):
    response = clinic_client.get("/patients/")
    first = response.context["found"].patients[0]
    assert f'href="/patients/{first.id}/"' in response.text


def test_it_searches_patients(clinic_client, sandbox):
    patient = find_patient(sandbox)
    response = clinic_client.get("/patients/", {"q": patient["email"]})
    assert response.context["found"].patients[0].id == patient["id"]
    assert "best match first" in response.text


@pytest.mark.parametrize(
    "typed", ["{mm}/{dd}/{yyyy}", "{m}/{d}/{yyyy}", "{mm}-{dd}-{yyyy}", "{yyyy}-{mm}-{dd}", "{yyyy}{mm}{dd}"]
)
def test_it_finds_a_patient_by_date_of_birth_as_people_type_it(typed, clinic_client, sandbox):
    patient = find_patient(sandbox)
    yyyy, mm, dd = patient["date_of_birth"].split("-")
    q = typed.format(yyyy=yyyy, mm=mm, dd=dd, m=int(mm), d=int(dd))
    response = clinic_client.get("/patients/", {"q": q})
    assert patient["id"] in [p.id for p in response.context["found"].patients]
    assert f'value="{q}"' in response.text  # the box keeps what was typed


def test_it_finds_a_patient_by_a_phone_typed_with_punctuation(clinic_client, sandbox):
    patient = find_patient(sandbox, lambda r: bool(r.get("phone")))
    phone = patient["phone"]
    response = clinic_client.get("/patients/", {"q": f"({phone[:3]}) {phone[3:6]}-{phone[6:]}"})
    assert response.context["found"].patients[0].id == patient["id"]
    assert _searched(sandbox) == ["/search/patients"]


@pytest.mark.parametrize(
    ("typed", "sent"),
    [
        ("06/02/1984", "1984-06-02"),
        ("6-2-1984", "1984-06-02"),
        ("1984/6/2", "1984-06-02"),
        ("19840602", "19840602"),
        ("1984-06", "1984-06"),
        ("Smith 6/2/1984", "Smith 1984-06-02"),
        ("+1 (641) 738-3445", "6417383445"),
        ("641.738.3445", "6417383445"),
        ("738-3445", "738-3445"),
        ("Ann Smith", "Ann Smith"),
    ],
)
def test_it_sends_blend_a_query_in_a_form_it_accepts(typed, sent):
    assert blend_query(typed) == (sent, "")


def test_it_refuses_a_date_that_is_no_date_and_sends_nothing(clinic_client, sandbox):
    response = clinic_client.get("/patients/", {"q": "13/45/1984"})
    assert response.status_code == 200
    assert "13/45/1984 is not a date" in response.text
    assert _searched(sandbox) == [] and not blend_calls(sandbox, "GET", "/patients")


def test_it_says_when_a_query_is_too_short_and_lists_instead(clinic_client, sandbox):
    response = clinic_client.get("/patients/", {"q": "a"})
    assert "Type at least 2 characters" in response.text
    assert response.context["page"] is not None and _searched(sandbox) == []


def test_it_says_when_blend_may_have_more_matches_than_shown(clinic_client):
    response = clinic_client.get("/patients/", {"q": "com"})
    assert len(response.context["found"].patients) == 50
    assert "Showing the 50 best matches" in response.text


def test_it_answers_htmx_with_the_results_fragment(clinic_client, htmx_headers):
    response = clinic_client.get("/patients/", {"page": 2}, headers=htmx_headers)
    assert response.status_code == 200
    assert "<html" not in response.text
    assert "Patients 26–50" in response.text


def test_it_keeps_the_page_size_in_the_url_and_the_links(clinic_client):
    response = clinic_client.get("/patients/", {"page_size": 50, "page": 2})
    assert "Patients 51–100" in response.text
    assert "page_size=50&amp;page=3" in response.text or "page=3&amp;page_size=50" in response.text


@pytest.mark.parametrize("query", [{"page": "-3"}, {"page": "x"}, {"page": "9" * 5000}, {"page_size": "7"}])
def test_it_reads_a_bad_page_or_size_as_the_default(query, clinic_client):
    response = clinic_client.get("/patients/", query)
    assert response.status_code == 200
    assert (response.context["page"].page, response.context["page"].page_size) == (1, 25)


@pytest.mark.parametrize(("asked", "shown"), [("50", "50"), ("7", "25"), ("", "25")])
def test_the_filter_form_shows_what_the_list_applies(clinic_client, asked, shown):
    html = clinic_client.get("/patients/", {"page_size": asked, "q": "  smith  "}).text
    assert f'<option value="{shown}" selected>{shown}</option>' in html
    assert 'name="q" value="smith"' in html and 'aria-describedby="patient-q_helptext"' in html
    assert 'id="patient-q_helptext"' in html


def test_it_links_past_the_last_page_to_the_last(clinic_client):
    response = clinic_client.get("/patients/", {"page": 999})
    assert "There are no patients on page 999." in response.text and "Last page (" in response.text


@pytest.mark.parametrize("persona", ["clinic_client", "support_client", "manager_client"])
def test_every_role_may_list_and_add_patients(persona, request):
    response = request.getfixturevalue(persona).get("/patients/")
    assert response.status_code == 200 and "New patient" in response.text


def test_a_user_who_may_only_view_cannot_add(viewer_client):
    response = viewer_client.get("/patients/")
    assert response.status_code == 200 and "New patient" not in response.text


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
    assert not [p for _, p in sandbox.faults.seen if not p.startswith("/auth/")]


def test_it_audits_each_view_with_the_number_shown(clinic_client, clinic_user, htmx_headers):
    clinic_client.get("/patients/")
    clinic_client.get("/patients/", {"page": 2}, headers=htmx_headers)
    entries = list(AuditEntry.objects.order_by("id"))
    assert [(e.user, e.action, e.target_type, e.target_id, e.outcome) for e in entries] == [
        (clinic_user, "patient.list", "patient", "patient: 25", "ok")
    ] * 2


def test_it_audits_a_search_without_the_search_term(clinic_client, sandbox):
    patient = find_patient(sandbox)
    response = clinic_client.get("/patients/", {"q": patient["email"]})
    entry = AuditEntry.objects.get()
    assert entry.target_id == f"patient: {len(response.context['found'].patients)}"
    assert patient["email"] not in str(AuditEntry.objects.values().get())


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


def test_it_shows_blend_unavailable_on_timeout(clinic_client, sandbox):
    sandbox.faults.add("timeout", path="/patients", times=5)
    assert clinic_client.get("/patients/").status_code == 503


def test_it_shows_blend_unavailable_when_the_search_fails(clinic_client, sandbox):
    sandbox.faults.add(500, path="/search/patients", times=5)
    assert clinic_client.get("/patients/", {"q": "smith"}).status_code == 503


def test_it_says_why_when_blend_refuses_the_search(clinic_client, sandbox, htmx_headers):
    sandbox.faults.add(422, path="/search/patients")
    response = clinic_client.get("/patients/", {"q": "smith"}, headers=htmx_headers)
    assert response.status_code == 200
    assert "Blend cannot search for “smith”" in response.text


@pytest.mark.parametrize("odd_id", ["", "with/slash", ".."])
def test_one_odd_id_from_blend_does_not_take_the_list_down(odd_id, clinic_client, sandbox):
    newest = max(sandbox.state.patients.rows(), key=lambda r: (r["created_at"], r["id"]))
    sandbox.state.patients.edit(newest["id"])["id"] = odd_id
    response = clinic_client.get("/patients/")
    assert response.status_code == 200
    assert newest["last_name"] in response.text  # shown, just not linked
