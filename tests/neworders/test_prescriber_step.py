"""The prescriber step: pick one Blend knows (type-ahead), a new one by NPI (managers), or none
when the prescription is already at Blend."""

from __future__ import annotations

import pytest

from tests.neworders.helpers import NEW_PRESCRIBER_STEP, seeded_prescriber, start, step_url
from tests.orders.helpers import writes


@pytest.fixture
def draft(clinic_client):
    return start(clinic_client)


def test_it_shows_the_step_as_a_full_page(clinic_client, draft):
    html = clinic_client.get(step_url(draft, "prescriber")).content.decode()
    assert 'aria-current="step">2. Prescriber' in html and "already at Blend" in html


def test_it_answers_htmx_with_the_step_alone(clinic_client, draft, htmx_headers):
    html = clinic_client.get(step_url(draft, "prescriber"), headers=htmx_headers).content.decode()
    assert html.lstrip().startswith('<div id="step">')


def test_clinic_staff_pick_a_prescriber_but_do_not_add_one(clinic_client, draft):
    html = clinic_client.get(step_url(draft, "prescriber")).content.decode()
    assert 'name="new-npi"' not in html
    response = clinic_client.post(step_url(draft, "prescriber"), NEW_PRESCRIBER_STEP)
    assert "Select a valid choice" in response.content.decode()


def test_managers_may_add_a_prescriber_by_npi(manager_client, sandbox):
    draft = start(manager_client)
    assert 'name="new-npi"' in manager_client.get(step_url(draft, "prescriber")).content.decode()
    response = manager_client.post(step_url(draft, "prescriber"), NEW_PRESCRIBER_STEP)
    assert response["Location"] == step_url(draft, "medications") and writes(sandbox) == []


def test_a_wrong_npi_check_digit_shows_at_the_field(manager_client, sandbox):
    draft = start(manager_client)
    html = manager_client.post(
        step_url(draft, "prescriber"), {**NEW_PRESCRIBER_STEP, "new-npi": "1234567890"}
    ).content.decode()
    assert "its last digit does not match" in html[html.index('name="new-npi"') :].split("</div>")[0]
    assert writes(sandbox) == []


def test_the_type_ahead_finds_prescribers_in_one_blend_request(clinic_client, draft, sandbox, htmx_headers):
    prescriber = seeded_prescriber(sandbox)
    sandbox.faults.seen.clear()
    html = clinic_client.get(
        f"/orders/new/{draft.id}/prescribers/?q={prescriber['npi']}", headers=htmx_headers
    ).content.decode()
    assert f'value="{prescriber["id"]}"' in html
    assert [c for c in sandbox.faults.seen if not c[1].startswith("/auth")] == [
        ("GET", "/search/prescribers")
    ]


def test_choosing_one_goes_on_to_the_medications(clinic_client, draft, sandbox):
    prescriber = seeded_prescriber(sandbox)
    response = clinic_client.post(
        step_url(draft, "prescriber"), {"mode": "existing", "prescriber_id": prescriber["id"]}
    )
    assert response["Location"] == step_url(draft, "medications")


def test_without_a_choice_it_says_so_at_the_field(clinic_client, draft, sandbox):
    html = clinic_client.post(step_url(draft, "prescriber"), {"mode": "existing"}).content.decode()
    assert "Search for the prescriber and choose them" in html[html.index('id="prescriber-hits"') :]


def test_back_keeps_the_choice_and_returns_to_the_patient(clinic_client, draft, sandbox):
    prescriber = seeded_prescriber(sandbox)
    response = clinic_client.post(
        step_url(draft, "prescriber"), {"mode": "existing", "prescriber_id": prescriber["id"], "nav": "back"}
    )
    assert response["Location"] == step_url(draft, "patient")
    assert (
        f'value="{prescriber["id"]}" checked'
        in clinic_client.get(step_url(draft, "prescriber")).content.decode()
    )


@pytest.mark.parametrize("persona", ["support_client", "outsider_client"])
def test_roles_without_the_permission_are_refused(persona, request, draft):
    assert request.getfixturevalue(persona).get(step_url(draft, "prescriber")).status_code == 403


@pytest.mark.parametrize("fault", ["timeout", 500, 404])
def test_the_step_stands_when_blends_credentials_list_fails(manager_client, sandbox, fault):
    """An inferred list: the step says so at the field and a new prescriber can still be added."""
    draft = start(manager_client)
    sandbox.faults.add(fault, path="/prescribers/credentials", times=10)
    response = manager_client.get(step_url(draft, "prescriber"))
    assert response.status_code == 200
    assert "list of credentials is unavailable just now" in response.content.decode()
    response = manager_client.post(step_url(draft, "prescriber"), NEW_PRESCRIBER_STEP)
    assert response.status_code == 302 and response["Location"] == step_url(draft, "medications")


def test_blend_failing_to_read_the_chosen_prescriber_shows_blend_unavailable(clinic_client, draft, sandbox):
    prescriber = seeded_prescriber(sandbox)
    clinic_client.post(step_url(draft, "prescriber"), {"mode": "existing", "prescriber_id": prescriber["id"]})
    sandbox.faults.add("timeout", path=f"/prescribers/{prescriber['id']}", times=10)
    assert clinic_client.get(step_url(draft, "prescriber")).status_code == 503
