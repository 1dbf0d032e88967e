from __future__ import annotations

import pytest

from apps.core.once import token_new
from tests.orders.helpers import audit_rows, toast, writes
from tests.prescribers.helpers import UNKNOWN_ID, a_prescriber, active_licence

HTMX = {"HX-Request": "true"}


def _add(client, row, *, htmx: bool = True, **changes):
    data = {
        "token": token_new(),
        "state": "OH",
        "license_number": "OH-4242",
        "expiration_date": "2031-05-31",
        **changes,
    }
    return client.post(f"/prescribers/{row['id']}/licences/add/", data, headers=HTMX if htmx else {})


def _update(client, row, licence, *, htmx: bool = True, **changes):
    data = {
        "token": token_new(),
        "license_number": licence["license_number"],
        "description": licence["description"] or "",
        "expiration_date": licence["expiration_date"] or "",
        **changes,
    }
    url = f"/prescribers/{row['id']}/licences/{licence['id']}/update/"
    return client.post(url, data, headers=HTMX if htmx else {})


def _deactivate(client, row, licence, *, htmx: bool = True, token: str | None = None):
    url = f"/prescribers/{row['id']}/licences/{licence['id']}/deactivate/"
    return client.post(url, {"token": token or token_new()}, headers=HTMX if htmx else {})


def _licences(sandbox, row) -> list[dict]:
    return sandbox.state.prescribers.get(row["id"])["qualifications"]


def _field_html(html: str, name: str, form: str = "new") -> str:
    """The field `name` of the add form (or of licence `form`'s update form) with its messages."""
    start = html.index(f'id="licence-{form}-{name}"')
    return html[start : html.index("</div>", start)]


# --- add ---------------------------------------------------------------------------------------


def test_it_adds_a_licence_and_shows_the_licences_again(manager_client, manager_user, sandbox):
    row = a_prescriber(sandbox)
    response = _add(manager_client, row)
    assert response.text.lstrip().startswith('<section id="prescriber-licences"')
    assert "OH-4242" in response.text
    assert toast(response)["message"] == "Licence OH-4242 (OH) added."
    assert ("OH", "OH-4242", True) in {
        (q["state"], q["license_number"], q["is_active"]) for q in _licences(sandbox, row)
    }
    entry = audit_rows("prescriber.licence_add")[0]
    assert (entry.user, entry.target_id, entry.outcome) == (manager_user, row["id"], "ok")


def test_without_js_it_goes_back_to_the_page_with_the_message(manager_client, sandbox):
    row = a_prescriber(sandbox)
    response = _add(manager_client, row, htmx=False)
    assert response["Location"] == f"/prescribers/{row['id']}/"
    assert "Licence OH-4242 (OH) added." in manager_client.get(response["Location"]).text


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("state", "Ohio", "Select a valid choice."),
        ("state", "", "This field is required."),
        ("license_number", "  ", "This field is required."),
        ("expiration_date", "31/05/2031", "Enter a valid date."),
    ],
)
def test_bad_input_is_shown_at_the_field_and_nothing_is_sent(field, value, message, manager_client, sandbox):
    row = a_prescriber(sandbox)
    response = _add(manager_client, row, **{field: value})
    assert message in _field_html(response.text, field)
    assert response.text.lstrip().startswith('<section id="prescriber-licences"')
    assert writes(sandbox) == []


def test_without_js_bad_input_shows_on_the_page_at_the_field(manager_client, sandbox):
    row = a_prescriber(sandbox)
    response = _add(manager_client, row, htmx=False, state="Ohio")
    assert response.status_code == 200 and "<html" in response.text
    assert "Select a valid choice." in _field_html(response.text, "state")
    assert 'class="toast toast-error"' in response.text
    assert writes(sandbox) == []


def test_an_out_of_date_deactivate_form_sends_nothing_and_says_so(manager_client, sandbox):
    row = a_prescriber(sandbox)
    response = _deactivate(manager_client, row, active_licence(row), htmx=False, token="made-up")
    assert "out of date" in manager_client.get(response["Location"]).text
    assert writes(sandbox) == []


def test_a_licence_already_on_file_is_refused_before_sending(manager_client, sandbox):
    row = a_prescriber(sandbox)
    licence = active_licence(row)
    response = _add(manager_client, row, state=licence["state"], license_number=licence["license_number"])
    assert "already on file" in _field_html(response.text, "license_number")
    assert writes(sandbox) == []
    assert audit_rows("prescriber.licence_add")[0].outcome == "refused"


def test_blends_field_messages_go_next_to_the_fields(manager_client, sandbox, monkeypatch):
    from apps.sandbox.handlers import prescribers as handler

    monkeypatch.setattr(handler, "check_state", lambda value: "Blend does not license in this state.")
    response = _add(manager_client, a_prescriber(sandbox), state="PR")
    assert "Blend does not license in this state." in _field_html(response.text, "state")
    assert audit_rows("prescriber.licence_add")[0].outcome == "refused"


def test_blends_refusal_opens_the_form_again(manager_client, sandbox):
    sandbox.faults.add(422, method="POST", path="/qualifications")
    response = _add(manager_client, a_prescriber(sandbox))
    assert "sandbox: Injected validation failure." in response.text
    assert '<details class="action-details" open>' in response.text


def test_a_timeout_leaves_the_page_and_says_so(manager_client, sandbox):
    sandbox.faults.add("timeout", method="POST", path="/qualifications")
    response = _add(manager_client, a_prescriber(sandbox))
    assert response["HX-Reswap"] == "none"
    assert "did not answer in time" in toast(response)["message"]
    assert audit_rows("prescriber.licence_add")[0].outcome == "failed"


