"""The sandbox enforces Blend's prescriber rules as /work/shared/blend-api/ records them: one
prescriber per NPI, licences per state (a new number for a state replaces the licence), and a
supervisor who holds a valid licence in at least one state (any state, as the docs say; BlendAdmin
itself asks for a licence in the relationship's state before sending)."""

from __future__ import annotations

from datetime import date, timedelta

from apps.sandbox.seed_people import luhn_npi

NEW_NPI = luhn_npi("199999999")
FAR = (date.today() + timedelta(days=900)).isoformat()
PAST = (date.today() - timedelta(days=1)).isoformat()


def _create(api, npi: str = NEW_NPI, **fields):
    body = {"first_name": "Ada", "last_name": "Quill", "npi": npi, **fields}
    return api.post("/prescribers", json=body)


def _seeded(sandbox) -> dict:
    return sorted(sandbox.state.prescribers.rows(), key=lambda r: r["npi"])[0]


# --- NPI duplicates ------------------------------------------------------------------------------


def test_a_known_npi_answers_the_prescriber_on_file_unchanged(api, sandbox):
    seeded = _seeded(sandbox)
    response = _create(api, seeded["npi"], email="other@example.com")
    assert response.status_code == 200
    assert (response.json()["id"], response.json()["email"]) == (seeded["id"], seeded["email"])
    assert len(sandbox.state.prescribers) == 40


def test_a_new_npi_creates_a_prescriber(api, sandbox):
    response = _create(api)
    assert response.status_code == 201
    assert _create(api).json()["id"] == response.json()["id"]
    assert len(sandbox.state.prescribers) == 41


def test_an_update_cannot_take_another_prescribers_npi(api, sandbox):
    first, second = sorted(sandbox.state.prescribers.rows(), key=lambda r: r["npi"])[:2]
    response = api.put(f"/prescribers/{first['id']}", json={"npi": second["npi"]})
    assert response.status_code == 422 and "npi" in response.json()["fields"]


# --- licences per state --------------------------------------------------------------------------


def test_a_licence_needs_a_state_code(api, sandbox):
    response = api.post(
        f"/prescribers/{_seeded(sandbox)['id']}/qualifications", json={"state": "Ohio", "license_number": "1"}
    )
    assert response.status_code == 422 and "state" in response.json()["fields"]


def test_a_licence_update_cannot_move_it_to_another_state(api, sandbox):
    seeded = _seeded(sandbox)
    licence = seeded["qualifications"][0]
    other = "WY" if licence["state"] != "WY" else "VT"
    response = api.put(
        f"/prescribers/{seeded['id']}/qualifications/{licence['id']}",
        json={"state": other, "license_number": licence["license_number"]},
    )
    assert response.status_code == 422 and "state" in response.json()["fields"]


def test_a_new_number_for_a_state_deactivates_the_previous_licence(api, sandbox):
    created = _create(
        api, qualifications=[{"state": "OH", "license_number": "OH-1", "expiration_date": FAR}]
    ).json()
    new = api.put(
        f"/prescribers/{created['id']}/qualifications/OH", json={"state": "OH", "license_number": "OH-2"}
    ).json()
    licences = {
        q["license_number"]: q for q in api.get(f"/prescribers/{created['id']}").json()["qualifications"]
    }
    assert (licences["OH-1"]["is_active"], licences["OH-2"]["is_active"], new["license_number"]) == (
        False,
        True,
        "OH-2",
    )


def test_deactivating_a_licence_keeps_it_on_file(api, sandbox):
    seeded = _seeded(sandbox)
    licence = seeded["qualifications"][0]
    response = api.delete(f"/prescribers/{seeded['id']}/qualifications/{licence['id']}")
    assert (response.status_code, response.json()["is_active"]) == (200, False)
    assert licence["id"] in {q["id"] for q in sandbox.state.prescribers.get(seeded["id"])["qualifications"]}


# --- supervisor licence --------------------------------------------------------------------------


def _supervise(api, supervisee_id: str, supervisor_id: str, state: str = "OH"):
    return api.post(
        f"/prescribers/{supervisee_id}/supervisors", json={"supervisor_id": supervisor_id, "state": state}
    )


def _supervisor(api, *licences) -> str:
    return _create(api, luhn_npi("188888888"), qualifications=list(licences)).json()["id"]


def test_a_supervisor_with_only_an_expired_licence_is_refused(api, sandbox):
    supervisor = _supervisor(api, {"state": "OH", "license_number": "X1", "expiration_date": PAST})
    response = _supervise(api, _seeded(sandbox)["id"], supervisor)
    assert response.status_code == 422 and "supervisor_id" in response.json()["fields"]


def test_a_supervisor_with_only_a_deactivated_licence_is_refused(api, sandbox):
    supervisor = _supervisor(api, {"state": "OH", "license_number": "X1", "expiration_date": FAR})
    licence = api.get(f"/prescribers/{supervisor}").json()["qualifications"][0]
    api.delete(f"/prescribers/{supervisor}/qualifications/{licence['id']}")
    response = _supervise(api, _seeded(sandbox)["id"], supervisor)
    assert response.status_code == 422 and "supervisor_id" in response.json()["fields"]


def test_a_supervisor_licensed_in_another_state_is_accepted_as_the_docs_say(api, sandbox):
    supervisor = _supervisor(api, {"state": "TX", "license_number": "T1", "expiration_date": FAR})
    response = _supervise(api, _seeded(sandbox)["id"], supervisor, state="OH")
    assert response.status_code == 201 and response.json()["state"] == "OH"


def test_a_prescriber_cannot_supervise_themselves(api, sandbox):
    seeded = _seeded(sandbox)
    assert _supervise(api, seeded["id"], seeded["id"]).status_code == 422


def test_a_relationship_is_kept_once_per_state(api, sandbox):
    supervisor = _supervisor(api, {"state": "OH", "license_number": "O1", "expiration_date": FAR})
    supervisee = _seeded(sandbox)["id"]
    first, again = _supervise(api, supervisee, supervisor), _supervise(api, supervisee, supervisor)
    assert (first.status_code, again.status_code, again.json()["id"]) == (201, 200, first.json()["id"])
    links = api.get(f"/prescribers/{supervisee}/supervisors").json()
    assert [link["state"] for link in links if link["prescriber"]["id"] == supervisor] == ["OH"]
