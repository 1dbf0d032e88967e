from __future__ import annotations

import pytest

from tests.orders.helpers import blend_calls, find_order

URL = "/orders/search/"
HTMX = {"HX-Request": "true"}


def _order_and_patient(sandbox):
    order = find_order(sandbox, "picked", lambda r: bool(r["external_id"]))
    return order, sandbox.state.patients.get(order["_patient_id"])


@pytest.mark.parametrize(
    "query",
    [
        lambda o, p: o["order_number"],
        lambda o, p: o["id"],
        lambda o, p: o["external_id"],
        lambda o, p: f"{p['first_name']} {p['last_name']}",
        lambda o, p: p["email"],
        lambda o, p: p["phone"],
    ],
    ids=["order number", "id", "external id", "patient name", "email", "phone"],
)
def test_it_finds_the_order_by_what_support_knows(query, support_client, sandbox):
    order, patient = _order_and_patient(sandbox)
    response = support_client.get(URL, {"q": query(order, patient)}, headers=HTMX)
    assert response.status_code == 200
    assert f'id="order-row-{order["id"]}"' in response.content.decode()


def test_it_answers_htmx_with_the_results_only(support_client, sandbox):
    order, _ = _order_and_patient(sandbox)
    response = support_client.get(URL, {"q": order["order_number"]}, headers=HTMX)
    assert b"<html" not in response.content
    assert "best match first" in response.content.decode()
    assert "HX-Request" in response.headers["Vary"]


def test_the_same_url_renders_the_full_page(support_client, sandbox):
    order, _ = _order_and_patient(sandbox)
    response = support_client.get(URL, {"q": order["order_number"]})
    html = response.content.decode()
    assert "<html" in html
    assert f'value="{order["order_number"]}"' in html  # the box keeps the query
    assert f'id="order-row-{order["id"]}"' in html


def test_an_emptied_box_shows_the_list_again(support_client, sandbox):
    response = support_client.get(URL, {"q": ""}, headers=HTMX)
    assert response["HX-Push-Url"] == "/orders/"
    assert f"of {len(sandbox.state.orders)}" in response.content.decode()


def test_without_js_an_empty_search_goes_to_the_list(support_client):
    response = support_client.get(URL, {"q": "  "})
    assert response.status_code == 302
    assert response["Location"] == "/orders/"


def test_it_waits_for_two_characters(support_client, sandbox):
    response = support_client.get(URL, {"q": "a"}, headers=HTMX)
    assert "Type at least 2 characters" in response.content.decode()
    assert blend_calls(sandbox, "GET", "/search") == []


def test_it_says_when_nothing_matches(support_client):
    response = support_client.get(URL, {"q": "zzqqxx-nothing"}, headers=HTMX)
    assert "No orders match “zzqqxx-nothing”." in response.content.decode()


def test_the_box_searches_as_you_type_and_drops_stale_answers(support_client):
    html = support_client.get("/orders/").content.decode()
    box = html[html.index('class="orders-search"') :].split("</form>")[0]
    assert 'hx-trigger="input changed delay:300ms, search"' in box
    assert 'hx-sync="#order-results:replace"' in box
    assert 'hx-push-url="true"' in box


def test_it_shows_blend_unavailable_when_search_times_out(support_client, sandbox):
    sandbox.faults.add("timeout", path="/search/orders")
    response = support_client.get(URL, {"q": "smith"}, headers=HTMX)
    assert response.status_code == 503
    assert response["X-BlendAdmin-Message"]


@pytest.mark.parametrize("persona", ["clinic_client", "support_client", "manager_client"])
def test_every_role_may_search(persona, request):
    assert request.getfixturevalue(persona).get(URL, {"q": "smith"}).status_code == 200


def test_a_user_without_a_role_is_forbidden(outsider_client, sandbox):
    assert outsider_client.get(URL, {"q": "smith"}).status_code == 403
    assert blend_calls(sandbox, "GET", "/search") == []
