"""Names as people type them: as the app shows them ("Mary Ryan Anthony, MD") and as "Last, First",
in the header search (the search page) and in each list's search (issue 20, item 1)."""

from __future__ import annotations

import pytest

from apps.blend.errors import BlendServerError
from apps.blend.models.patients import Patient
from apps.blend.models.prescribers import Prescriber
from apps.core.search import NameQuery, name_query, search_by_name


def _patients(sandbox) -> list[Patient]:
    return [Patient.model_validate(row) for row in sandbox.state.patients.rows()]


def _prescribers(sandbox) -> list[Prescriber]:
    return [Prescriber.model_validate(row) for row in sandbox.state.prescribers.rows()]


def _as_people_type_it(person: Patient | Prescriber) -> list[str]:
    shown = person.display_name if isinstance(person, Prescriber) else person.full_name
    return [shown, person.full_name, f"{person.last_name}, {person.first_name}"]


# --- how a name is read ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "sent"),
    [
        ("Anthony, Mary", NameQuery("Mary Anthony")),
        ("Noble,Daniel", NameQuery("Daniel Noble")),
        ("Anthony, Mary Ryan", NameQuery("Mary Ryan Anthony", "Mary Anthony")),
        ("Mary Ryan Anthony, MD", NameQuery("Mary Ryan Anthony", "Mary Anthony")),
        ("Mary Anthony, M.D., PhD", NameQuery("Mary Anthony")),
        ("O'Neil, Mary-Kate", NameQuery("Mary-Kate O'Neil")),
        ("Lee, Do", NameQuery("Do Lee")),
    ],
)
def test_it_reads_a_name_as_people_write_it(typed, sent):
    assert name_query(typed) == sent


@pytest.mark.parametrize(
    "typed", ["ORD2503120035", "ann@example.com", "(555) 123-4567", "06/02/1984", '"Ann Lee"']
)
def test_it_leaves_what_is_not_a_name_as_typed(typed):
    assert name_query(typed) == NameQuery(typed)


def test_a_long_name_that_finds_nothing_is_asked_as_its_first_and_last_words():
    answers = {"Mary Ryan Anthony": [], "Mary Anthony": ["Mary Anthony"]}
    assert search_by_name(lambda q: answers[q], "Mary Ryan Anthony").items == ["Mary Anthony"]


def test_a_long_name_that_finds_someone_is_not_widened():
    answers = {
        "Mary Ryan Anthony": ["Mary Ryan Anthony"],
        "Mary Anthony": ["Mary Anthony", "Mary Anthony Lee"],
    }
    assert search_by_name(lambda q: answers[q], "Mary Ryan Anthony").items == ["Mary Ryan Anthony"]


def test_the_short_ask_failing_does_not_matter_when_the_whole_name_found_someone():
    def search(q):
        if q == "Mary Anthony":
            raise BlendServerError(status_code=503)
        return ["Mary Ryan Anthony"]

    assert search_by_name(search, "Mary Ryan Anthony").items == ["Mary Ryan Anthony"]


# --- the examples, through the pages ------------------------------------------------------


def _a_prescriber_with_a_middle_name(sandbox) -> Prescriber:
    return next(p for p in _prescribers(sandbox) if p.middle_name and p.credentials)


def test_the_header_search_finds_a_prescriber_by_the_name_the_app_shows(manager_client, sandbox):
    prescriber = _a_prescriber_with_a_middle_name(sandbox)
    response = manager_client.get("/search/", {"q": prescriber.display_name})
    assert f"/prescribers/{prescriber.id}/" in response.text


def test_the_header_search_finds_a_prescriber_as_last_first(manager_client, sandbox):
    prescriber = _a_prescriber_with_a_middle_name(sandbox)
    response = manager_client.get("/search/", {"q": f"{prescriber.last_name}, {prescriber.first_name}"})
    assert f"/prescribers/{prescriber.id}/" in response.text


def test_the_header_search_finds_a_patient_as_last_first(clinic_client, sandbox):
    patient = _patients(sandbox)[0]
    response = clinic_client.get("/search/", {"q": f"{patient.last_name}, {patient.first_name}"})
    assert f"/patients/{patient.id}/" in response.text


def test_the_prescriber_list_finds_a_prescriber_by_the_name_the_app_shows(
    clinic_client, sandbox, htmx_headers
):
    prescriber = _a_prescriber_with_a_middle_name(sandbox)
    response = clinic_client.get("/prescribers/", {"q": prescriber.display_name}, headers=htmx_headers)
    assert f"/prescribers/{prescriber.id}/" in response.text


def test_the_order_list_finds_a_patients_orders_as_last_first(support_client, sandbox, htmx_headers):
    order = next(iter(sandbox.state.orders.rows()))
    patient = sandbox.state.patients.get(order["_patient_id"])
    q = f"{patient['last_name']}, {patient['first_name']}"
    response = support_client.get("/orders/", {"q": q}, headers=htmx_headers)
    assert patient["last_name"] in response.text
    assert response.context["rows"]


# --- every demo person (slow: about 2,000 searches) -----------------------------------------------


def _missed(client, url: str, people, link: str, headers=None) -> list[str]:
    missed = []
    for person in people:
        for q in _as_people_type_it(person):
            response = client.get(url, {"q": q}, headers=headers or {})
            if link.format(id=person.id) not in response.text:
                missed.append(q)
    return missed


@pytest.mark.slow
def test_the_header_search_finds_every_demo_person_as_shown_and_as_last_first(manager_client, sandbox):
    assert _missed(manager_client, "/search/", _patients(sandbox), "/patients/{id}/") == []
    assert _missed(manager_client, "/search/", _prescribers(sandbox), "/prescribers/{id}/") == []


@pytest.mark.slow
def test_the_patient_list_finds_every_demo_patient_as_shown_and_as_last_first(
    clinic_client, sandbox, htmx_headers
):
    assert _missed(clinic_client, "/patients/", _patients(sandbox), "/patients/{id}/", htmx_headers) == []


def test_the_prescriber_list_finds_every_demo_prescriber_as_shown_and_as_last_first(
    clinic_client, sandbox, htmx_headers
):
    missed = _missed(
        clinic_client, "/prescribers/", _prescribers(sandbox), "/prescribers/{id}/", htmx_headers
    )
    assert missed == []


@pytest.mark.slow
def test_the_order_list_finds_every_demo_patients_orders_as_shown_and_as_last_first(
    support_client, sandbox, htmx_headers
):
    with_orders = {row["_patient_id"] for row in sandbox.state.orders.rows()}
    missed = []
    for patient in _patients(sandbox):
        if patient.id not in with_orders:
            continue
        for q in _as_people_type_it(patient):
            rows = support_client.get("/orders/", {"q": q}, headers=htmx_headers).context["rows"]
            if not any(row.order.patient and row.order.patient.id == patient.id for row in rows):
                missed.append(q)
    assert missed == []
