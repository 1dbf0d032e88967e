from __future__ import annotations

import pytest

from apps.audit.models import AuditEntry
from apps.core.once import token_new
from apps.orders import rules
from tests.orders.helpers import ALL_STATUSES, audit_rows, find_order, set_status, toast, token_from, writes

HTMX = {"HX-Request": "true"}


def _url(order_id: str, action: str) -> str:
    return f"/orders/{order_id}/actions/{action}/"


def _post(client, order_id: str, action: str, *, htmx: bool = True, token: str | None = None, **data):
    payload = {"token": token or token_new(), "confirmed": "1", "return_to": "detail", **data}
    return client.post(_url(order_id, action), payload, headers=HTMX if htmx else {})


def _fresh(row) -> bool:
    return (
        not (row["priority_requested"] or row["cancellation_requested"])
        and row["replacement_request_status"] is None
    )


# (action, a status that allows it, extra form data, what Blend then holds)
SUCCESSES = [
    ("pause", "received", {}, lambda row: row["status"] == "paused"),
    ("unpause", "paused", {}, lambda row: row["status"] == "received"),
    ("cancel", "exception", {}, lambda row: row["status"] == "cancelled"),
    ("prioritize", "data_entry", {}, lambda row: row["priority_requested"]),
    (
        "request_cancellation",
        "verified",
        {"comments": "Patient moved"},
        lambda row: row["cancellation_requested"],
    ),
    (
        "replace",
        "delivered",
        {"reason": "Arrived damaged"},
        lambda row: row["replacement_request_status"] == "pending",
    ),
]


@pytest.mark.parametrize(("action", "status", "data", "done"), SUCCESSES, ids=[s[0] for s in SUCCESSES])
def test_it_runs_the_action_and_updates_the_page_in_place(
    action, status, data, done, support_client, sandbox
):
    order = find_order(sandbox, status, _fresh)
    response = _post(support_client, order["id"], action, **data)
    assert response.status_code == 200
    assert done(sandbox.state.orders.get(order["id"]))
    assert toast(response)["level"] == "success"
    assert response.content.decode().lstrip().startswith('<section id="order-state"')
    assert audit_rows(rules.ACTIONS[action].audit)[0].outcome == "ok"


def test_it_shows_the_new_status_timeline_and_buttons(support_client, sandbox):
    order = find_order(sandbox, "received", _fresh)
    html = _post(support_client, order["id"], "pause").content.decode()
    assert 'data-status="paused">Paused</span></h1>' in html
    assert html.count('data-status="paused"') >= 2  # the badge and the timeline's newest entry
    assert "/actions/unpause/" in html
    assert "/actions/pause/" not in html


def test_it_says_what_happened_in_the_toast(support_client, sandbox):
    order = find_order(sandbox, "received", _fresh)
    response = _post(support_client, order["id"], "pause")
    assert toast(response)["message"] == f"Order {order['order_number']} is paused."


def test_it_sends_the_comments_with_a_cancellation_request(support_client, sandbox):
    order = find_order(sandbox, "picked", _fresh)
    _post(support_client, order["id"], "request_cancellation", comments="Patient changed their mind")
    assert (
        sandbox.state.orders.get(order["id"])["_cancellation_request"]["comments"]
        == "Patient changed their mind"
    )


def test_it_updates_a_list_row_in_place(support_client, sandbox):
    order = find_order(sandbox, "received", _fresh)
    response = _post(support_client, order["id"], "pause", return_to="row")
    html = response.content.decode()
    assert html.lstrip().startswith(f'<tr id="order-row-{order["id"]}">')
    assert 'data-status="paused"' in html


def test_a_rows_menu_offers_the_actions_for_the_orders_current_status(support_client, sandbox):
    order = find_order(sandbox, "received", _fresh)
    set_status(sandbox, order["id"], "delivered")  # the list row was drawn while it was received
    html = support_client.get(f"/orders/{order['id']}/actions/", headers=HTMX).content.decode()
    assert f'href="{_url(order["id"], "replace")}"' in html
    assert "/actions/pause/" not in html


def test_a_rows_menu_posts_back_to_the_row(support_client, sandbox):
    order = find_order(sandbox, "received", _fresh)
    html = support_client.get(f"/orders/{order['id']}/actions/", headers=HTMX).content.decode()
    assert 'hx-target="closest tr"' in html
    assert 'name="return_to" value="row"' in html
    assert "<html" not in html


def test_a_rows_menu_offers_clinic_staff_nothing(clinic_client, sandbox):
    order = find_order(sandbox, "received")
    html = clinic_client.get(f"/orders/{order['id']}/actions/", headers=HTMX).content.decode()
    assert "No actions in this status." in html


def test_without_js_the_menu_is_the_order_page(support_client, sandbox):
    order = find_order(sandbox, "received")
    response = support_client.get(f"/orders/{order['id']}/actions/")
    assert response["Location"] == f"/orders/{order['id']}/"


