from __future__ import annotations

import pytest

from tests.orders.helpers import blend_calls, find_order

URL = "/orders/"
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
    assert f"of {len(sandbox.state.orders):,}" in response.content.decode()


def test_a_search_and_a_status_filter_combine(support_client, sandbox):
    order, patient = _order_and_patient(sandbox)
    name = f"{patient['first_name']} {patient['last_name']}"
    picked = support_client.get(URL, {"q": name, "status": "picked"}, headers=HTMX).content.decode()
    assert f'id="order-row-{order["id"]}"' in picked
    paused = support_client.get(URL, {"q": name, "status": "paused"}, headers=HTMX).content.decode()
    assert f'id="order-row-{order["id"]}"' not in paused
    assert 'data-status="picked"' not in paused


def test_it_waits_for_two_characters(support_client, sandbox):
    response = support_client.get(URL, {"q": "a"}, headers=HTMX)
    assert "Type at least 2 characters" in response.content.decode()
    assert blend_calls(sandbox, "GET", "/search") == []


def test_it_says_when_nothing_matches(support_client):
    response = support_client.get(URL, {"q": "zzqqxx-nothing"}, headers=HTMX)
    assert "No orders match “zzqqxx-nothing”." in response.content.decode()


def test_the_box_searches_as_you_type_and_answers_arrive_in_order(support_client):
    html = support_client.get("/orders/").content.decode()
    form = html[html.index('id="order-filters"') :].split("</form>")[0]
    assert "input changed delay:300ms from:#order-q" in form
    assert 'hx-sync="this:queue last"' in form
    assert 'hx-push-url="true"' in form


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
