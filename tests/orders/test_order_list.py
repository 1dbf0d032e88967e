from __future__ import annotations

import re

import pytest

from apps.audit.models import AuditEntry
from tests.orders.helpers import blend_calls, find_order

URL = "/orders/"


def _statuses_shown(html: str) -> set[str]:
    body = html[html.index("<tbody>") :]
    return set(re.findall(r'data-status="([^"]+)"', body))


def test_it_shows_the_newest_orders_with_their_details(support_client, sandbox):
    newest = max(sandbox.state.orders.rows(), key=lambda r: (r["created_at"], r["id"]))
    patient = sandbox.state.patients.get(newest["_patient_id"])
    response = support_client.get(URL)
    assert response.status_code == 200
    assert b"<html" in response.content
    assertions = [newest["order_number"], f"{patient['first_name']} {patient['last_name']}"]
    for text in assertions:
        assert text in response.content.decode()


def test_it_shows_the_totals_blend_sends(support_client, sandbox):
    total = len(sandbox.state.orders)
    response = support_client.get(URL)
    assert f"Orders 1–25 of {total:,}" in response.content.decode()
    assert f"Page 1 of {-(-total // 25):,}" in response.content.decode()


def test_it_pages_through_with_the_page_in_the_url(support_client, sandbox):
    total = len(sandbox.state.orders)
    response = support_client.get(URL, {"page": 2})
    assert f"Orders 26–50 of {total:,}" in response.content.decode()
    assert 'href="/orders/?page=3"' in response.content.decode()
    assert 'href="/orders/?page=1"' in response.content.decode()


def test_it_filters_by_several_statuses(support_client):
    response = support_client.get(URL, {"status": ["picked", "verified"]})
    assert _statuses_shown(response.content.decode()) == {"picked", "verified"}


def test_it_accepts_blends_comma_list_of_statuses(support_client):
    response = support_client.get(URL, {"status": "paused,exception"})
    assert _statuses_shown(response.content.decode()) == {"paused", "exception"}


def test_it_keeps_the_filters_in_the_page_links(support_client):
    response = support_client.get(URL, {"status": "delivered", "page": 2})
    assert 'href="/orders/?status=delivered&amp;page=3"' in response.content.decode()


def test_it_filters_by_unmatched_prescriptions(support_client, sandbox):
    unmatched = [
        r
        for r in sandbox.state.orders.rows()
        if any(not p.get("has_prescription") for p in r["products"]["prescription"])
    ]
    response = support_client.get(URL, {"unmatched": "on"})
    assert f"of {len(unmatched):,}" in response.content.decode()


def test_it_ignores_an_unknown_status_in_the_url(support_client, sandbox):
    response = support_client.get(URL, {"status": ["picked", "lost_in_space"]})
    assert response.status_code == 200
    assert _statuses_shown(response.content.decode()) == {"picked"}
    assert "Ignored unknown status lost_in_space" in response.content.decode()


