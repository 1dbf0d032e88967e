"""Notifications: event types, webhooks (and a real delivery to a loopback server), the secret,
samples, e-mail subscriptions and the deprecated generic subscriptions."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from apps.blend.errors import BlendNotFound, BlendValidationError
from apps.sandbox import webhooks
from apps.sandbox.seed import SANDBOX_USER_ID

URL = "https://hooks.example.com/blend"
UNKNOWN = "98cae3a3-996c-4bf5-9143-0ab6d98bc1d0"


class Receiver:
    """A loopback HTTP server recording the webhooks it gets; answers `statuses` in turn, then 200."""

    def __init__(self, statuses=()):
        self.received: list[tuple[dict, dict]] = []
        self.statuses = list(statuses)
        self.arrived = threading.Event()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                receiver.received.append((dict(self.headers), body))
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()
                if status == 200:
                    receiver.arrived.set()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/blend"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()


@pytest.fixture
def receiver(monkeypatch):
    monkeypatch.setattr(webhooks, "DELAY_SCALE", 0.001)
    box = Receiver()
    yield box
    box.close()


def _wait_for_deliveries():
    for delivery in list(webhooks.log):
        assert delivery.done.wait(5)


def test_it_lists_the_event_types_with_all(blend):
    codes = [event.event_code for event in blend.notification_event_types()]

    assert {
        "order.created",
        "order.shipped",
        "order.delivered",
        "order.stuck",
        "prescription.cancelled",
    } <= set(codes)
    assert "all" in codes


def test_it_caches_the_event_types(blend, sandbox):
    blend.notification_event_types()
    blend.notification_event_types()

    assert sandbox.faults.seen.count(("GET", "/notifications/events")) == 1


def test_it_creates_a_webhook_subscription(blend, sandbox):
    webhook = blend.webhook_create(url=URL, event_codes=["order.shipped", "order.delivered"])

    assert webhook.id in sandbox.state.subscriptions and webhook.type == "webhook" and webhook.is_active
    assert (webhook.url, webhook.event_codes) == (URL, ["order.shipped", "order.delivered"])
    assert webhook.user_id == SANDBOX_USER_ID
    assert webhook.subscriptions[0].name == "Order Shipped"


@pytest.mark.parametrize(
    "url", ["http://hooks.example.com/blend", "ftp://hooks.example.com", "hooks.example.com", ""]
)
def test_it_refuses_a_webhook_url_that_is_not_https(blend, url):
    with pytest.raises(BlendValidationError) as caught:
        blend.webhook_create(url=url, event_codes=["order.created"])

    assert caught.value.status_code == 422 and "url" in caught.value.fields


@pytest.mark.parametrize("url", ["http://localhost:8000/hooks", "http://127.0.0.1:9000/hooks"])
def test_it_allows_plain_http_on_this_machine(blend, url):
    assert blend.webhook_create(url=url, event_codes=["order.created"]).url == url


def test_it_flattens_nested_event_codes(blend):
    webhook = blend.webhook_create(url=URL, event_codes=[["order.shipped", "order.delivered"]])

    assert webhook.event_codes == ["order.shipped", "order.delivered"]


@pytest.mark.parametrize("code", ["all", "All", "ALL"])
def test_it_reads_all_in_any_case(blend, code):
    assert blend.webhook_create(url=URL, event_codes=[code, "order.created"]).event_codes == ["all"]


@pytest.mark.parametrize("codes", [["order.teleported"], []])
def test_it_refuses_unknown_or_no_event_codes(blend, codes):
    with pytest.raises(BlendValidationError) as caught:
        blend.webhook_create(url=URL, event_codes=codes)

    assert "event_codes" in caught.value.fields


def test_it_lists_the_users_webhooks(blend, sandbox):
    created = blend.webhook_create(url=URL, event_codes=["order.created"])

    webhooks_listed = blend.webhook_list()

    seeded = [row for row in sandbox.state.subscriptions.rows() if row["type"] == "webhook"]
    assert {w.id for w in webhooks_listed} == {row["id"] for row in seeded} and created.id in {
        w.id for w in webhooks_listed
    }


def test_it_gets_a_webhook(blend):
    created = blend.webhook_create(url=URL, event_codes=["order.created"])

    assert blend.webhook_get(webhook_id=created.id).event_codes == ["order.created"]


def test_it_replaces_a_webhooks_url_and_events(blend):
    created = blend.webhook_create(url=URL, event_codes=["order.created"])

    updated = blend.webhook_update(webhook_id=created.id, url=URL + "/v2", event_codes=["order.stuck"])

    assert (updated.id, updated.url, updated.event_codes) == (created.id, URL + "/v2", ["order.stuck"])


def test_it_refuses_an_update_to_plain_http(blend):
    created = blend.webhook_create(url=URL, event_codes=["order.created"])

    with pytest.raises(BlendValidationError) as caught:
        blend.webhook_update(
            webhook_id=created.id, url="http://hooks.example.com", event_codes=["order.created"]
        )

    assert "url" in caught.value.fields


def test_it_deletes_a_webhook(blend):
    created = blend.webhook_create(url=URL, event_codes=["order.created"])

    deletion = blend.webhook_delete(webhook_id=created.id)

    assert (deletion.id, deletion.deleted) == (created.id, True)
    with pytest.raises(BlendNotFound):
        blend.webhook_get(webhook_id=created.id)


@pytest.mark.parametrize("call", ["webhook_get", "webhook_delete"])
def test_it_answers_404_for_an_unknown_webhook(blend, call):
    with pytest.raises(BlendNotFound):
        getattr(blend, call)(webhook_id=UNKNOWN)


def test_it_generates_a_new_secret_each_time(blend, sandbox):
    first = blend.webhook_secret_generate()
    second = blend.webhook_secret_generate()

    assert first and second and first != second
    assert sandbox.state.settings.get("webhook_secret")["secret"] == second


def test_it_previews_a_sample_payload(blend):
    sample = blend.notification_sample_preview(event_code="order.shipped")

    assert sample.event_code == "order.shipped"
    assert sample.payload_preview["event_code"] == "order.shipped"
    assert {"carrier", "service_level", "tracking_number"} <= set(sample.payload_preview["data"])


def test_it_previews_an_order_created_payload_like_the_docs(blend):
    data = blend.notification_sample_preview(event_code="order.created").payload_preview["data"]

    assert (data["status_code"], data["status_name"]) == ("N01", "Received")
    assert data["order_number"].startswith("ORD")


def test_it_answers_404_for_a_sample_of_an_unknown_event(blend):
    with pytest.raises(BlendNotFound):
        blend.notification_sample_preview(event_code="order.teleported")


def test_it_delivers_a_sample_to_a_loopback_url_with_the_secret(blend, receiver):
    secret = blend.webhook_secret_generate()

    sample = blend.notification_sample_send(event_code="order.created", webhook_url=receiver.url)

    assert sample.message == "Sample webhook sent successfully" and sample.webhook_url == receiver.url
    assert receiver.arrived.wait(5)
    headers, body = receiver.received[0]
    assert headers["Authorization"] == f"Bearer {secret}"
    assert body == sample.payload_preview
    _wait_for_deliveries()


def test_it_retries_a_failed_delivery(blend, receiver):
    receiver.statuses = [500, 503]

    blend.notification_sample_send(event_code="order.shipped", webhook_url=receiver.url)

    assert receiver.arrived.wait(5)
    _wait_for_deliveries()
    assert webhooks.log[-1].attempts == [500, 503, 200] and webhooks.log[-1].outcome == "delivered"


def test_it_gives_up_after_five_attempts(blend, receiver):
    receiver.statuses = [500] * 6

    blend.notification_sample_send(event_code="order.shipped", webhook_url=receiver.url)

    _wait_for_deliveries()
    assert webhooks.log[-1].attempts == [500] * 5 and webhooks.log[-1].outcome == "failed"


def test_it_sends_a_sample_to_every_active_webhook_when_no_url_is_given(blend, receiver):
    blend.webhook_create(url=receiver.url, event_codes=["order.created"])
    blend.webhook_create(url=URL, event_codes=["order.created"])
    seen = len(webhooks.log)

    sample = blend.notification_sample_send(event_code="order.created")

    assert sample.webhook_url is None and receiver.arrived.wait(5)
    _wait_for_deliveries()
    outcomes = {d.url: d.outcome for d in list(webhooks.log)[seen:]}
    assert outcomes[receiver.url] == "delivered"
    assert outcomes[URL] == "skipped"  # the sandbox never calls a URL outside this machine


def test_it_emits_an_event_to_the_webhooks_that_want_it(blend, sandbox, receiver):
    blend.webhook_create(url=receiver.url, event_codes=["all"])
    blend.webhook_create(url=receiver.url + "/other", event_codes=["order.stuck"])

    deliveries = webhooks.emit(sandbox.state, "order.created", {"id": "x"})

    assert [d.url for d in deliveries if d.url.startswith("http://127")] == [receiver.url]
    assert receiver.arrived.wait(5)
    _wait_for_deliveries()


def test_it_refuses_a_sample_of_all(blend):
    with pytest.raises(BlendValidationError) as caught:
        blend.notification_sample_send(event_code="all", webhook_url=URL)

    assert "event_code" in caught.value.fields


def test_it_refuses_a_sample_to_a_plain_http_url(blend):
    with pytest.raises(BlendValidationError) as caught:
        blend.notification_sample_send(event_code="order.created", webhook_url="http://hooks.example.com")

    assert "webhook_url" in caught.value.fields


def test_it_starts_with_no_email_subscription(blend):
    email = blend.email_subscriptions_get()

    assert (email.is_active, email.subscriptions) == (False, [])


def test_it_subscribes_and_unsubscribes_by_email(blend):
    subscribed = blend.email_subscriptions_update(event_codes=[["order.stuck", "prescription.cancelled"]])
    assert subscribed.is_active and subscribed.event_codes == ["order.stuck", "prescription.cancelled"]
    assert blend.email_subscriptions_get().event_codes == subscribed.event_codes

    deactivated = blend.email_subscriptions_deactivate()

    assert (deactivated.is_active, deactivated.subscriptions) == (False, [])


def test_it_refuses_an_email_subscription_to_an_unknown_event(blend):
    with pytest.raises(BlendValidationError):
        blend.email_subscriptions_update(event_codes=["order.teleported"])


def test_it_lists_every_subscription_on_the_deprecated_endpoint(blend, sandbox):
    created = blend.subscription_create(type="sms", event_codes=["order.shipped"])

    listed = blend.subscription_list()

    assert {s.id for s in listed} == {row["id"] for row in sandbox.state.subscriptions.rows()}
    assert next(s for s in listed if s.id == created.id).type == "sms"


def test_it_creates_a_deprecated_webhook_subscription_with_a_url(blend):
    created = blend.subscription_create(type="webhook", event_codes=["all"], url=URL)

    assert (created.type, created.url, created.event_codes) == ("webhook", URL, ["all"])


@pytest.mark.parametrize(("kind", "url", "field"), [("webhook", None, "url"), ("pigeon", None, "type")])
def test_it_refuses_a_bad_deprecated_subscription(blend, kind, url, field):
    with pytest.raises(BlendValidationError) as caught:
        blend.subscription_create(type=kind, event_codes=["order.created"], url=url)

    assert field in caught.value.fields


def test_it_deactivates_a_deprecated_subscription(blend):
    created = blend.subscription_create(type="email", event_codes=["order.created"])

    deactivated = blend.subscription_deactivate(subscription_id=created.id)

    assert (deactivated.id, deactivated.is_active) == (created.id, False)
    assert next(s for s in blend.subscription_list() if s.id == created.id).is_active is False


def test_it_answers_404_when_deactivating_an_unknown_subscription(blend):
    with pytest.raises(BlendNotFound):
        blend.subscription_deactivate(subscription_id=UNKNOWN)
