from __future__ import annotations

import threading

import pytest

from apps.audit.models import AuditEntry
from apps.orders import rules
from apps.orders.templatetags.orders_tags import duration
from tests.orders.helpers import ALL_STATUSES, blend_calls, find_order


def _url(order_id: str) -> str:
    return f"/orders/{order_id}/"


def _delivered_with_everything(row) -> bool:
    return bool(row["shipments"] and row["replacement_request_status"] and row["electronic_prescription_ids"])


def test_it_shows_the_order_on_one_screen(support_client, sandbox):
    order = find_order(sandbox, "delivered", _delivered_with_everything)
    patient = sandbox.state.patients.get(order["_patient_id"])
    html = support_client.get(_url(order["id"])).content.decode()
    shipment = order["shipments"][0]
    for text in (
        order["order_number"],
        f"{patient['first_name']} {patient['last_name']}",
        order["address"]["address_1"],
        shipment["carrier"],
        shipment["service_level"],
        f'href="{shipment["tracking_url"]}"',
        order["electronic_prescription_ids"][0],
        order["replacement_requested_reason"],
    ):
        assert text in html


def test_it_lists_products_by_kind_with_quantities_and_compounding_reasons(support_client, sandbox):
    order = find_order(
        sandbox, "received", lambda r: any(p["reasons"] for p in r["products"]["prescription"])
    )
    line = next(p for p in order["products"]["prescription"] if p["reasons"])
    html = support_client.get(_url(order["id"])).content.decode()
    assert "Prescription products" in html
    assert line["name"] in html
    assert f'value="{line["quantity"]}"' in html
    assert line["reasons"][0]["name"] in html


def test_it_shows_the_timeline_with_who_when_and_how_long(support_client, sandbox):
    order = find_order(sandbox, "delivered")
    first = order["_history"][0]
    html = support_client.get(_url(order["id"])).content.decode()
    timeline = html[html.index("<h2>Timeline</h2>") :]
    assert f"{first['updated_by']['first_name']} {first['updated_by']['last_name']}" in timeline
    assert f'<td class="num">{duration(first["duration"])}</td>' in timeline


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (45, "45 s"),
        (12 * 60, "12 min"),
        (2 * 3600 + 15 * 60, "2 h 15 min"),
        (3600, "1 h"),
        (3 * 86400 + 4 * 3600, "3 d 4 h"),
    ],
)
def test_durations_read_like_people_say_them(seconds, text):
    assert duration(seconds) == text


def test_it_counts_the_current_status_so_far(support_client, sandbox):
    order = find_order(sandbox, "paused")
    html = support_client.get(_url(order["id"])).content.decode()
    assert "so far" in html


def test_it_links_the_patient(support_client, sandbox):
    order = find_order(sandbox, "received")
    html = support_client.get(_url(order["id"])).content.decode()
    assert f"/patients/{order['_patient_id']}/" in html


@pytest.mark.parametrize("key", ["order_number", "external_id"])
def test_it_finds_the_order_by_number_or_external_id(key, support_client, sandbox):
    order = find_order(sandbox, "picked", lambda r: bool(r["external_id"]))
    response = support_client.get(_url(order[key]))
    assert response.status_code == 200
    assert order["id"] in response.content.decode()


def test_it_reads_the_order_and_its_history_at_the_same_time(support_client, sandbox, monkeypatch):
    order = find_order(sandbox, "received")
    support_client.get(_url(order["id"]))  # signs in to Blend and fills the reference cache
    both_in_flight = threading.Barrier(2, timeout=5)  # passes only if the two reads overlap
    answer = sandbox.handle

    def handle(method, path, environ):
        if path.startswith(f"/api/v1/orders/{order['id']}"):
            both_in_flight.wait()
        return answer(method, path, environ)

    monkeypatch.setattr(sandbox, "handle", handle)
    assert support_client.get(_url(order["id"])).status_code == 200


def test_it_writes_an_audit_row_for_every_view(support_client, support_user, sandbox):
    order = find_order(sandbox, "received")
    support_client.get(_url(order["order_number"]))
    entry = AuditEntry.objects.get(action="order.view")
    assert (entry.user, entry.target_id, entry.outcome) == (support_user, order["order_number"], "ok")


def test_it_takes_reference_lists_from_the_cache(support_client, sandbox):
    order = find_order(sandbox, "received")
    support_client.get(_url(order["id"]))
    sandbox.faults.seen.clear()
    support_client.get(_url(order["id"]))
    paths = sorted(path for _, path in sandbox.faults.seen)
    assert paths == [f"/orders/{order['id']}", f"/orders/{order['id']}/status_history"]


def test_it_answers_htmx_with_the_parts_that_change(support_client, sandbox, htmx_headers):
    order = find_order(sandbox, "received")
    response = support_client.get(_url(order["id"]), headers=htmx_headers)
    html = response.content.decode()
    assert "<html" not in html
    assert html.lstrip().startswith('<section id="order-state"')
    assert 'id="order-products" class="order-products" aria-label="Products" hx-swap-oob="true"' in html
    assert "HX-Request" in response.headers["Vary"]


