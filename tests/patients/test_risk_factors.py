from __future__ import annotations

import pytest

from apps.audit.actor import Actor
from apps.core.once import token_new
from apps.core.writes import Refused
from apps.patients import services
from tests.orders.helpers import audit_rows, toast, writes
from tests.patients.helpers import find_patient, patient_with_risk_factor


def _unconfirmed(sandbox):
    return patient_with_risk_factor(sandbox, lambda r: r["is_active"] and not r["matched"])


def _action_url(patient_id: str, factor_id: str, action: str) -> str:
    return f"/patients/{patient_id}/risk-factors/{factor_id}/{action}/"


def _text_url(patient_id: str) -> str:
    return f"/patients/{patient_id}/risk-factors/text/"


def test_the_page_groups_risk_factors_by_type_with_their_actions(clinic_client, sandbox):
    patient, factor = _unconfirmed(sandbox)
    html = clinic_client.get(f"/patients/{patient['id']}/").text
    for heading in ("Allergies", "Conditions", "Medications"):
        assert f"<h3>{heading}</h3>" in html
    assert factor["name"] in html and "Unconfirmed match" in html
    assert _action_url(patient["id"], factor["id"], "confirm") in html
    assert _action_url(patient["id"], factor["id"], "deactivate") in html


def test_it_confirms_a_match(clinic_client, sandbox, htmx_headers):
    patient, factor = _unconfirmed(sandbox)
    url = _action_url(patient["id"], factor["id"], "confirm")
    response = clinic_client.post(url, {"token": token_new()}, headers=htmx_headers)
    assert response.status_code == 200
    assert 'id="risk-factors"' in response.text and "<html" not in response.text
    assert toast(response)["message"] == f"{factor['name']} is confirmed as a match."
    assert sandbox.state.risk_factors.get(factor["id"])["matched"] is True
    assert audit_rows("patient.risk_factor_confirm")[0].outcome == "ok"
    assert audit_rows("patient.view_risk_factors")[0].target_id == patient["id"]


def test_it_deactivates_a_risk_factor_without_htmx(clinic_client, sandbox):
    patient, factor = patient_with_risk_factor(sandbox, lambda r: r["is_active"])
    response = clinic_client.post(
        _action_url(patient["id"], factor["id"], "deactivate"), {"token": token_new()}
    )
    assert response.status_code == 302 and response["Location"].endswith("#risk-factors")
    assert sandbox.state.risk_factors.get(factor["id"])["is_active"] is False
    page = clinic_client.get(response["Location"]).text
    assert f"{factor['name']} is deactivated." in page and "Deactivated (" in page
    assert audit_rows("patient.risk_factor_deactivate")[0].outcome == "ok"


def test_a_resent_action_reaches_blend_once(clinic_client, sandbox, htmx_headers):
    patient, factor = patient_with_risk_factor(sandbox, lambda r: r["is_active"])
    form = {"token": token_new()}
    url = _action_url(patient["id"], factor["id"], "deactivate")
    clinic_client.post(url, form, headers=htmx_headers)
    second = clinic_client.post(url, form, headers=htmx_headers)
    assert [m for m, _ in writes(sandbox)] == ["DELETE"]
    assert "already sent once" in toast(second)["message"]


def test_it_refuses_to_confirm_a_factor_deactivated_meanwhile(clinic_client, sandbox, htmx_headers):
    patient, factor = _unconfirmed(sandbox)
    sandbox.state.risk_factors.edit(factor["id"])["is_active"] = False
    url = _action_url(patient["id"], factor["id"], "confirm")
    response = clinic_client.post(url, {"token": token_new()}, headers=htmx_headers)
    assert "was already deactivated; nothing was sent" in toast(response)["message"]
    assert writes(sandbox) == []
    assert audit_rows("patient.risk_factor_confirm")[0].outcome == "refused"


def test_it_refuses_a_factor_of_another_patient(clinic_user, sandbox):
    _, factor = _unconfirmed(sandbox)
    other = find_patient(sandbox, lambda r: r["id"] != factor["patient_id"])
    with pytest.raises(Refused, match="no longer on the patient"):
        services.patient_risk_factor_confirm(
            actor=Actor(user=clinic_user), patient_id=other["id"], risk_factor_id=factor["id"]
        )
    assert writes(sandbox) == []


def test_an_unknown_action_is_404(clinic_client, sandbox):
    patient, factor = _unconfirmed(sandbox)
    url = _action_url(patient["id"], factor["id"], "delete")
    assert clinic_client.post(url, {"token": token_new()}).status_code == 404


def test_a_forged_token_sends_nothing(clinic_client, sandbox, htmx_headers):
    patient, factor = _unconfirmed(sandbox)
    url = _action_url(patient["id"], factor["id"], "confirm")
    response = clinic_client.post(url, {"token": "made-up"}, headers=htmx_headers)
    assert "out of date" in toast(response)["message"]
    assert writes(sandbox) == []


def test_an_action_that_times_out_says_so_and_reads_nothing_more(clinic_client, sandbox, htmx_headers):
    patient, factor = _unconfirmed(sandbox)
    sandbox.faults.add("timeout", method="PATCH")
    url = _action_url(patient["id"], factor["id"], "confirm")
    response = clinic_client.post(url, {"token": token_new()}, headers=htmx_headers)
    assert "did not answer in time" in toast(response)["message"]
    assert response.headers["HX-Reswap"] == "none"
    assert audit_rows("patient.risk_factor_confirm")[0].outcome == "failed"


