"""The order page's timeline as one story: Blend's status history, the events Blend sent about the
order, and what BlendAdmin's users did to it (who, what, before and after, refusals too)."""

from __future__ import annotations

import re

from apps.core import queue
from apps.orderindex.services import order_index_sync
from apps.sandbox import clock as sandbox_clock
from tests.orders.helpers import find_order
from tests.orders.test_order_actions import _fresh, _post
from tests.orders.test_order_edit import _form
from tests.orders.test_order_edit import _url as _edit_url


def _timeline(client, order_id: str) -> str:
    html = client.get(f"/orders/{order_id}/").content.decode()
    return html[html.index("<h2>Timeline</h2>") :]


def test_it_tells_who_paused_the_order_in_blendadmin(support_client, support_user, sandbox):
    order = find_order(sandbox, "received", _fresh)

    _post(support_client, order["id"], "pause")

    timeline = _timeline(support_client, order["id"])
    assert "Pause order" in timeline and f"{support_user.username} in BlendAdmin" in timeline


def test_it_tells_what_an_edit_changed_before_and_after(clinic_client, clinic_user, sandbox):
    order = find_order(sandbox, "received", lambda r: not r["external_id"])

    clinic_client.post(_edit_url(order["id"]), _form(order, external_id="HC-TIMELINE-1"))

    timeline = _timeline(clinic_client, order["id"])
    assert "Edited the order" in timeline and f"{clinic_user.username} in BlendAdmin" in timeline
    assert "external_id: — → HC-TIMELINE-1" in timeline


def test_it_tells_a_refused_action(support_client, sandbox):
    order = find_order(sandbox, "received", _fresh)
    sandbox.state.orders.edit(order["id"])["status"] = "shipped"  # moved on since the page was drawn

    _post(support_client, order["id"], "pause")

    assert "Pause order (refused)" in _timeline(support_client, order["id"])


def test_it_tells_the_events_blend_sent_with_a_stuck_reason_in_words(support_client, sandbox, blend_webhooks):
    order = next(
        r
        for r in sorted(sandbox.state.orders.rows(), key=lambda r: r["order_number"])
        if r["status"] == "received"
        and (step := sandbox.clock.next_step(r["id"])) is not None
        and step.detail == sandbox_clock.TOO_EARLY
    )

    sandbox.clock.advance(sandbox.clock.seconds_until(order["id"]))
    queue.run_jobs()

    timeline = _timeline(support_client, order["id"])
    assert "Blend sent “Order stuck”" in timeline
    assert "Too early to fill: Blend fills it by itself when the refill is due." in timeline


# --- stuck orders ------------------------------------------------------------------------------


def _stuck_one(sandbox, reason: str = sandbox_clock.TOO_EARLY) -> dict:
    order = next(
        r
        for r in sorted(sandbox.state.orders.rows(), key=lambda r: r["order_number"])
        if r["status"] in ("received", "data_entry")
        and (step := sandbox.clock.next_step(r["id"])) is not None
        and step.detail == reason
    )
    sandbox.clock.advance(sandbox.clock.seconds_until(order["id"]))
    queue.run_jobs()
    return order


def test_the_order_page_says_why_blend_holds_the_order(support_client, sandbox, blend_webhooks):
    order = _stuck_one(sandbox, sandbox_clock.NO_REFILLS)

    html = support_client.get(f"/orders/{order['id']}/").content.decode()

    assert (
        "Stuck at Blend.</strong> No refills remaining: the prescriber must send a new prescription." in html
    )


def test_the_order_list_filters_stuck_orders_with_their_reason(support_client, sandbox, blend_webhooks):
    order = _stuck_one(sandbox)

    html = support_client.get("/orders/?blend_stuck=1").content.decode()

    rows = re.findall(r'<tr id="order-row-([0-9a-f-]+)">.*?</tr>', html, re.S)
    assert order["id"] in rows  # the clock's turn got others stuck too: each row says why
    assert html.count("Too early to fill") + html.count("No refills") + html.count("expired") >= len(rows)
    assert all(sandbox.state.orders.get(i)["_stuck"] for i in rows)


def test_a_stuck_order_that_moves_on_is_no_longer_stuck(support_client, sandbox, blend_webhooks):
    order = _stuck_one(sandbox)
    sandbox.clock.advance(sandbox.clock.seconds_until(order["id"]))  # too early to fill clears by itself
    queue.run_jobs()

    html = support_client.get("/orders/?blend_stuck=1").content.decode()

    assert order["id"] not in html


def test_supports_home_queue_counts_stuck_orders(support_client, sandbox, blend_webhooks):
    _stuck_one(sandbox)
    order_index_sync()
    stuck = [r for r in sandbox.state.orders.rows() if r.get("_stuck") and r["status"] != "cancelled"]

    html = support_client.get("/").content.decode()

    assert re.search(rf'<span class="queue-count">{len(stuck)}</span> Stuck at Blend', html)
    assert 'href="/orders/?blend_stuck=on&amp;sort=created"' in html
    listed = support_client.get("/orders/?blend_stuck=on&sort=created").content.decode()
    assert len(re.findall(r'<tr id="order-row-', listed)) == len(stuck) > 0
