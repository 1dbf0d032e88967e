"""The sandbox's clock: orders move on, get stuck and unstuck, requests resolve, and every change
goes out as Blend's events to the webhook subscriptions (in-process here; over HTTP at the end)."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from apps.sandbox import clock as sandbox_clock
from apps.sandbox import webhooks

HOOK_URL = "http://localhost/webhooks/blend/"


class Hooks:
    """The deliveries the sandbox makes, carried in-process; answers `statuses` in turn, then 200."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []
        self.statuses: list[int] = []
        self.waits: list[float] = []

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return httpx.Response(self.statuses.pop(0) if self.statuses else 200)

    @property
    def events(self) -> list[tuple[str, dict]]:
        return [(body["event_code"], body["data"]) for body in (json.loads(r.content) for r in self.requests)]

    def events_for(self, order_id: str) -> list[tuple[str, dict]]:
        return [(code, data) for code, data in self.events if order_id in (data["id"], data.get("order_id"))]

    def codes_for(self, order_id: str) -> list[str]:
        return [code for code, _ in self.events_for(order_id)]


@pytest.fixture
def hooks(sandbox, blend, monkeypatch):
    box = Hooks()
    monkeypatch.setattr(webhooks, "INLINE", True)
    monkeypatch.setattr(webhooks, "TRANSPORT", httpx.MockTransport(box.handle))
    monkeypatch.setattr(webhooks, "SLEEP", box.waits.append)
    box.secret = blend.webhook_secret_generate()
    blend.webhook_create(url=HOOK_URL, event_codes=["all"])
    return box


def _orders(sandbox, status: str, **wanted) -> list[dict]:
    rows = [r for r in sandbox.state.orders.rows() if r["status"] == status]
    return sorted(
        (r for r in rows if all(r.get(k) == v for k, v in wanted.items())), key=lambda r: r["order_number"]
    )


def _with_next(sandbox, status: str, action: str, detail: str | None = None) -> dict:
    """A seeded order in `status` whose next step is `action` (and `detail`)."""
    for row in _orders(sandbox, status):
        step = sandbox.clock.next_step(row["id"])
        if step is not None and step.action == action and (detail is None or step.detail == detail):
            return row
    raise AssertionError(f"no {status} order whose next step is {action} {detail or ''}")


def _step(sandbox, order_id: str):
    """Turn the clock just far enough for the order's next step."""
    return sandbox.clock.advance(sandbox.clock.seconds_until(order_id))


def test_it_moves_nothing_until_the_clock_turns(blend, sandbox):
    before = {r["id"]: r["status"] for r in sandbox.state.orders.rows()}

    assert sandbox.clock.tick() == []
    assert {r["id"]: r["status"] for r in sandbox.state.orders.rows()} == before


def test_it_walks_an_order_from_picked_to_delivered_with_a_shipment(blend, sandbox):
    order = _with_next(sandbox, "picked", "move", "verified")
    for _ in range(3):
        _step(sandbox, order["id"])

    shipped = blend.order_get(order_id=order["id"])
    history = [entry.status for entry in blend.order_status_history(order_id=order["id"])]
    assert shipped.status == "delivered"
    assert history[-4:] == ["picked", "verified", "shipped", "delivered"]
    shipment = shipped.shipments[-1]
    assert shipment.carrier in ("USPS", "UPS") and shipment.service_level
    assert shipment.tracking_number in shipment.tracking_url


def test_it_stamps_each_step_with_its_own_time_and_moves_the_sandboxs_time(blend, sandbox):
    order = _with_next(sandbox, "verified", "move", "shipped")
    wait = sandbox.clock.seconds_until(order["id"])

    sandbox.clock.advance(wait + 3600)

    entries = blend.order_status_history(order_id=order["id"])
    shipped_at, last = entries[-1].updated_at, entries[-2]
    assert last.duration == pytest.approx((shipped_at - last.updated_at).total_seconds(), abs=1)
    paused = blend.order_pause(order_id=_orders(sandbox, "received")[0]["id"])
    assert paused.updated_at >= shipped_at  # the sandbox's time moved with its clock


def test_it_takes_the_same_steps_from_the_same_seed(sandbox):
    from apps.sandbox.runtime import reset_sandbox

    first = [(s.order_id, s.action, s.detail) for s in sandbox.clock.advance(3 * 86400)]
    again = reset_sandbox()
    second = [(s.order_id, s.action, s.detail) for s in again.clock.advance(3 * 86400)]

    assert len(first) > 50 and first == second
    assert {"move", "stuck"} <= {action for _, action, _ in first}


