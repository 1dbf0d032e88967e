from __future__ import annotations

import re

import pytest

from apps.audit.actor import Actor
from apps.core.writes import Refused
from apps.prescribers import services
from tests.orders.helpers import audit_rows, writes
from tests.prescribers.helpers import BAD_CHECK_DIGIT, UNKNOWN_ID, a_prescriber, prescriber_form


def _url(row) -> str:
    return f"/prescribers/{row['id']}/edit/"


def _field_html(html: str, name: str) -> str:
    start = html.index(f'name="{name}"')
    return html[start : html.index("</div>", start)]


def _sent(sandbox, row, monkeypatch) -> list[dict]:
    """Record the bodies BlendAdmin PUTs to the prescriber."""
    from apps.blend.api.prescribers import PrescribersAPI

    bodies: list[dict] = []
    original = PrescribersAPI.prescriber_update

    def spy(self, *, prescriber_id, changes):
        bodies.append(changes)
        return original(self, prescriber_id=prescriber_id, changes=changes)

    monkeypatch.setattr(PrescribersAPI, "prescriber_update", spy)
    return bodies


def test_it_shows_the_form_filled_from_the_prescriber(manager_client, sandbox):
    row = a_prescriber(sandbox)
    response = manager_client.get(_url(row))
    assert response.status_code == 200
    assert f'value="{row["npi"]}"' in response.text
    assert f'value="{row["addresses"][0]["address_1"]}"' in response.text


def test_it_sends_only_the_changed_fields(manager_client, manager_user, sandbox, monkeypatch):
    row = a_prescriber(sandbox)
    bodies = _sent(sandbox, row, monkeypatch)
    response = manager_client.post(_url(row), prescriber_form(row, email="new.address@example.com"))
    assert response["Location"] == f"/prescribers/{row['id']}/"
    assert bodies == [{"email": "new.address@example.com"}]
    assert sandbox.state.prescribers.get(row["id"])["email"] == "new.address@example.com"
    entry = audit_rows("prescriber.update")[0]
    assert (entry.user, entry.target_id, entry.outcome) == (manager_user, row["id"], "ok")
    assert entry.error_message == f"Email: {row['email'] or '—'} → new.address@example.com"


def test_it_changes_the_practice_address(manager_client, sandbox):
    row = a_prescriber(sandbox)
    manager_client.post(_url(row), prescriber_form(row, address_1="1 New Street", zip_code="01002"))
    address = sandbox.state.prescribers.get(row["id"])["addresses"][0]
    assert (address["address_1"], address["zip_code"], address["type"]) == (
        "1 New Street",
        "01002",
        "practice",
    )


def test_it_changes_the_credentials(manager_client, sandbox):
    row = a_prescriber(sandbox)
    manager_client.post(_url(row), prescriber_form(row, credentials=["MD", "DO"]))
    codes = [c["credential_code"] for c in sandbox.state.prescribers.get(row["id"])["credentials"]]
    assert sorted(codes) == ["DO", "MD"]


def test_it_sends_nothing_when_nothing_changed(manager_client, sandbox):
    row = a_prescriber(sandbox)
    response = manager_client.post(_url(row), prescriber_form(row))
    assert writes(sandbox) == []
    assert "Nothing changed" in manager_client.get(response["Location"]).text


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("npi", BAD_CHECK_DIGIT, "its last digit does not match"),
        ("first_name", "", "This field is required."),
        ("phone", "12", "Enter a 10-digit US phone number."),
        ("zip_code", "ABCDE", "Use a 5-digit ZIP code"),
    ],
)
def test_bad_input_is_shown_at_the_field_and_nothing_is_sent(field, value, message, manager_client, sandbox):
    row = a_prescriber(sandbox)
    response = manager_client.post(_url(row), prescriber_form(row, **{field: value}))
    assert message in _field_html(response.text, field)
    assert writes(sandbox) == []


def test_blend_refusing_an_npi_another_prescriber_has_is_shown_at_the_field(manager_client, sandbox):
    row, other = sorted(sandbox.state.prescribers.rows(), key=lambda r: r["npi"])[:2]
    response = manager_client.post(_url(row), prescriber_form(row, npi=other["npi"]))
    assert "Another prescriber already has this NPI." in _field_html(response.text, "npi")
    assert audit_rows("prescriber.update")[0].outcome == "refused"