def test_it_redirects_to_the_order_without_htmx(support_client, sandbox):
    order = find_order(sandbox, "received", _fresh)
    response = _post(support_client, order["id"], "pause", htmx=False)
    assert response.status_code == 302
    assert response["Location"] == f"/orders/{order['id']}/"
    follow = support_client.get(response["Location"])
    assert f"Order {order['order_number']} is paused." in follow.content.decode()


DISALLOWED = [
    (name, status)
    for name in rules.ACTIONS
    for status in ALL_STATUSES
    if status not in rules.ACTIONS[name].statuses
]


@pytest.mark.parametrize(("action", "status"), DISALLOWED)
def test_it_refuses_in_every_status_blend_does_not_allow(action, status, manager_client, sandbox):
    order = find_order(sandbox, status)
    response = _post(manager_client, order["id"], action, comments="x", reason="y")
    assert writes(sandbox) == []
    assert toast(response)["level"] == "error"
    assert f"Can't {rules.ACTIONS[action].verb} order {order['order_number']}" in toast(response)["message"]
    assert audit_rows(rules.ACTIONS[action].audit)[0].outcome == "refused"


def test_it_refuses_a_second_cancellation_request_without_asking_blend(support_client, sandbox):
    order = find_order(sandbox, "picked", lambda r: r["cancellation_requested"])
    response = _post(support_client, order["id"], "request_cancellation")
    assert writes(sandbox) == []
    assert "already requested" in toast(response)["message"]


def test_it_checks_the_status_again_when_the_page_was_stale(support_client, sandbox):
    order = find_order(sandbox, "received", _fresh)
    page = support_client.get(f"/orders/{order['id']}/").content.decode()
    set_status(sandbox, order["id"], "shipped")  # someone else moved it on meanwhile
    response = _post(support_client, order["id"], "pause", token=token_from(page, "pause"))
    assert writes(sandbox) == []
    assert "it is now Shipping" in toast(response)["message"]
    assert 'data-status="shipped"' in response.content.decode()
    assert "/actions/pause/" not in response.content.decode()


def test_it_explains_when_blend_refuses_because_the_order_moved_on(support_client, sandbox):
    order = find_order(sandbox, "received", _fresh)
    sandbox.faults.add(409, path=f"/orders/{order['id']}/pause")
    response = _post(support_client, order["id"], "pause")
    assert response.status_code == 200
    assert toast(response)["message"].startswith("Blend refused to pause the order: it changed")
    assert 'data-status="received"' in response.content.decode()
    assert audit_rows("order.pause")[0].outcome == "refused"


def test_it_says_so_when_blend_times_out(support_client, sandbox):
    order = find_order(sandbox, "received", _fresh)
    sandbox.faults.add("timeout", path=f"/orders/{order['id']}/pause")
    response = _post(support_client, order["id"], "pause")
    assert response.status_code == 200
    assert "did not answer in time" in toast(response)["message"]
    assert audit_rows("order.pause")[0].outcome == "failed"


def test_after_a_timeout_the_same_form_is_not_sent_again(support_client, sandbox):
    order = find_order(sandbox, "received", _fresh)
    sandbox.faults.add("timeout", path=f"/orders/{order['id']}/pause")
    same = token_new()
    _post(support_client, order["id"], "pause", token=same)
    _post(support_client, order["id"], "pause", token=same)
    assert len(writes(sandbox)) == 1


def test_when_blend_is_down_the_same_form_can_be_sent_again(support_client, sandbox):
    order = find_order(sandbox, "received", _fresh)
    sandbox.faults.add(503, path=f"/orders/{order['id']}/pause")
    same = token_new()
    first = _post(support_client, order["id"], "pause", token=same)
    assert first.status_code == 503
    assert first["X-BlendAdmin-Message"]
    _post(support_client, order["id"], "pause", token=same)
    assert sandbox.state.orders.get(order["id"])["status"] == "paused"
    assert [a.outcome for a in audit_rows("order.pause")] == ["ok", "failed"]


def test_a_double_click_sends_the_action_once(support_client, sandbox):
    order = find_order(sandbox, "received", _fresh)
    same = token_new()
    _post(support_client, order["id"], "prioritize", token=same)
    second = _post(support_client, order["id"], "prioritize", token=same)
    assert len(writes(sandbox)) == 1
    assert toast(second)["level"] == "info"
    assert len(audit_rows("order.prioritize")) == 1


def test_buttons_disable_themselves_while_sending(support_client, sandbox):
    order = find_order(sandbox, "received", _fresh)
    html = support_client.get(f"/orders/{order['id']}/").content.decode()
    assert html.count('hx-disabled-elt="find button"') >= 3


def test_cancel_asks_for_confirmation_naming_the_order_and_patient(support_client, sandbox):
    order = find_order(sandbox, "received", _fresh)
    patient = sandbox.state.patients.get(order["_patient_id"])
    html = support_client.get(f"/orders/{order['id']}/").content.decode()
    name = f"{patient['first_name']} {patient['last_name']}"
    assert f'hx-confirm="Cancel order {order["order_number"]} for {name}? This cannot be undone."' in html