@pytest.mark.parametrize("page", ["abc", "0", "-2", "2.5", "", "٣"])
def test_a_bad_page_number_shows_the_first_page_and_keeps_the_other_filters(support_client, page):
    response = support_client.get(URL, {"page": page, "status": "delivered", "page_size": "50"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Orders 1–50 of" in html and _statuses_shown(html) == {"delivered"}
    assert 'value="delivered" checked' in html and 'name="page_size" value="50"' in html


@pytest.mark.parametrize("size", ["7", "1000", "x"])
def test_a_page_size_the_list_does_not_offer_falls_back_to_25(support_client, size):
    response = support_client.get(URL, {"page_size": size})
    assert "Orders 1–25 of" in response.content.decode()
    assert 'name="page_size"' not in response.content.decode()


def test_an_unchecked_unmatched_box_does_not_filter(support_client, sandbox):
    response = support_client.get(URL, {"unmatched": "off"})
    assert f"of {len(sandbox.state.orders):,}" in response.content.decode()
    assert 'name="unmatched" value="on" checked' not in response.content.decode()


def test_it_shows_flags(support_client, sandbox):
    order = find_order(sandbox, "picked")
    row = sandbox.state.orders.edit(order["id"])
    row.update(priority_requested=True, cancellation_requested=True)
    response = support_client.get(URL, {"status": "picked"})
    html = response.content.decode()
    row_html = html[html.index(f'id="order-row-{order["id"]}"') :].split("</tr>")[0]
    assert "Priority" in row_html
    assert "Cancellation requested" in row_html


def test_it_shows_an_unknown_status_as_it_comes(support_client, sandbox):
    newest = max(sandbox.state.orders.rows(), key=lambda r: (r["created_at"], r["id"]))
    sandbox.state.orders.edit(newest["id"])["status"] = "on_hold"
    response = support_client.get(URL)
    assert response.status_code == 200
    assert 'class="badge badge-unknown" data-status="on_hold">On hold<' in response.content.decode()


def test_it_renders_only_the_results_for_htmx(support_client, htmx_headers):
    response = support_client.get(URL, {"status": "picked"}, headers=htmx_headers)
    assert response.status_code == 200
    assert b"<html" not in response.content
    assert b"<table" in response.content
    assert "HX-Request" in response.headers["Vary"]


def test_it_renders_the_full_page_for_a_history_restore(support_client, htmx_headers):
    headers = {**htmx_headers, "HX-History-Restore-Request": "true"}
    response = support_client.get(URL, headers=headers)
    assert b"<html" in response.content


def test_filters_and_search_push_their_url_and_never_overwrite_a_newer_answer(support_client):
    html = support_client.get(URL).content.decode()
    form = html[html.index('id="order-filters"') :].split("</form>")[0]
    assert 'hx-push-url="true"' in form and 'hx-sync="this:queue last"' in form
    assert 'name="q"' in form and 'name="status"' in form  # one form: search and filters combine


def test_it_offers_a_row_actions_menu_only_to_roles_that_may_use_it(support_client, clinic_client, sandbox):
    order = find_order(sandbox, "received")
    support_html = support_client.get(URL, {"status": "received"}).content.decode()
    clinic_html = clinic_client.get(URL, {"status": "received"}).content.decode()
    assert f'hx-get="/orders/{order["id"]}/actions/" hx-trigger="toggle once"' in support_html
    assert "/actions/" not in clinic_html


def test_it_offers_no_menu_where_no_action_is_possible(support_client, sandbox):
    html = support_client.get(URL, {"status": "cancelled"}).content.decode()
    assert "/actions/" not in html


@pytest.mark.parametrize("persona", ["clinic_client", "support_client", "manager_client"])
def test_every_role_sees_the_list(persona, request):
    assert request.getfixturevalue(persona).get(URL).status_code == 200


def test_it_forbids_a_user_without_a_role(outsider_client, sandbox):
    response = outsider_client.get(URL)
    assert response.status_code == 403
    assert blend_calls(sandbox, "GET", "/orders") == []


def test_it_shows_blend_unavailable_when_blend_times_out(support_client, sandbox):
    sandbox.faults.add("timeout", path="/orders", method="GET", times=5)
    response = support_client.get(URL)
    assert response.status_code == 503
    assert b"try again" in response.content.lower()


def test_it_shows_blend_unavailable_when_blend_fails(support_client, sandbox):
    sandbox.faults.add(503, path="/orders", times=20)
    assert support_client.get(URL).status_code == 503


def test_a_page_past_the_end_says_so_and_links_to_the_last(support_client, sandbox):
    response = support_client.get(URL, {"page": 999})
    html = response.content.decode()
    last = -(-len(sandbox.state.orders) // 25)
    assert "There are no orders on page 999" in html
    assert f"Last page ({last})" in html
    assert "Orders 0" not in html and 'rel="prev"' not in html


@pytest.mark.parametrize("odd_id", ["", "with/slash", ".."])
def test_one_odd_id_from_blend_does_not_take_the_list_down(odd_id, support_client, sandbox):
    order = find_order(sandbox, "received")
    sandbox.state.orders.edit(order["id"])["id"] = odd_id
    response = support_client.get(URL, {"status": "received"})
    assert response.status_code == 200
    assert order["order_number"] in response.content.decode()  # shown, just not linked


def test_an_odd_replacement_id_does_not_take_the_order_page_down(support_client, sandbox):
    order = find_order(sandbox, "shipped")
    sandbox.state.orders.edit(order["id"])["replacement_order_ids"] = ["with/slash", ""]
    response = support_client.get(f"/orders/{order['id']}/")
    assert response.status_code == 200
    assert "<code>with/slash</code>" in response.content.decode()


def test_each_view_of_the_list_is_audited_with_how_many_orders_it_showed(support_client, support_user):
    support_client.get(URL, {"q": "smith", "status": "received"})
    (entry,) = AuditEntry.objects.filter(action="order.list")
    assert (entry.username, entry.outcome, entry.target_type) == (support_user.username, "ok", "order")
    assert entry.target_id.startswith("order: ")
    assert "smith" not in str([getattr(entry, f.attname) for f in AuditEntry._meta.concrete_fields])
