from __future__ import annotations

import pytest

from apps.audit.models import AuditEntry
from tests.prescribers.helpers import UNKNOWN_ID, a_prescriber, a_supervision, active_licence, set_expiry


def _url(row) -> str:
    return f"/prescribers/{row['id']}/"


def test_it_shows_the_prescribers_details(clinic_client, sandbox):
    row = a_prescriber(sandbox, lambda r: r.get("dea"))
    response = clinic_client.get(_url(row))
    assert response.status_code == 200
    for value in (row["npi"], row["dea"], row["last_name"], row["email"], row["addresses"][0]["city"]):
        assert value in response.text
    assert row["credentials"][0]["credential_code"] in response.text


def test_it_masks_the_driver_licence_number(clinic_client, sandbox):
    row = a_prescriber(sandbox, lambda r: r.get("driver_license_number"))
    html = clinic_client.get(_url(row)).text
    assert row["driver_license_number"] not in html
    assert row["driver_license_number"][-4:] in html


def test_it_shows_licences_by_state_with_their_standing_in_words(clinic_client, sandbox):
    row = a_prescriber(sandbox, lambda r: len(r["qualifications"]) >= 2)
    first, second = row["qualifications"][:2]
    set_expiry(sandbox, row["id"], first["id"], 12)
    set_expiry(sandbox, row["id"], second["id"], -3)
    sandbox.state.prescribers.edit(row["id"])["qualifications"][1]["is_active"] = True
    html = clinic_client.get(_url(row)).text
    assert "Expires in 12 days" in html
    assert "Expired " in html


def test_it_shows_an_inactive_licence_as_inactive(clinic_client, sandbox):
    row = a_prescriber(sandbox)
    sandbox.state.prescribers.edit(row["id"])["qualifications"][0]["is_active"] = False
    html = clinic_client.get(_url(row)).text
    assert '<span class="badge licence-inactive">Inactive</span>' in html


def test_it_shows_supervisors_and_supervisees_per_state(clinic_client, sandbox):
    link = a_supervision(sandbox)
    supervisor = sandbox.state.prescribers.get(link["supervisor_id"])
    supervisee = sandbox.state.prescribers.get(link["supervisee_id"])
    supervised = clinic_client.get(f"/prescribers/{supervisee['id']}/").context["supervisors"]
    assert (link["state"], supervisor["id"]) in {
        (state, i.prescriber.id) for state, items in supervised for i in items
    }
    supervising = clinic_client.get(f"/prescribers/{supervisor['id']}/").text
    assert f'href="/prescribers/{supervisee["id"]}/"' in supervising


def test_it_has_no_card_that_only_explains_what_blend_cannot_list(clinic_client, sandbox):
    """Issue 20, item 12: the page shows what it has; a card saying orders cannot be listed is gone."""
    html = clinic_client.get(_url(a_prescriber(sandbox))).text
    assert "Recent orders" not in html
    assert "Blend offers no way" not in html


def test_it_reads_the_page_in_one_round_trip(clinic_client, sandbox):
    row = a_prescriber(sandbox)
    clinic_client.get(_url(row))
    paths = [p for m, p in sandbox.faults.seen if m == "GET" and p.startswith("/prescribers")]
    assert sorted(paths) == sorted(
        [
            "/prescribers/credentials",
            _url(row).rstrip("/"),
            f"/prescribers/{row['id']}/supervisors",
            f"/prescribers/{row['id']}/supervisees",
        ]
    )


def test_viewing_a_prescriber_writes_no_audit_row(clinic_client, sandbox):
    clinic_client.get(_url(a_prescriber(sandbox)))
    assert not AuditEntry.objects.exists()


def test_it_answers_htmx_with_the_licences_and_supervision(clinic_client, sandbox, htmx_headers):
    row = a_prescriber(sandbox)
    response = clinic_client.get(_url(row), headers=htmx_headers)
    assert response.status_code == 200
    assert "<html" not in response.text
    assert response.text.lstrip().startswith('<div id="prescriber-sections">')
    assert active_licence(row)["license_number"] in response.text


@pytest.mark.parametrize(
    ("client_name", "status"),
    [("clinic_client", 200), ("support_client", 200), ("manager_client", 200), ("outsider_client", 403)],
)
def test_it_is_for_roles_that_may_view_prescribers(client_name, status, request, sandbox):
    assert request.getfixturevalue(client_name).get(_url(a_prescriber(sandbox))).status_code == status


@pytest.mark.parametrize("client_name", ["clinic_client", "support_client"])
def test_roles_that_only_view_see_no_edit_buttons(client_name, request, sandbox):
    html = request.getfixturevalue(client_name).get(_url(a_prescriber(sandbox))).text
    for url_part in ("/edit/", "/licences/", "/supervisors/", 'name="token"'):
        assert url_part not in html


def test_a_manager_sees_the_edit_buttons(manager_client, sandbox):
    row = a_prescriber(sandbox)
    html = manager_client.get(_url(row)).text
    for url_part in (
        f"{_url(row)}edit/",
        f"{_url(row)}licences/add/",
        f"{_url(row)}supervisors/add/",
        "Deactivate",
    ):
        assert url_part in html


def test_it_answers_404_for_an_unknown_prescriber(clinic_client):
    assert clinic_client.get(f"/prescribers/{UNKNOWN_ID}/").status_code == 404


@pytest.mark.parametrize("fault", ["timeout", 500])
def test_it_shows_blend_unavailable_when_the_prescriber_cannot_be_read(fault, clinic_client, sandbox):
    row = a_prescriber(sandbox)
    sandbox.faults.add(fault, path=_url(row).rstrip("/"), times=12)
    response = clinic_client.get(_url(row))
    assert response.status_code == 503


def test_it_shows_a_refusal_as_a_general_error(clinic_client, sandbox):
    row = a_prescriber(sandbox)
    sandbox.faults.add(422, method="GET", path=_url(row).rstrip("/"), times=4)
    assert clinic_client.get(_url(row)).status_code == 502


def test_it_still_shows_the_prescriber_when_supervision_fails(clinic_client, sandbox):
    row = a_prescriber(sandbox)
    sandbox.faults.add(500, path="/supervis", times=12)
    response = clinic_client.get(_url(row))
    assert response.status_code == 200
    assert "Blend did not send the supervisors just now" in response.text
    assert "Blend did not send the supervisees just now" in response.text