def test_the_confirmation_page_asks_before_anything_is_sent(support_client, sandbox):
    order = find_order(sandbox, "received", _fresh)
    response = support_client.get(_url(order["id"], "cancel"))
    assert response.status_code == 200
    assert f"Cancel order {order['order_number']}" in response.content.decode()
    assert writes(sandbox) == []


def test_an_unconfirmed_post_shows_the_confirmation_page(support_client, sandbox):
    order = find_order(sandbox, "received", _fresh)
    response = support_client.post(_url(order["id"], "cancel"), {"token": token_new()})
    assert response.status_code == 200
    assert b'name="confirmed" value="1"' in response.content
    assert writes(sandbox) == []


def test_a_replacement_needs_a_reason(support_client, sandbox):
    order = find_order(sandbox, "delivered", _fresh)
    response = _post(support_client, order["id"], "replace", reason="  ")
    assert writes(sandbox) == []
    assert "Say why a replacement is needed" in response.content.decode()
    assert '<details class="action-details" open>' in response.content.decode()
    assert audit_rows("order.replace") == []


def test_without_js_a_missing_reason_shows_at_the_field(support_client, sandbox):
    order = find_order(sandbox, "delivered", _fresh)
    response = _post(support_client, order["id"], "replace", htmx=False)
    assert '<p class="field-error" role="alert">Say why a replacement is needed' in response.content.decode()
    assert writes(sandbox) == []


def test_a_post_without_its_token_sends_nothing(support_client, sandbox):
    order = find_order(sandbox, "received", _fresh)
    response = support_client.post(_url(order["id"], "pause"), {"confirmed": "1"}, headers=HTMX)
    assert writes(sandbox) == []
    assert toast(response)["level"] == "error"


@pytest.mark.parametrize(
    "action", ["pause", "unpause", "prioritize", "request_cancellation", "replace", "cancel"]
)
def test_clinic_staff_may_not_run_status_actions(action, clinic_client, sandbox):
    order = find_order(sandbox, "received")
    assert _post(clinic_client, order["id"], action, reason="r").status_code == 403
    assert writes(sandbox) == []


def test_support_may_cancel(support_client, sandbox):
    order = find_order(sandbox, "paused")
    _post(support_client, order["id"], "cancel")
    assert sandbox.state.orders.get(order["id"])["status"] == "cancelled"


def test_a_manager_may_run_actions(manager_client, sandbox):
    order = find_order(sandbox, "received", _fresh)
    _post(manager_client, order["id"], "pause")
    assert sandbox.state.orders.get(order["id"])["status"] == "paused"


def test_a_user_without_a_role_is_forbidden(outsider_client, sandbox):
    order = find_order(sandbox, "received")
    assert _post(outsider_client, order["id"], "pause").status_code == 403
    assert writes(sandbox) == []


def test_actions_need_post(support_client, sandbox):
    order = find_order(sandbox, "received")
    assert support_client.put(_url(order["id"], "pause")).status_code == 405


def test_an_unknown_action_is_not_found(support_client, sandbox):
    order = find_order(sandbox, "received")
    assert _post(support_client, order["id"], "teleport").status_code == 404


def test_an_unknown_order_gets_the_404_page(support_client, sandbox):
    response = _post(support_client, "ORD000000000000NOPE", "pause", htmx=False)
    assert response.status_code == 404
    assert AuditEntry.objects.get().outcome == "refused"


def test_the_audit_row_names_the_actor_and_the_order(support_client, support_user, sandbox):
    order = find_order(sandbox, "received", _fresh)
    _post(support_client, order["id"], "pause")
    entry = AuditEntry.objects.get()
    assert (entry.username, entry.target_type, entry.target_id) == (
        support_user.username,
        "order",
        order["id"],
    )


def test_the_status_history_names_the_blendadmin_user_who_paused(support_client, support_user, sandbox):
    order = find_order(sandbox, "received", _fresh)
    _post(support_client, order["id"], "pause")
    page = support_client.get(f"/orders/{order['id']}/").content.decode()
    timeline = page.split("<h2>Timeline</h2>")[1]
    newest = timeline[timeline.rindex('data-status="paused"') :].split("</tr>")[0]
    assert f"for {support_user.username} in BlendAdmin" in newest
    assert "in BlendAdmin" not in timeline[: timeline.rindex('data-status="paused"')]  # Blend's own only


def test_the_audit_row_keeps_the_reason_given_for_a_replacement(support_client, sandbox):
    order = find_order(sandbox, "shipped", _fresh)
    _post(support_client, order["id"], "replace", reason="Arrived crushed")
    (entry,) = audit_rows("order.replace")
    assert entry.outcome == "ok" and "reason: “Arrived crushed”" in entry.error_message
    assert order["order_number"] in entry.error_message
