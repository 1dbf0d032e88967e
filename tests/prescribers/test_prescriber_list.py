from __future__ import annotations

import pytest

from tests.prescribers.helpers import a_prescriber


def test_it_lists_prescribers_with_blends_totals(clinic_client, sandbox):
    response = clinic_client.get("/prescribers/")
    assert response.status_code == 200
    total = len(sandbox.state.prescribers)
    assert f"Prescribers 1–25 of {total}" in response.text
    assert response.context["page"].total_count == total


def test_it_links_each_prescriber_to_their_page(clinic_client, sandbox):
    response = clinic_client.get("/prescribers/")
    first = response.context["rows"][0][0]
    assert f'href="/prescribers/{first.id}/"' in response.text


def test_it_searches_by_npi_as_you_type(clinic_client, sandbox, htmx_headers):
    prescriber = a_prescriber(sandbox)
    response = clinic_client.get("/prescribers/", {"q": prescriber["npi"]}, headers=htmx_headers)
    assert response.status_code == 200
    assert "<html" not in response.text
    assert response.context["rows"][0][0].id == prescriber["id"]
    assert "best match first" in response.text


def test_it_answers_htmx_with_the_results_fragment(clinic_client, htmx_headers):
    response = clinic_client.get("/prescribers/", {"page": 2, "page_size": 25}, headers=htmx_headers)
    assert response.status_code == 200
    assert "<html" not in response.text
    assert "Prescribers 26–40 of 40" in response.text


def test_it_keeps_the_page_size_from_the_url(clinic_client):
    response = clinic_client.get("/prescribers/", {"page_size": 50})
    assert "Prescribers 1–40 of 40" in response.text
    assert '<option value="50" selected>' in response.text


@pytest.mark.parametrize("page", ["-3", "abc", "0", "9" * 5000])
def test_a_bad_page_number_shows_the_first_page(page, clinic_client):
    response = clinic_client.get("/prescribers/", {"page": page})
    assert response.status_code == 200
    assert response.context["page"].page == 1


def test_a_page_past_the_end_links_to_the_last_page(clinic_client):
    response = clinic_client.get("/prescribers/", {"page": 9})
    assert "There are no prescribers on page 9." in response.text
    assert "Last page (2)" in response.text


def test_a_one_letter_query_shows_the_list_and_says_why(clinic_client):
    response = clinic_client.get("/prescribers/", {"q": "a"})
    assert "Type at least 2 characters" in response.text
    assert response.context["page"] is not None


def test_it_says_so_when_nothing_matches(clinic_client):
    response = clinic_client.get("/prescribers/", {"q": "zzqqxx-nobody"})
    assert "No prescriber matches “zzqqxx-nobody”." in response.text


@pytest.mark.parametrize(
    ("client_name", "status"),
    [("clinic_client", 200), ("support_client", 200), ("manager_client", 200), ("outsider_client", 403)],
)
def test_it_is_for_roles_that_may_view_prescribers(client_name, status, request):
    assert request.getfixturevalue(client_name).get("/prescribers/").status_code == status


def test_only_managers_see_the_new_prescriber_button(clinic_client, support_client, manager_client):
    assert "/prescribers/new/" not in clinic_client.get("/prescribers/").text
    assert "/prescribers/new/" not in support_client.get("/prescribers/").text
    assert "/prescribers/new/" in manager_client.get("/prescribers/").text


def test_the_nav_shows_the_section(clinic_client):
    assert '<a href="/prescribers/"' in clinic_client.get("/orders/").text


@pytest.mark.parametrize("fault", ["timeout", 500])
def test_it_shows_blend_unavailable_when_blend_fails(fault, clinic_client, sandbox):
    sandbox.faults.add(fault, path="/prescribers", times=3)
    assert clinic_client.get("/prescribers/").status_code == 503


def test_it_shows_blend_unavailable_when_the_search_fails(clinic_client, sandbox):
    sandbox.faults.add(500, path="/search/prescribers", times=3)
    assert clinic_client.get("/prescribers/", {"q": "smith"}).status_code == 503


def test_it_says_why_when_blend_refuses_the_search(clinic_client, sandbox):
    sandbox.faults.add(422, path="/search/prescribers")
    response = clinic_client.get("/prescribers/", {"q": "smith"})
    assert response.status_code == 200
    assert "Blend cannot search for “smith”" in response.text


def test_a_prescriber_found_by_the_header_search_links_to_their_page(clinic_client, sandbox):
    prescriber = a_prescriber(sandbox)
    response = clinic_client.get("/search/", {"q": prescriber["npi"]})
    assert f'<a href="/prescribers/{prescriber["id"]}/">' in response.text


@pytest.mark.parametrize("odd_id", ["", "with/slash"])
def test_one_odd_id_from_blend_does_not_take_the_list_down(odd_id, clinic_client, sandbox):
    prescriber = a_prescriber(sandbox, lambda r: r["last_name"] < "B")
    sandbox.state.prescribers.edit(prescriber["id"])["id"] = odd_id
    response = clinic_client.get("/prescribers/")
    assert response.status_code == 200
    assert prescriber["last_name"] in response.text  # shown, just not linked