def test_a_paused_order_waits_for_a_person(blend, sandbox):
    order = _orders(sandbox, "paused")[0]

    sandbox.clock.advance(30 * 86400)

    assert blend.order_get(order_id=order["id"]).status == "paused"


def test_an_order_missing_a_prescription_gets_stuck_after_a_day_until_one_matches(blend, sandbox, hooks):
    order = sandbox.state.orders.edit(_orders(sandbox, "received")[0]["id"])
    order["products"]["prescription"][0]["has_prescription"] = False
    step = sandbox.clock.next_step(order["id"])
    assert (step.action, step.detail) == ("stuck", sandbox_clock.MISSING_PRESCRIPTION)
    assert (step.at - sandbox.clock.started).total_seconds() == pytest.approx(86400, abs=1)

    sandbox.clock.advance(40 * 86400)
    assert blend.order_get(order_id=order["id"]).status == "received"
    stuck = [data for code, data in hooks.events if code == "order.stuck" and data["id"] == order["id"]]
    assert [data["reason"] for data in stuck] == ["Order Missing Active Prescription"]

    for line in sandbox.state.orders.edit(order["id"])["products"]["prescription"]:
        line["has_prescription"] = True  # the prescription came
    sandbox.clock.advance(86400)
    assert blend.order_get(order_id=order["id"]).status != "received"


def test_too_early_to_fill_clears_by_itself(blend, sandbox, hooks):
    order = _with_next(sandbox, "received", "stuck", sandbox_clock.TOO_EARLY)

    _step(sandbox, order["id"])
    assert blend.order_get(order_id=order["id"]).status == "received"
    _step(sandbox, order["id"])

    assert blend.order_get(order_id=order["id"]).status == "data_entry"
    codes = hooks.codes_for(order["id"])
    assert codes == ["order.stuck", "order.status_changed"]
    stuck = next(data for code, data in hooks.events if data["id"] == order["id"])
    assert stuck["reason"] == "Order Too Early to Fill"


def test_no_refills_remaining_waits_for_a_person(blend, sandbox, hooks):
    order = _with_next(sandbox, "data_entry", "stuck", sandbox_clock.NO_REFILLS)

    _step(sandbox, order["id"])

    assert sandbox.clock.next_step(order["id"]) is None
    assert hooks.codes_for(order["id"]) == ["order.stuck"]
    assert [d["reason"] for c, d in hooks.events if d["id"] == order["id"]] == ["No Refills Remaining"]


def test_some_orders_go_to_exception_and_back(blend, sandbox):
    order = _with_next(sandbox, "data_entry", "move", "exception")

    _step(sandbox, order["id"])
    assert blend.order_get(order_id=order["id"]).status == "exception"
    _step(sandbox, order["id"])

    assert blend.order_get(order_id=order["id"]).status == "data_entry"


def test_a_cancellation_request_is_resolved(blend, sandbox, hooks):
    order = _orders(sandbox, "picked", cancellation_requested=False)[0]
    blend.order_request_cancellation(order_id=order["id"], comments="Patient changed their mind")
    expected = sandbox.clock.next_step(order["id"]).action

    _step(sandbox, order["id"])

    after = blend.order_get(order_id=order["id"])
    if expected == "cancel":
        assert after.status == "cancelled" and "order.cancelled" in hooks.codes_for(order["id"])
    else:
        assert after.status == "picked" and not after.cancellation_requested
    # Blend documents no event for a change without a status change: the request itself sends none
    assert "order.updated" not in hooks.codes_for(order["id"])


def test_a_fulfilled_replacement_creates_the_replacement_order(blend, sandbox, hooks):
    original = next(
        r
        for r in _orders(sandbox, "delivered", replacement_request_status="pending")
        if sandbox.clock.next_step(r["id"]).action == "replace"
    )

    _step(sandbox, original["id"])

    after = blend.order_get(order_id=original["id"])
    assert after.replacement_request_status == "fulfilled" and len(after.replacement_order_ids) == 1
    replacement = blend.order_get(order_id=after.replacement_order_ids[0])
    assert replacement.is_replacement and replacement.original_order_id == original["id"]
    assert replacement.status == "received"
    assert replacement.replacement_reason == original["replacement_requested_reason"]
    assert hooks.codes_for(replacement.id) == ["order.created"]  # it names its original
    assert hooks.codes_for(original["id"]) == []  # no undocumented order.updated


