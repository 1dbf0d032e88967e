from __future__ import annotations

import pytest

from apps.audit.actor import Actor
from apps.blend.runtime import get_blend
from apps.core.writes import Refused
from apps.prescribers import services
from tests.orders.helpers import audit_rows, writes
from tests.prescribers.helpers import BAD_CHECK_DIGIT, NEW_NPI, a_prescriber, prescriber_form

URL = "/prescribers/new/"


def _field_html(html: str, name: str) -> str:
    """The rendered field `name` with its messages (its `.field` block)."""
    start = html.index(f'name="{name}"')
    return html[start : html.index("</div>", start)]


def test_it_shows_the_form_with_blends_credentials(manager_client):
    response = manager_client.get(URL)
    assert response.status_code == 200
    assert "Doctor of Osteopathic Medicine" in response.text
    assert 'name="npi"' in response.text and 'name="token"' in response.text


def test_it_creates_a_prescriber_and_opens_their_page(manager_client, manager_user, sandbox):
    response = manager_client.post(URL, prescriber_form())
    created = next(r for r in sandbox.state.prescribers.rows() if r["npi"] == NEW_NPI)
    assert response.status_code == 302 and response["Location"] == f"/prescribers/{created['id']}/"
    assert (created["phone"], created["credentials"][0]["credential_code"]) == ("6175550100", "NP")
    assert created["addresses"][0]["zip_code"] == "02108"
    assert (
        "Prescriber Ottoline Vexworth, NP created at Blend." in manager_client.get(response["Location"]).text
    )
    entry = audit_rows("prescriber.create")[0]
    assert (entry.user, entry.target_id, entry.outcome) == (manager_user, created["id"], "ok")


def test_a_known_npi_opens_the_prescriber_already_on_file(manager_client, sandbox):
    known = a_prescriber(sandbox)
    response = manager_client.post(URL, prescriber_form(npi=known["npi"], last_name="Someone-Else"))
    assert response["Location"] == f"/prescribers/{known['id']}/"
    page = manager_client.get(response["Location"]).text
    assert f"A prescriber with NPI {known['npi']} is already on file" in page
    assert "Nothing new was created" in page
    assert len(sandbox.state.prescribers) == 40
    assert sandbox.state.prescribers.get(known["id"])["last_name"] == known["last_name"]
    assert audit_rows("prescriber.create")[0].target_id == known["id"]


def test_a_known_npi_is_found_before_anything_is_sent(manager_client, sandbox):
    """Blend's docs say a known NPI gets the prescriber back, not which status says so: the NPI is
    searched first, so no create is sent at all (issue 20, item 22)."""
    known = a_prescriber(sandbox)
    manager_client.post(URL, prescriber_form(npi=known["npi"]))
    assert writes(sandbox) == []


def test_an_npi_blend_had_before_the_create_reads_as_already_on_file(manager_client, sandbox, monkeypatch):
    """A prescriber of another account is not found by this account's search; Blend links it and
    answers the record it made long ago: on file, not created."""
    known = a_prescriber(sandbox)
    monkeypatch.setattr(type(get_blend()), "search_prescribers", lambda self, *, q, limit=50: [])
    response = manager_client.post(URL, prescriber_form(npi=known["npi"]), follow=True)
    assert f"A prescriber with NPI {known['npi']} is already on file" in response.text
    assert len(sandbox.state.prescribers) == 40


def test_a_wrong_check_digit_is_refused_at_the_field_and_nothing_is_sent(manager_client, sandbox):
    response = manager_client.post(URL, prescriber_form(npi=BAD_CHECK_DIGIT))
    assert response.status_code == 200
    assert "its last digit does not match" in _field_html(response.text, "npi")
    assert writes(sandbox) == []


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("npi", "12345", "Enter the 10-digit NPI."),
        ("npi", "", "This field is required."),
        ("last_name", "", "This field is required."),
        ("phone", "555-0100", "Enter a 10-digit US phone number."),
        ("email", "not-an-email", "Enter a valid email address."),
        ("zip_code", "2108", "Use a 5-digit ZIP code"),
        ("state", "ZZ", "Select a valid choice."),
        ("dea", "12345", "2 letters followed by 7 digits"),
        ("date_of_birth", "2999-01-01", "cannot be in the future"),
        ("credentials", "XYZ", "Select a valid choice."),
    ],
)
def test_bad_input_is_shown_at_the_field_and_nothing_is_sent(field, value, message, manager_client, sandbox):
    response = manager_client.post(URL, prescriber_form(**{field: value}))
    assert message in _field_html(response.text, field)
    assert writes(sandbox) == []