def test_it_shows_the_404_page_for_an_unknown_order(support_client):
    response = support_client.get(_url("ORD000000000000NOPE"))
    assert response.status_code == 404
    assert b"Not found" in response.content


def test_it_shows_blend_unavailable_when_blend_times_out(support_client, sandbox):
    order = find_order(sandbox, "received")
    sandbox.faults.add("timeout", path=f"/orders/{order['id']}", times=2)
    assert support_client.get(_url(order["id"])).status_code == 503


def test_it_shows_blend_unavailable_when_blend_fails(support_client, sandbox):
    order = find_order(sandbox, "received")
    sandbox.faults.add(500, path=f"/orders/{order['id']}", times=20)
    assert support_client.get(_url(order["id"])).status_code == 503


def test_it_still_shows_the_order_when_only_the_history_fails(support_client, sandbox):
    order = find_order(sandbox, "received")
    sandbox.faults.add("timeout", path="/status_history")
    response = support_client.get(_url(order["id"]))
    assert response.status_code == 200
    assert "status history could not be read" in response.content.decode()


def test_it_shows_an_unknown_status_as_it_comes(support_client, sandbox):
    order = find_order(sandbox, "received")
    sandbox.state.orders.edit(order["id"])["status"] = "awaiting_pickup"
    response = support_client.get(_url(order["id"]))
    assert response.status_code == 200
    assert (
        'class="badge badge-unknown" data-status="awaiting_pickup">Awaiting pickup<'
        in response.content.decode()
    )
    assert "/actions/" not in response.content.decode()


@pytest.mark.parametrize("status", ALL_STATUSES)
def test_it_offers_exactly_the_actions_blend_allows_in_each_status(status, support_client, sandbox):
    order = find_order(sandbox, status)
    html = support_client.get(_url(order["id"])).content.decode()
    shown = {name for name in rules.ACTIONS if f"/actions/{name}/" in html}
    expected = {a.name for a in rules.ACTIONS.values() if a.allows_status(status)}
    flags = {
        "prioritize": order["priority_requested"],
        "request_cancellation": order["cancellation_requested"],
    }
    expected -= {name for name, already in flags.items() if already}
    if order["replacement_request_status"] == "pending":
        expected.discard("replace")
    assert shown == expected


def test_it_offers_status_actions_only_to_roles_that_may_use_them(clinic_client, manager_client, sandbox):
    order = find_order(sandbox, "received", lambda r: not r["priority_requested"])
    clinic_html = clinic_client.get(_url(order["id"])).content.decode()
    manager_html = manager_client.get(_url(order["id"])).content.decode()
    assert "/actions/" not in clinic_html
    assert {"pause", "prioritize", "cancel"} <= {n for n in rules.ACTIONS if f"/actions/{n}/" in manager_html}


def test_it_offers_line_editing_only_while_received(support_client, sandbox):
    received = find_order(sandbox, "received")
    picked = find_order(sandbox, "picked")
    assert "/lines/add/" in support_client.get(_url(received["id"])).content.decode()
    assert "/lines/" not in support_client.get(_url(picked["id"])).content.decode()


@pytest.mark.parametrize("persona", ["clinic_client", "support_client", "manager_client"])
def test_every_role_sees_the_order(persona, request, sandbox):
    order = find_order(sandbox, "received")
    assert request.getfixturevalue(persona).get(_url(order["id"])).status_code == 200


def test_it_forbids_a_user_without_a_role(outsider_client, sandbox):
    order = find_order(sandbox, "received")
    assert outsider_client.get(_url(order["id"])).status_code == 403
    assert blend_calls(sandbox, "GET", order["id"]) == []


def test_an_unknown_order_is_audited_as_refused(support_client):
    assert support_client.get(_url("ORD000000000000NOPE")).status_code == 404
    entry = AuditEntry.objects.get(action="order.view")
    assert (entry.target_id, entry.outcome) == ("ORD000000000000NOPE", "refused")


def test_a_line_without_a_strength_shows_its_form_alone(support_client, sandbox):
    order = find_order(sandbox, "received", lambda r: bool(r["products"]["non_prescription"]))
    line = sandbox.state.orders.edit(order["id"])["products"]["non_prescription"][0]
    line.update(strength=None, form="capsule")
    html = support_client.get(_url(order["id"])).text
    assert "<td>capsule</td>" in html
    assert "Nonecapsule" not in html


def test_the_tasks_panel_loads_in_the_background(support_client, clinic_client, sandbox):
    """The tasks panels that load after the order and patient pages are background requests: their
    arrival moves no focus (an action sent meanwhile gives it to the order's heading)."""
    import re

    order = find_order(sandbox, "received")
    order_page = support_client.get(f"/orders/{order['id']}/").content.decode()
    patient_id = re.search(r'href="/patients/([0-9a-f-]{36})/"', order_page).group(1)
    patient_page = clinic_client.get(f"/patients/{patient_id}/").content.decode()
    for page, panel in ((order_page, "order-tasks"), (patient_page, "patient-tasks")):
        found = re.search(rf'<div id="{panel}"[^>]*>', page)
        assert found and "X-BlendAdmin-Background" in found.group(0), panel