def test_an_action_blend_fails_says_so(clinic_client, sandbox, htmx_headers):
    patient, factor = _unconfirmed(sandbox)
    sandbox.faults.add(500, method="PATCH")
    url = _action_url(patient["id"], factor["id"], "confirm")
    response = clinic_client.post(url, {"token": token_new()}, headers=htmx_headers)
    assert response.status_code == 503 and response.headers.get("X-BlendAdmin-Message")


def test_an_action_blend_refuses_says_so(clinic_client, sandbox, htmx_headers):
    patient, factor = _unconfirmed(sandbox)
    sandbox.faults.add(404, method="PATCH")
    url = _action_url(patient["id"], factor["id"], "confirm")
    response = clinic_client.post(url, {"token": token_new()}, headers=htmx_headers)
    assert "Blend refused to confirm the match of the risk factor" in toast(response)["message"]


def test_it_sends_free_text_and_says_blend_is_processing_it(clinic_client, sandbox, htmx_headers):
    patient = find_patient(sandbox)
    response = clinic_client.post(
        _text_url(patient["id"]), {"token": token_new(), "text": "penicillin; asthma"}, headers=htmx_headers
    )
    assert response.status_code == 200
    assert "is matching it to risk factors now" in toast(response)["message"]
    assert "Blend is still matching text sent earlier" in response.text
    texts = [t for t in sandbox.state.risk_factor_texts.rows() if t["patient_id"] == patient["id"]]
    assert [t["text"] for t in texts] == ["penicillin; asthma"]
    assert audit_rows("patient.risk_factors_text")[0].outcome == "ok"


def test_empty_text_is_refused_at_the_box_and_nothing_is_sent(clinic_client, sandbox, htmx_headers):
    patient = find_patient(sandbox)
    response = clinic_client.post(
        _text_url(patient["id"]), {"token": token_new(), "text": "  "}, headers=htmx_headers
    )
    html = response.text
    assert "This field is required." in html[html.index('name="text"') :]
    assert writes(sandbox) == []


def test_empty_text_without_htmx_shows_the_page_with_the_message(clinic_client, sandbox):
    patient = find_patient(sandbox)
    response = clinic_client.post(_text_url(patient["id"]), {"token": token_new(), "text": ""})
    assert response.status_code == 200 and patient["last_name"] in response.text
    assert "This field is required." in response.text[response.text.index('name="text"') :]


def test_blends_refusal_of_the_text_is_shown(clinic_client, sandbox):
    patient = find_patient(sandbox)
    sandbox.faults.add(422, method="POST", path="/risk_factors/text")
    response = clinic_client.post(_text_url(patient["id"]), {"token": token_new(), "text": "latex"})
    assert "Blend refused to add risk factors" in clinic_client.get(response["Location"]).text
    assert audit_rows("patient.risk_factors_text")[0].outcome == "refused"


def test_refresh_answers_htmx_with_the_section(clinic_client, sandbox, htmx_headers):
    patient, _ = _unconfirmed(sandbox)
    response = clinic_client.get(f"/patients/{patient['id']}/risk-factors/", headers=htmx_headers)
    assert response.status_code == 200 and 'id="risk-factors"' in response.text
    assert "<html" not in response.text


def test_refresh_without_htmx_goes_to_the_patient_page(clinic_client, sandbox):
    patient = find_patient(sandbox)
    response = clinic_client.get(f"/patients/{patient['id']}/risk-factors/")
    assert response.status_code == 302 and response["Location"] == f"/patients/{patient['id']}/#risk-factors"


@pytest.mark.parametrize("persona", ["clinic_client", "support_client", "manager_client"])
def test_every_role_may_change_risk_factors(persona, request, sandbox):
    patient, factor = _unconfirmed(sandbox)
    client = request.getfixturevalue(persona)
    client.post(_action_url(patient["id"], factor["id"], "confirm"), {"token": token_new()})
    assert sandbox.state.risk_factors.get(factor["id"])["matched"] is True


@pytest.mark.parametrize("persona", ["viewer_client", "outsider_client"])
def test_a_user_who_may_not_edit_is_refused(persona, request, sandbox):
    patient, factor = _unconfirmed(sandbox)
    client = request.getfixturevalue(persona)
    assert (
        client.post(_action_url(patient["id"], factor["id"], "confirm"), {"token": token_new()}).status_code
        == 403
    )
    assert client.post(_text_url(patient["id"]), {"token": token_new(), "text": "latex"}).status_code == 403
    assert writes(sandbox) == []


def test_the_service_refuses_an_actor_without_the_permission(outsider, sandbox):
    from django.core.exceptions import PermissionDenied

    patient = find_patient(sandbox)
    with pytest.raises(PermissionDenied):
        services.patient_risk_factors_text_add(
            actor=Actor(user=outsider), patient_id=patient["id"], text="latex"
        )
    assert audit_rows("patient.risk_factors_text") == []  # the 403 handler writes the one row


def test_an_odd_risk_factor_id_from_blend_shows_without_actions(clinic_client, sandbox):
    patient, factor = _unconfirmed(sandbox)
    sandbox.state.risk_factors.edit(factor["id"])["id"] = "with/slash"
    response = clinic_client.get(f"/patients/{patient['id']}/")
    assert response.status_code == 200
    assert factor["name"] in response.text and "with/slash/confirm" not in response.text
