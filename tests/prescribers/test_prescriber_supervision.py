from __future__ import annotations

import pytest

from apps.audit.actor import Actor
from apps.core.once import token_new
from apps.core.writes import Refused
from apps.prescribers import services
from tests.orders.helpers import audit_rows, toast, writes
from tests.prescribers.helpers import UNKNOWN_ID, a_prescriber, a_supervision, licensed_in, set_expiry

HTMX = {"HX-Request": "true"}
UNLICENSED_STATE = "WY"  # no seeded prescriber holds a licence there


def _add(client, supervisee, supervisor_npi: str, state: str, *, htmx: bool = True, token: str | None = None):
    data = {"token": token or token_new(), "supervisor_npi": supervisor_npi, "state": state}
    return client.post(
        f"/prescribers/{supervisee['id']}/supervisors/add/", data, headers=HTMX if htmx else {}
    )


def _remove(client, supervisee_id: str, supervisor_id: str, state: str, *, htmx: bool = True):
    url = f"/prescribers/{supervisee_id}/supervisors/{supervisor_id}/remove/"
    return client.post(url, {"token": token_new(), "state": state}, headers=HTMX if htmx else {})


def _links(sandbox, supervisee_id: str) -> set[tuple[str, str]]:
    return {
        (r["supervisor_id"], r["state"])
        for r in sandbox.state.supervisions.rows()
        if r["supervisee_id"] == supervisee_id
    }


def _field_html(html: str, name: str) -> str:
    start = html.index(f'id="supervisor-{name}"')
    return html[start : html.index("</div>", start)]


def _pair(sandbox, state: str = "MA"):
    supervisor = licensed_in(sandbox, state)
    supervisee = a_prescriber(
        sandbox,
        lambda r: r["id"] != supervisor["id"] and (supervisor["id"], state) not in _links(sandbox, r["id"]),
    )
    return supervisor, supervisee


def test_it_adds_a_supervisor_licensed_in_the_state(manager_client, manager_user, sandbox):
    supervisor, supervisee = _pair(sandbox)
    response = _add(manager_client, supervisee, supervisor["npi"], "MA")
    assert (supervisor["id"], "MA") in _links(sandbox, supervisee["id"])
    assert response.text.lstrip().startswith('<section id="prescriber-supervision"')
    assert f'href="/prescribers/{supervisor["id"]}/"' in response.text
    assert "now supervises in MA" in toast(response)["message"]
    entry = audit_rows("prescriber.supervisor_add")[0]
    assert (entry.user, entry.target_id, entry.outcome) == (manager_user, supervisee["id"], "ok")


def test_a_supervisor_without_an_active_licence_in_the_state_is_refused_before_sending(
    manager_client, sandbox
):
    supervisor, supervisee = _pair(sandbox)  # licensed in MA, not in WY
    response = _add(manager_client, supervisee, supervisor["npi"], UNLICENSED_STATE)
    assert "holds no active, unexpired licence in WY" in _field_html(response.text, "supervisor_npi")
    assert writes(sandbox) == []
    assert audit_rows("prescriber.supervisor_add")[0].outcome == "refused"


def test_a_supervisor_whose_licence_there_expired_is_refused(manager_client, sandbox):
    supervisor, supervisee = _pair(sandbox)
    for licence in supervisor["qualifications"]:
        if licence["state"] == "MA":
            set_expiry(sandbox, supervisor["id"], licence["id"], -1)
    response = _add(manager_client, supervisee, supervisor["npi"], "MA")
    assert "holds no active, unexpired licence in MA" in response.text
    assert writes(sandbox) == []


def test_an_unknown_npi_is_refused_at_the_field(manager_client, sandbox):
    from tests.prescribers.helpers import NEW_NPI

    response = _add(manager_client, a_prescriber(sandbox), NEW_NPI, "MA")
    assert f"No prescriber with NPI {NEW_NPI} is on file" in _field_html(response.text, "supervisor_npi")
    assert writes(sandbox) == []


def test_a_prescriber_cannot_supervise_themselves(manager_client, sandbox):
    supervisor = licensed_in(sandbox, "MA")
    response = _add(manager_client, supervisor, supervisor["npi"], "MA")
    assert "cannot supervise themselves" in response.text
    assert writes(sandbox) == []


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [("supervisor_npi", "12345", "Enter the 10-digit NPI."), ("state", "Mass", "Select a valid choice.")],
)
def test_bad_input_is_shown_at_the_field_and_nothing_is_sent(field, value, message, manager_client, sandbox):
    supervisor, supervisee = _pair(sandbox)
    values = {"supervisor_npi": supervisor["npi"], "state": "MA", field: value}
    response = _add(manager_client, supervisee, values["supervisor_npi"], values["state"])
    assert message in _field_html(response.text, field)
    assert writes(sandbox) == []