def test_a_half_given_address_is_refused(manager_client, sandbox):
    response = manager_client.post(URL, prescriber_form(city="", zip_code=""))
    assert "Give the street, city, state and ZIP code" in _field_html(response.text, "city")
    assert writes(sandbox) == []


def test_blends_refusal_is_shown_on_the_form(manager_client, sandbox):
    sandbox.faults.add(422, method="POST", path="/prescribers")
    response = manager_client.post(URL, prescriber_form())
    assert response.status_code == 200
    assert "sandbox: Injected validation failure." in response.text
    assert audit_rows("prescriber.create")[0].outcome == "refused"


def test_blends_field_messages_go_next_to_the_fields(manager_client, sandbox, monkeypatch):
    from apps.sandbox.handlers import prescribers as handler

    monkeypatch.setattr(handler, "CREDENTIAL_NAMES", {"MD": "Doctor of Medicine"})  # Blend dropped NP
    response = manager_client.post(URL, prescriber_form())
    assert "Unknown code" in _field_html(response.text, "credentials")


def test_it_says_so_when_blend_times_out(manager_client, sandbox):
    sandbox.faults.add("timeout", method="POST", path="/prescribers")
    response = manager_client.post(URL, prescriber_form())
    assert response.status_code == 200
    assert "did not answer in time" in response.text
    assert f'href="/prescribers/?q={NEW_NPI}">Look for NPI {NEW_NPI}</a>' in response.text
    assert audit_rows("prescriber.create")[0].outcome == "failed"


def test_it_shows_blend_unavailable_on_a_server_error(manager_client, sandbox):
    sandbox.faults.add(500, method="POST", path="/prescribers")
    assert manager_client.post(URL, prescriber_form()).status_code == 503
    assert audit_rows("prescriber.create")[0].outcome == "failed"


def test_a_resent_form_reaches_blend_once(manager_client, sandbox):
    form = prescriber_form()
    manager_client.post(URL, form)
    second = manager_client.post(URL, form)
    assert [m for m, _ in writes(sandbox)] == ["POST"]
    assert "already sent once" in second.text


@pytest.mark.parametrize("client_name", ["clinic_client", "support_client", "outsider_client"])
def test_only_managers_may_create(client_name, request, sandbox):
    client = request.getfixturevalue(client_name)
    assert client.get(URL).status_code == 403
    assert client.post(URL, prescriber_form()).status_code == 403
    assert writes(sandbox) == []


def test_the_service_refuses_a_bad_npi_and_audits_it(manager_user, sandbox):
    with pytest.raises(Refused):
        services.prescriber_create(actor=Actor(user=manager_user), npi=BAD_CHECK_DIGIT, details={})
    assert writes(sandbox) == []
    entry = audit_rows("prescriber.create")[0]
    assert (entry.target_id, entry.outcome) == (BAD_CHECK_DIGIT, "refused")


def test_the_service_refuses_a_clinic_user(clinic_user, sandbox):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.prescriber_create(actor=Actor(user=clinic_user), npi=NEW_NPI, details={})
    assert writes(sandbox) == []


def test_a_clinic_users_create_is_refused_and_audited_as_refused(clinic_client, clinic_user, sandbox):
    assert clinic_client.post(URL, prescriber_form()).status_code == 403
    entry = audit_rows("access.denied")[0]
    assert (entry.user, entry.target_id, entry.outcome) == (clinic_user, "prescribers:create", "refused")


@pytest.mark.parametrize("fault", ["timeout", 503, 404])
def test_the_new_prescriber_form_opens_and_creates_without_blends_credentials_list(
    manager_client, sandbox, fault
):
    sandbox.faults.add(fault, method="GET", path="/prescribers/credentials", times=10)
    response = manager_client.get(URL)
    assert response.status_code == 200
    assert "add credentials later from the prescriber" in response.text
    data = prescriber_form()
    data.pop("credentials")
    assert manager_client.post(URL, data).status_code == 302
    created = next(r for r in sandbox.state.prescribers.rows() if r["npi"] == NEW_NPI)
    assert created["credentials"] == []