def test_a_declined_replacement_is_marked_declined(blend, sandbox, hooks):
    original = next(
        r
        for r in _orders(sandbox, "delivered", replacement_request_status="pending")
        if sandbox.clock.next_step(r["id"]).action == "decline"
    )

    _step(sandbox, original["id"])

    assert blend.order_get(order_id=original["id"]).replacement_request_status == "declined"
    assert hooks.codes_for(original["id"]) == []  # Blend documents no event for it


# --- events -------------------------------------------------------------------------------------


def test_it_delivers_the_shipping_events_with_the_secret(blend, sandbox, hooks):
    order = _with_next(sandbox, "verified", "move", "shipped")

    _step(sandbox, order["id"])

    assert hooks.codes_for(order["id"]) == ["order.status_changed", "order.shipped"]
    changed, shipped = (data for code, data in hooks.events_for(order["id"]))
    assert (changed["status_code"], changed["status_name"]) == ("S01", "Shipping")
    tracking = blend.order_get(order_id=order["id"]).shipments[-1].tracking_number
    assert (shipped["order_id"], shipped["tracking_number"]) == (order["id"], tracking)
    assert {"carrier", "service_level", "tracking_url", "estimated_delivery_date"} <= set(shipped)
    assert {r.headers["authorization"] for r in hooks.requests} == {f"Bearer {hooks.secret}"}


def test_each_event_of_an_order_has_its_own_update_time(sandbox, hooks):
    order = _with_next(sandbox, "picked", "move", "verified")
    for _ in range(3):
        _step(sandbox, order["id"])

    keys = [(code, data["id"], data["updated_at"]) for code, data in hooks.events_for(order["id"])]
    assert len(keys) == len(set(keys)) == 5  # a receiver de-duplicating on these keeps every one


def test_a_persons_action_goes_out_as_blends_documented_events_only(blend, sandbox, hooks):
    order = _orders(sandbox, "received")[0]

    blend.order_pause(order_id=order["id"])
    blend.order_update(order_id=order["id"], changes={"external_id": "HC-CLOCK-1"})
    blend.order_prioritize(order_id=order["id"])

    assert hooks.codes_for(order["id"]) == ["order.status_changed"]  # no order.updated (reference §5.2)
    assert hooks.events[0][1]["status_name"] == "Paused"


def test_it_retries_a_failed_delivery_with_backoff(blend, sandbox, hooks):
    hooks.statuses = [500, 503]

    blend.order_pause(order_id=_orders(sandbox, "received")[0]["id"])

    assert webhooks.log[-1].attempts == [500, 503, 200] and webhooks.log[-1].outcome == "delivered"
    assert hooks.waits == [1.0, 2.0]


def test_it_gives_up_after_five_attempts(blend, sandbox, hooks):
    hooks.statuses = [500] * 5

    blend.order_pause(order_id=_orders(sandbox, "received")[0]["id"])

    assert webhooks.log[-1].attempts == [500] * 5 and webhooks.log[-1].outcome == "failed"
    assert hooks.waits == [1.0, 2.0, 4.0, 8.0]


def test_it_delivers_over_http_from_its_own_thread(blend, sandbox, monkeypatch):
    monkeypatch.setattr(webhooks, "DELAY_SCALE", 0.001)
    arrived: list[dict] = []
    got = threading.Event()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            arrived.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()
            got.set()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/hooks"
        blend.webhook_create(url=url, event_codes=["order.stuck"])
        sandbox.clock.speed = 10**6  # a Blend day in a tenth of a second
        sandbox.clock.run_in_background(interval=0.02)
        assert got.wait(10)
    finally:
        sandbox.clock.stop()
        for delivery in list(webhooks.log):  # let the last ones land before the server goes
            delivery.done.wait(5)
        server.shutdown()
        server.server_close()
    assert arrived[0]["event_code"] == "order.stuck"
    assert arrived[0]["data"]["reason"] in sandbox_clock.STUCK_REASONS


def test_it_runs_by_itself_only_when_asked(sandbox):
    sandbox.clock.speed = 10**6  # everything would be due at once, if anything turned the clock
    before = sandbox.state.orders.version

    time.sleep(0.2)

    assert sandbox.state.orders.version == before  # BLEND_SANDBOX_PROGRESS is off in tests
