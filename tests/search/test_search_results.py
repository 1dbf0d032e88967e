from __future__ import annotations


def test_it_finds_an_order_by_number(support_client, sandbox):
    order = next(iter(sandbox.state.orders.rows()))
    response = support_client.get("/search/", {"q": order["order_number"]})
    assert response.status_code == 200
    assert f"/orders/{order['id']}/" in response.text


def test_it_groups_results_by_kind(manager_client, sandbox):
    patient = next(iter(sandbox.state.patients.rows()))
    response = manager_client.get("/search/", {"q": patient["last_name"]})
    kinds = [group.kind for group in response.context["groups"]]
    assert "patient" in kinds
    assert len(kinds) == len(set(kinds))


def test_it_hides_kinds_the_user_may_not_see(outsider_client, sandbox):
    patient = next(iter(sandbox.state.patients.rows()))
    response = outsider_client.get("/search/", {"q": patient["last_name"]})
    assert response.status_code == 200
    assert response.context["groups"] == []
    assert patient["email"] not in response.text


def test_it_asks_for_a_query_when_empty(clinic_client, sandbox):
    response = clinic_client.get("/search/", {"q": "  "})
    assert "Type an order number" in response.text
    assert ("GET", "/search") not in sandbox.faults.seen


def test_it_answers_htmx_with_the_results_fragment(clinic_client, sandbox, htmx_headers):
    order = next(iter(sandbox.state.orders.rows()))
    response = clinic_client.get("/search/", {"q": order["order_number"]}, headers=htmx_headers)
    assert "<html" not in response.text
    assert order["order_number"] in response.text


def test_it_shows_blend_unavailable_on_a_server_error(clinic_client, sandbox):
    sandbox.faults.add(503, path="/search", times=3)
    assert clinic_client.get("/search/", {"q": "smith"}).status_code == 503


def test_it_shows_blend_unavailable_on_timeout(clinic_client, sandbox):
    sandbox.faults.add("timeout", path="/search")
    assert clinic_client.get("/search/", {"q": "smith"}).status_code == 503