def test_without_js_bad_input_shows_on_the_page(manager_client, sandbox):
    _, supervisee = _pair(sandbox)
    response = _add(manager_client, supervisee, "12345", "MA", htmx=False)
    assert response.status_code == 200 and "<html" in response.text
    assert "Enter the 10-digit NPI." in _field_html(response.text, "supervisor_npi")


def test_blends_refusal_is_shown_at_the_field(manager_client, sandbox, monkeypatch):
    from apps.sandbox.handlers import prescribers as handler

    monkeypatch.setattr(handler, "has_valid_licence", lambda row: False)  # Blend sees it otherwise
    supervisor, supervisee = _pair(sandbox)
    response = _add(manager_client, supervisee, supervisor["npi"], "MA")
    assert "must hold an active licence" in _field_html(response.text, "supervisor_npi")
    assert audit_rows("prescriber.supervisor_add")[0].outcome == "refused"


def test_a_timeout_says_so(manager_client, sandbox):
    supervisor, supervisee = _pair(sandbox)
    sandbox.faults.add("timeout", method="POST", path="/supervisors")
    response = _add(manager_client, supervisee, supervisor["npi"], "MA")
    assert "did not answer in time" in toast(response)["message"]
    assert audit_rows("prescriber.supervisor_add")[0].outcome == "failed"


def test_a_server_error_shows_blend_unavailable(manager_client, sandbox):
    supervisor, supervisee = _pair(sandbox)
    sandbox.faults.add(502, method="POST", path="/supervisors")
    assert _add(manager_client, supervisee, supervisor["npi"], "MA").status_code == 503


def test_a_resent_form_adds_the_supervisor_once(manager_client, sandbox):
    supervisor, supervisee = _pair(sandbox)
    token = token_new()
    _add(manager_client, supervisee, supervisor["npi"], "MA", token=token)
    _add(manager_client, supervisee, supervisor["npi"], "MA", token=token)
    assert [m for m, _ in writes(sandbox)] == ["POST"]


def test_it_removes_a_supervisor(manager_client, sandbox):
    link = a_supervision(sandbox)
    response = _remove(manager_client, link["supervisee_id"], link["supervisor_id"], link["state"])
    assert link["id"] not in sandbox.state.supervisions
    assert toast(response)["message"] == f"The supervising relationship in {link['state']} was removed."
    assert audit_rows("prescriber.supervisor_remove")[0].outcome == "ok"


def test_a_relationship_removed_meanwhile_is_not_removed_again(manager_client, sandbox):
    link = a_supervision(sandbox)
    _remove(manager_client, link["supervisee_id"], link["supervisor_id"], link["state"])
    response = _remove(manager_client, link["supervisee_id"], link["supervisor_id"], link["state"])
    assert "no longer on file" in toast(response)["message"]
    assert [m for m, _ in writes(sandbox)] == ["DELETE"]


def test_removing_without_js_goes_back_to_the_page(manager_client, sandbox):
    link = a_supervision(sandbox)
    response = _remove(
        manager_client, link["supervisee_id"], link["supervisor_id"], link["state"], htmx=False
    )
    assert response["Location"] == f"/prescribers/{link['supervisee_id']}/"


def test_an_unknown_prescriber_is_a_404(manager_client):
    assert _remove(manager_client, UNKNOWN_ID, UNKNOWN_ID, "MA", htmx=False).status_code == 404


@pytest.mark.parametrize("client_name", ["clinic_client", "support_client", "outsider_client"])
def test_only_managers_may_change_supervision(client_name, request, sandbox):
    client = request.getfixturevalue(client_name)
    supervisor, supervisee = _pair(sandbox)
    link = a_supervision(sandbox)
    assert _add(client, supervisee, supervisor["npi"], "MA").status_code == 403
    assert _remove(client, link["supervisee_id"], link["supervisor_id"], link["state"]).status_code == 403
    assert writes(sandbox) == []


def test_the_service_refuses_a_clinic_user(clinic_user, sandbox):
    from django.core.exceptions import PermissionDenied

    link = a_supervision(sandbox)
    with pytest.raises(PermissionDenied):
        services.supervisor_remove(
            actor=Actor(user=clinic_user),
            prescriber_id=link["supervisee_id"],
            supervisor_id=link["supervisor_id"],
            state=link["state"],
        )
    assert writes(sandbox) == []


def test_the_service_rechecks_the_supervisors_licence(manager_user, sandbox):
    supervisor, supervisee = _pair(sandbox)
    with pytest.raises(Refused, match="no active, unexpired licence in WY"):
        services.supervisor_add(
            actor=Actor(user=manager_user),
            prescriber_id=supervisee["id"],
            supervisor_npi=supervisor["npi"],
            state="WY",
        )