def test_a_form_shown_before_blend_changed_the_prescriber_sends_nothing(manager_client, sandbox):
    row = a_prescriber(sandbox)
    page = manager_client.get(_url(row)).text
    seen = re.search(r'name="seen_updated_at" value="([^"]+)"', page).group(1)
    edited = sandbox.state.prescribers.edit(row["id"])
    edited.update(updated_at="2030-01-01T00:00:00Z", email="changed.elsewhere@example.com")
    response = manager_client.post(_url(row), prescriber_form(row, city="Austin", seen_updated_at=seen))
    assert writes(sandbox) == []
    assert "changed at Blend since this form was opened" in response.text
    assert 'value="changed.elsewhere@example.com"' in response.text
    assert audit_rows("prescriber.update")[0].outcome == "refused"


def test_it_says_so_when_the_update_times_out(manager_client, sandbox):
    row = a_prescriber(sandbox)
    sandbox.faults.add("timeout", method="PUT")
    response = manager_client.post(_url(row), prescriber_form(row, city="Austin"), follow=True)
    assert "did not answer in time" in response.text
    assert audit_rows("prescriber.update")[0].outcome == "failed"


def test_it_shows_blend_unavailable_on_a_server_error(manager_client, sandbox):
    row = a_prescriber(sandbox)
    sandbox.faults.add(503, method="PUT", times=3)
    assert manager_client.post(_url(row), prescriber_form(row, city="Austin")).status_code == 503


def test_it_explains_blends_conflict(manager_client, sandbox):
    row = a_prescriber(sandbox)
    sandbox.faults.add(409, method="PUT")
    response = manager_client.post(_url(row), prescriber_form(row, city="Austin"), follow=True)
    assert "changed since this page was shown" in response.text


def test_a_resent_form_changes_the_prescriber_once(manager_client, sandbox):
    row = a_prescriber(sandbox)
    form = prescriber_form(row, city="Austin")
    manager_client.post(_url(row), form)
    second = manager_client.post(_url(row), {**form, "city": "Dallas"})
    assert [m for m, _ in writes(sandbox)] == ["PUT"]
    assert "already sent once" in manager_client.get(second["Location"]).text


def test_it_answers_404_for_an_unknown_prescriber(manager_client):
    assert manager_client.get(f"/prescribers/{UNKNOWN_ID}/edit/").status_code == 404


@pytest.mark.parametrize("client_name", ["clinic_client", "support_client", "outsider_client"])
def test_only_managers_may_edit(client_name, request, sandbox):
    row = a_prescriber(sandbox)
    client = request.getfixturevalue(client_name)
    assert client.get(_url(row)).status_code == 403
    assert client.post(_url(row), prescriber_form(row, city="Austin")).status_code == 403
    assert writes(sandbox) == []


def test_the_service_refuses_a_bad_npi_before_sending(manager_user, sandbox):
    row = a_prescriber(sandbox)
    with pytest.raises(Refused):
        services.prescriber_update(
            actor=Actor(user=manager_user), prescriber_id=row["id"], changes={"npi": BAD_CHECK_DIGIT}
        )
    assert writes(sandbox) == []


@pytest.mark.parametrize("fault", ["timeout", 500, 404, 422])
def test_the_form_opens_and_saves_without_blends_credentials_list(manager_client, sandbox, fault):
    """The credentials list is an inferred endpoint: when it fails the form says so beside the
    field, keeps the prescriber's credentials as they are, and still saves the other details."""
    row = a_prescriber(sandbox, lambda r: bool(r.get("credentials")))
    held = sorted(c["credential_code"] for c in row["credentials"])
    sandbox.faults.add(fault, method="GET", path="/prescribers/credentials", times=10)
    response = manager_client.get(_url(row))
    assert response.status_code == 200
    assert "list of credentials is unavailable just now" in response.text
    assert response.context["form"].fields["credentials"].disabled
    data = prescriber_form(row, city="Springfield")
    data.pop("credentials")  # a disabled field sends nothing
    assert manager_client.post(_url(row), data).status_code == 302
    saved = sandbox.state.prescribers.get(row["id"])
    assert sorted(c["credential_code"] for c in saved["credentials"]) == held
    assert any(a.get("city") == "Springfield" for a in saved["addresses"])
