"""Pages that update themselves: the "changed since" endpoint their poller asks, answered from
BlendAdmin's database (the processed events), and the pollers the pages carry. End to end: the
sandbox's clock ships an order, Blend's events reach the receiver, the queue processes them, and
the order page's poller hears of it."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone

from apps.core import queue
from apps.core.middleware import BACKGROUND_HEADER
from apps.events.models import OrderState
from apps.orderindex.models import IndexedOrder

URL = "/live/changes/"
BACKGROUND = {BACKGROUND_HEADER: "1", "HX-Request": "true"}


def _state(order_id: str, *, status: str = "shipped", name: str = "Shipping", **extra) -> OrderState:
    return OrderState.objects.create(
        order_id=order_id, order_number=f"ORD-{order_id[:4]}", status=status, status_name=name, **extra
    )


def _since(moment) -> str:
    return moment.isoformat()


def _poller_url(html: str) -> str:
    found = re.search(r'id="live-poller"[^>]*hx-get="([^"]+)"', html)
    assert found, "no poller on the page"
    return found.group(1).replace("&amp;", "&")


def _order(sandbox, status: str) -> dict:
    return min(
        (r for r in sandbox.state.orders.rows() if r["status"] == status), key=lambda r: r["order_number"]
    )


def test_it_answers_no_content_when_nothing_changed(support_client, sandbox):
    seen = len(sandbox.faults.seen)

    response = support_client.get(URL, {"since": _since(timezone.now()), "order": "abc"}, headers=BACKGROUND)

    assert response.status_code == 204 and response.content == b""
    assert len(sandbox.faults.seen) == seen  # an idle page costs no Blend call


def test_it_tells_the_page_when_an_order_it_shows_changed(support_client, sandbox):
    since = timezone.now() - timedelta(seconds=1)
    _state("order-1")
    seen = len(sandbox.faults.seen)

    response = support_client.get(URL, {"since": _since(since), "order": "order-1"}, headers=BACKGROUND)

    assert response.status_code == 200
    assert (
        response.headers["HX-Trigger"] == '{"orders-changed": {"message": "Order ORD-orde is now Shipping."}}'
    )
    cursor = parse_qs(urlsplit(_poller_url(response.content.decode())).query)["since"][0]
    assert cursor == OrderState.objects.get().changed_at.isoformat()  # the next question starts there
    assert len(sandbox.faults.seen) == seen


def test_a_change_to_another_order_moves_the_cursor_but_leaves_the_page_alone(support_client):
    since = timezone.now() - timedelta(seconds=1)
    _state("order-2")

    response = support_client.get(URL, {"since": _since(since), "order": "order-1"}, headers=BACKGROUND)

    assert response.status_code == 200 and "HX-Trigger" not in response.headers
    assert "live-poller" in response.content.decode()


def test_an_order_entering_a_listed_status_concerns_the_list(support_client):
    since = timezone.now() - timedelta(seconds=1)
    _state("order-3", status="exception", name="Exception")

    response = support_client.get(
        URL, {"since": _since(since), "status": "exception,paused"}, headers=BACKGROUND
    )

    assert "1 order in this list changed." in response.headers["HX-Trigger"]


def test_a_queue_hears_of_any_change(support_client):
    since = timezone.now() - timedelta(seconds=1)
    _state("order-4")

    response = support_client.get(URL, {"since": _since(since)}, headers=BACKGROUND)

    assert "the counts are up to date" in response.headers["HX-Trigger"]


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"since": "yesterday"},
        {"since": "2026-12-01T10:00:00", "order": ",".join(str(i) for i in range(101))},
    ],
)
def test_it_refuses_a_bad_question(support_client, query):
    assert support_client.get(URL, query, headers=BACKGROUND).status_code == 400


def test_it_needs_a_user_who_may_see_orders(client, outsider_client):
    since = {"since": _since(timezone.now())}
    assert outsider_client.get(URL, since).status_code == 403
    assert client.get(URL, since).status_code == 302  # to sign in


def test_asking_is_not_activity_that_keeps_a_session_awake(support_client, settings):
    from apps.core.middleware import LAST_ACTIVITY_KEY

    support_client.get("/orders/")
    session = support_client.session
    session[LAST_ACTIVITY_KEY] -= 600
    session.save()
    before = support_client.session[LAST_ACTIVITY_KEY]

    support_client.get(URL, {"since": _since(timezone.now())}, headers=BACKGROUND)

    assert support_client.session[LAST_ACTIVITY_KEY] == before


# --- the pages' pollers and regions ------------------------------------------------------------


def test_the_order_page_asks_about_its_order(support_client, sandbox):
    order = _order(sandbox, "verified")

    html = support_client.get(f"/orders/{order['id']}/").content.decode()

    query = parse_qs(urlsplit(_poller_url(html)).query)
    assert query["order"] == [order["id"]] and query["since"]
    assert 'hx-trigger="every 3s"' in html
    assert f'data-live-url="/orders/{order["id"]}/?part=state"' in html
    assert f'data-live-url="/orders/{order["id"]}/?part=cards"' in html


@pytest.mark.parametrize(
    "part, shown, absent",
    [("state", "Timeline", "Shipments"), ("cards", "Shipments", "Timeline")],
)
def test_each_region_of_the_order_page_reads_alone(
    support_client, sandbox, htmx_headers, part, shown, absent
):
    order = _order(sandbox, "shipped")

    html = support_client.get(f"/orders/{order['id']}/?part={part}", headers=htmx_headers).content.decode()

    assert shown in html and absent not in html and "<html" not in html


def test_the_order_list_asks_about_the_orders_it_shows_and_the_statuses_it_lists(support_client):
    html = support_client.get("/orders/?status=picked&status=verified").content.decode()

    query = parse_qs(urlsplit(_poller_url(html)).query)
    shown = re.findall(r'id="order-row-([0-9a-f-]+)"', html)
    assert shown and query["order"] == [",".join(shown)]
    assert query["status"] == ["picked,verified"]


def test_supports_home_queue_asks_about_any_order(support_client):
    html = support_client.get("/").content.decode()

    query = parse_qs(urlsplit(_poller_url(html)).query)
    assert "order" not in query and 'data-live-url="/"' in html


# --- end to end, in-process --------------------------------------------------------------------


def test_an_order_shipped_by_the_sandbox_reaches_its_open_page(support_client, sandbox, blend_webhooks):
    order = next(
        r
        for r in sorted(sandbox.state.orders.rows(), key=lambda r: r["order_number"])
        if r["status"] == "verified"
        and (sandbox.clock.next_step(r["id"]) or object)
        and sandbox.clock.next_step(r["id"]).detail == "shipped"
    )
    poller = _poller_url(support_client.get(f"/orders/{order['id']}/").content.decode())

    sandbox.clock.advance(sandbox.clock.seconds_until(order["id"]))  # Blend ships it; its events arrive
    queue.run_jobs()  # the worker processes them

    response = support_client.get(poller, headers=BACKGROUND)
    assert f"Order {order['order_number']} is now Shipping." in response.headers["HX-Trigger"]
    cards = support_client.get(f"/orders/{order['id']}/?part=cards", headers={"HX-Request": "true"})
    tracking = sandbox.state.orders.get(order["id"])["shipments"][-1]["tracking_number"]
    assert tracking in cards.content.decode()


# --- new orders on an open order list -----------------------------------------------------------


def _new_order(blend, sandbox, **extra) -> str:
    """An order created at Blend meanwhile (by another user, or the sandbox): its id."""
    busy = {o["_patient_id"] for o in sandbox.state.orders.rows() if o["status"] == "received"}
    patient = next(p for p in sandbox.state.patients.rows() if p["id"] not in busy and p["address"])
    product = next(p for p in sandbox.state.products.rows() if p["_kind"] == "prescription")
    lines = {"prescription": [{"id": product["id"], "quantity": 1}]}
    return blend.order_create(order={"patient_id": patient["id"], "products": lines, **extra}).id


@pytest.mark.parametrize("query", ["", "?status=received", "?status=received&product={product}"])
def test_a_new_order_the_filters_select_appears_on_an_open_list(
    support_client, blend, sandbox, blend_webhooks, query
):
    product = next(p for p in sandbox.state.products.rows() if p["_kind"] == "prescription")
    list_url = "/orders/" + query.format(product=product["id"])
    html = support_client.get(list_url).content.decode()
    poller = _poller_url(html)
    assert "listing" in parse_qs(urlsplit(poller).query, keep_blank_values=True)

    order_id = _new_order(blend, sandbox)  # Blend sends order.created
    queue.run_jobs()
    seen = len(sandbox.faults.seen)

    response = support_client.get(poller, headers=BACKGROUND)
    assert response.headers["HX-Trigger"] == '{"orders-changed": {"message": "1 new order in this list."}}'
    assert len(sandbox.faults.seen) == seen  # asking costs no Blend call
    region = re.search(r'data-live-url="([^"]+)"', html).group(1).replace("&amp;", "&")
    again = support_client.get(region, headers={"HX-Request": "true"}).content.decode()
    assert f'id="order-row-{order_id}"' in again  # the region read again shows it


@pytest.mark.parametrize("query", ["?status=exception", "?product=no-such-product", "?page=2", "?q=Smith"])
def test_a_new_order_the_list_would_not_show_leaves_it_alone(
    support_client, blend, sandbox, blend_webhooks, query
):
    poller = _poller_url(support_client.get("/orders/" + query).content.decode())

    _new_order(blend, sandbox)
    queue.run_jobs()

    response = support_client.get(poller, headers=BACKGROUND)
    assert response.status_code == 200 and "HX-Trigger" not in response.headers


def test_an_order_older_than_a_full_first_page_is_not_new_to_it(support_client, sandbox):
    html = support_client.get("/orders/").content.decode()
    query = parse_qs(urlsplit(_poller_url(html)).query, keep_blank_values=True)
    assert query["after"]  # the first page is full: only orders at least as new as its last row
    shown = query["order"][0].split(",")
    oldest_shown = min(
        (r for r in sandbox.state.orders.rows() if r["id"] in shown), key=lambda r: r["created_at"]
    )
    older = max(
        (r for r in sandbox.state.orders.rows() if r["created_at"] < oldest_shown["created_at"]),
        key=lambda r: r["created_at"],
    )
    IndexedOrder.objects.create(
        id=older["id"], order_number=older["order_number"], status=older["status"],
        created_at=timezone.now() - timedelta(days=400), indexed_at=timezone.now(),
    )  # fmt: skip
    since = timezone.now() - timedelta(seconds=1)
    _state(older["id"])  # it changed, and the index has it under the list's filters
    query["since"] = [since.isoformat()]

    response = support_client.get(URL, {k: v[0] for k, v in query.items()}, headers=BACKGROUND)
    assert response.status_code == 200 and "HX-Trigger" not in response.headers


# --- changes Blend sends no event for (its reference names no order.updated) -------------------


def test_a_change_made_in_blendadmin_reaches_other_open_pages(support_client, manager_client, sandbox):
    from apps.core.once import token_new

    order = next(
        r for r in sorted(sandbox.state.orders.rows(), key=lambda r: r["order_number"])
        if r["status"] == "data_entry" and not r["priority_requested"]
    )  # fmt: skip
    poller = _poller_url(manager_client.get(f"/orders/{order['id']}/").content.decode())

    support_client.post(
        f"/orders/{order['id']}/actions/prioritize/",
        {"token": token_new(), "confirmed": "1", "return_to": "detail"},
        headers={"HX-Request": "true"},
    )  # Blend answers with the order; it sends no event for a priority request

    assert sandbox.state.orders.get(order["id"])["priority_requested"]
    response = manager_client.get(poller, headers=BACKGROUND)
    assert f"Order {order['order_number']} is now" in response.headers["HX-Trigger"]
    assert IndexedOrder.objects.get(id=order["id"]).priority_requested


def test_an_action_on_the_order_page_moves_its_own_poller_past_the_change(support_client, sandbox):
    """The action's answer shows the order as it is now and replaces the page's poller: the next
    question starts after the change just shown, so the page does not read itself again (which
    would take the focus from the heading the answer moved it to)."""
    from apps.core.once import token_new

    order = _order(sandbox, "received")
    old_poller = _poller_url(support_client.get(f"/orders/{order['id']}/").content.decode())

    answer = support_client.post(
        f"/orders/{order['id']}/actions/pause/",
        {"token": token_new(), "confirmed": "1", "return_to": "detail"},
        headers={"HX-Request": "true"},
    ).content.decode()

    assert sandbox.state.orders.get(order["id"])["status"] == "paused"
    assert re.search(r'id="live-poller"[^>]*hx-swap-oob="true"', answer)
    assert support_client.get(_poller_url(answer), headers=BACKGROUND).status_code == 204
    assert "HX-Trigger" in support_client.get(old_poller, headers=BACKGROUND).headers  # it would have


def test_a_fulfilled_replacement_refreshes_its_original(sandbox, blend_webhooks):
    original = next(
        r for r in sorted(sandbox.state.orders.rows(), key=lambda r: r["order_number"])
        if r.get("replacement_request_status") == "pending"
        and sandbox.clock.next_step(r["id"]).action == "replace"
    )  # fmt: skip

    sandbox.clock.advance(sandbox.clock.seconds_until(original["id"]))  # only the replacement's order.created
    queue.run_jobs()

    assert OrderState.objects.filter(order_id=original["id"]).exists()  # pages open on it hear of it
    assert IndexedOrder.objects.get(id=original["id"]).replacement_request_status == "fulfilled"