def test_a_server_error_shows_blend_unavailable(manager_client, sandbox):
    sandbox.faults.add(500, method="POST", path="/qualifications")
    assert _add(manager_client, a_prescriber(sandbox)).status_code == 503


def test_a_resent_form_adds_the_licence_once(manager_client, sandbox):
    row = a_prescriber(sandbox)
    token = token_new()
    _add(manager_client, row, token=token)
    second = _add(manager_client, row, token=token)
    assert [m for m, _ in writes(sandbox)] == ["POST"]
    assert "already sent once" in toast(second)["message"]


def test_an_unknown_prescriber_is_a_404(manager_client):
    assert _add(manager_client, {"id": UNKNOWN_ID}, htmx=False).status_code == 404


@pytest.mark.parametrize("client_name", ["clinic_client", "support_client", "outsider_client"])
def test_only_managers_may_change_licences(client_name, request, sandbox):
    client = request.getfixturevalue(client_name)
    row = a_prescriber(sandbox)
    licence = active_licence(row)
    assert _add(client, row).status_code == 403
    assert _update(client, row, licence, license_number="X-1").status_code == 403
    assert _deactivate(client, row, licence).status_code == 403
    assert writes(sandbox) == []


# --- update ------------------------------------------------------------------------------------


def test_it_updates_a_licences_expiry_in_place(manager_client, sandbox):
    row = a_prescriber(sandbox)
    licence = active_licence(row)
    response = _update(manager_client, row, licence, expiration_date="2032-12-31")
    stored = next(q for q in _licences(sandbox, row) if q["id"] == licence["id"])
    assert stored["expiration_date"] == "2032-12-31"
    assert toast(response)["message"] == f"Licence {licence['license_number']} ({licence['state']}) updated."
    assert audit_rows("prescriber.licence_update")[0].outcome == "ok"


def test_a_new_number_replaces_the_licence(manager_client, sandbox):
    row = a_prescriber(sandbox)
    licence = active_licence(row)
    response = _update(manager_client, row, licence, license_number="NEW-777")
    by_number = {q["license_number"]: q for q in _licences(sandbox, row)}
    assert by_number[licence["license_number"]]["is_active"] is False
    assert by_number["NEW-777"]["is_active"] is True
    assert "Blend deactivated the previous licence" in toast(response)["message"]


def test_an_update_without_changes_sends_nothing(manager_client, sandbox):
    row = a_prescriber(sandbox)
    response = _update(manager_client, row, active_licence(row))
    assert writes(sandbox) == []
    assert toast(response)["level"] == "info"


def test_a_bad_update_is_shown_at_the_field(manager_client, sandbox):
    row = a_prescriber(sandbox)
    licence = active_licence(row)
    response = _update(manager_client, row, licence, license_number="")
    assert "This field is required." in _field_html(response.text, "license_number", licence["id"])
    assert writes(sandbox) == []


def test_a_licence_deactivated_meanwhile_is_not_updated(manager_client, sandbox):
    row = a_prescriber(sandbox)
    licence = active_licence(row)
    next(q for q in sandbox.state.prescribers.edit(row["id"])["qualifications"] if q["id"] == licence["id"])[
        "is_active"
    ] = False
    response = _update(manager_client, row, licence, expiration_date="2032-12-31")
    assert "already inactive" in toast(response)["message"]
    assert writes(sandbox) == []


def test_an_unknown_licence_is_not_updated(manager_client, sandbox):
    row = a_prescriber(sandbox)
    response = _update(manager_client, row, {**active_licence(row), "id": UNKNOWN_ID}, license_number="X")
    assert "no longer on file" in toast(response)["message"]
    assert writes(sandbox) == []


# --- deactivate --------------------------------------------------------------------------------


def test_it_deactivates_a_licence(manager_client, sandbox):
    row = a_prescriber(sandbox)
    licence = active_licence(row)
    response = _deactivate(manager_client, row, licence)
    assert next(q for q in _licences(sandbox, row) if q["id"] == licence["id"])["is_active"] is False
    assert '<span class="badge licence-inactive">Inactive</span>' in response.text
    assert audit_rows("prescriber.licence_deactivate")[0].outcome == "ok"


def test_deactivating_twice_reaches_blend_once(manager_client, sandbox):
    row = a_prescriber(sandbox)
    licence = active_licence(row)
    token = token_new()
    _deactivate(manager_client, row, licence, token=token)
    _deactivate(manager_client, row, licence, token=token)
    assert [m for m, _ in writes(sandbox)] == ["DELETE"]


def test_an_inactive_licence_is_not_deactivated_again(manager_client, sandbox):
    row = a_prescriber(sandbox)
    licence = active_licence(row)
    _deactivate(manager_client, row, licence)
    response = _deactivate(manager_client, row, licence)
    assert "already inactive" in toast(response)["message"]
    assert [m for m, _ in writes(sandbox)] == ["DELETE"]
    assert sorted(e.outcome for e in audit_rows("prescriber.licence_deactivate")) == ["ok", "refused"]


def test_a_deactivation_timeout_says_so(manager_client, sandbox):
    row = a_prescriber(sandbox)
    sandbox.faults.add("timeout", method="DELETE")
    response = _deactivate(manager_client, row, active_licence(row), htmx=False)
    assert "did not answer in time" in manager_client.get(response["Location"]).text


def test_a_resent_update_reaches_blend_once(manager_client, sandbox):
    row = a_prescriber(sandbox)
    licence = active_licence(row)
    token = token_new()
    _update(manager_client, row, licence, token=token, expiration_date="2032-12-31")
    second = _update(manager_client, row, licence, token=token, expiration_date="2033-12-31")
    assert [m for m, _ in writes(sandbox)] == ["PUT"]
    assert "already sent once" in toast(second)["message"]
