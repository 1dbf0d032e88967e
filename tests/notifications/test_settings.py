"""/settings/notifications/: event types, webhook subscriptions, the secret, samples, e-mails."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from apps.audit.models import AuditEntry
from apps.core import queue
from apps.events.models import Event, WebhookSecret
from apps.events.secrets import webhook_secret_matches

pytestmark = pytest.mark.django_db
URL = "/settings/notifications/"
RECEIVER = "http://localhost/webhooks/blend/"  # http is allowed for localhost only


@pytest.fixture(autouse=True)
def _served_as_localhost(manager_client):
    manager_client.defaults["HTTP_HOST"] = "localhost"


def _token(html: str) -> str:
    return re.search(r'name="token" value="([^"]+)"', html).group(1)


def _post(client, path: str, data: dict | None = None, **kwargs):
    token = _token(client.get(URL).content.decode())
    return client.post(URL + path, {"token": token, **(data or {})}, **kwargs)


def _webhooks(sandbox) -> list[dict]:
    """The webhook subscriptions to BlendAdmin's receiver (the sandbox seeds others)."""
    rows = sandbox.state.subscriptions.rows()
    return [row for row in rows if row.get("type") == "webhook" and row.get("url") == RECEIVER]


def test_it_shows_blends_event_types_and_the_receiver_url_filled_in(manager_client):
    response = manager_client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" in html
    assert "order.shipped" in html and "Order Created" in html
    assert f'value="{RECEIVER}"' in html  # the new subscription's URL
    assert "No secret yet" in html


def test_the_htmx_fragment_is_the_settings_section(manager_client, htmx_headers):
    response = manager_client.get(URL, headers=htmx_headers)
    assert response.status_code == 200
    assert b"<html" not in response.content
    assert b'id="notifications-settings"' in response.content


@pytest.mark.parametrize("persona", ["clinic_client", "support_client", "outsider_client"])
def test_only_managers_may_see_or_change_it(request, persona):
    client = request.getfixturevalue(persona)
    assert client.get(URL).status_code == 403
    assert client.post(URL + "secret/", {"token": "x"}).status_code == 403
    assert client.post(URL + "webhooks/", {"token": "x"}).status_code == 403


def test_signed_out_people_are_sent_to_sign_in(client):
    assert client.get(URL).status_code == 302


@pytest.mark.parametrize("fault", ["timeout", 503, 404])
def test_the_webhooks_failing_leave_the_rest_of_the_page(manager_client, sandbox, fault):
    """Every read of this page is of an endpoint the reference marks inferred: each part that fails
    says so in its place, and the page stands."""
    sandbox.faults.add(fault, method="GET", path="/notifications/webhooks$", times=10)
    response = manager_client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "webhook subscriptions cannot be read just now" in html
    assert "No webhook subscription" not in html  # not read is not none
    assert "Blend e-mails these events" in html or "Blend sends no e-mails" in html
    assert 'id="types-title"' in html and "order.shipped" in html


def test_the_email_subscriptions_failing_leave_the_rest_of_the_page(manager_client, sandbox):
    sandbox.faults.add(500, method="GET", path="/notifications/email", times=10)
    response = manager_client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "e-mail subscriptions cannot be read just now" in html and "Save e-mail events" not in html
    assert "Save events" in html  # the webhooks still show


def test_the_event_types_failing_keep_each_subscriptions_events(manager_client, sandbox):
    sandbox.faults.add("timeout", method="GET", path="/notifications/events", times=10)
    response = manager_client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "list of event types cannot be read just now" in html
    for webhook, form in response.context["update_forms"]:
        assert set(webhook.event_codes) <= {code for code, _ in form.fields["event_codes"].choices}


def test_a_manager_generates_then_rotates_the_secret(manager_client, sandbox):
    assert _post(manager_client, "secret/").status_code == 302
    first = sandbox.state.settings.get("webhook_secret")["secret"]
    assert webhook_secret_matches(f"Bearer {first}")
    page = manager_client.get(URL).content.decode()
    assert first not in page  # never shown
    assert "A secret is set" in page
    _post(manager_client, "secret/")
    second = sandbox.state.settings.get("webhook_secret")["secret"]
    assert second != first
    assert webhook_secret_matches(f"Bearer {second}")
    assert webhook_secret_matches(f"Bearer {first}")  # the short overlap
    assert first not in WebhookSecret.objects.first().encrypted
    assert AuditEntry.objects.filter(action="webhook.secret_rotate", outcome="ok").count() == 2


def test_a_manager_subscribes_this_app_to_some_events(manager_client, sandbox):
    response = _post(
        manager_client, "webhooks/", {"url": RECEIVER, "event_codes": ["order.shipped", "order.stuck"]}
    )
    assert response.status_code == 302
    [webhook] = _webhooks(sandbox)
    assert webhook["url"] == RECEIVER
    assert [entry["event_code"] for entry in webhook["subscriptions"]] == ["order.shipped", "order.stuck"]
    assert AuditEntry.objects.filter(action="webhook.create", target_id=webhook["id"], outcome="ok").exists()


def test_every_event_stands_alone(manager_client, sandbox):
    _post(manager_client, "webhooks/", {"url": RECEIVER, "event_codes": ["all", "order.shipped"]})
    assert [entry["event_code"] for entry in _webhooks(sandbox)[0]["subscriptions"]] == ["all"]


def test_a_subscription_needs_events_and_a_url(manager_client, sandbox):
    response = _post(manager_client, "webhooks/", {"url": "not a url", "event_codes": []})
    html = response.content.decode()
    assert "Choose at least one event." in html
    assert "Enter a valid URL." in html
    assert _webhooks(sandbox) == []


def test_blends_refusal_of_a_url_is_said_at_the_field(manager_client, sandbox):
    before = len(sandbox.state.subscriptions)
    response = _post(manager_client, "webhooks/", {"url": "http://example.com/hook", "event_codes": ["all"]})
    assert "must use https" in response.content.decode()
    assert len(sandbox.state.subscriptions) == before


def test_a_manager_changes_a_subscriptions_events_then_deletes_it(manager_client, sandbox, htmx_headers):
    _post(manager_client, "webhooks/", {"url": RECEIVER, "event_codes": ["order.shipped"]})
    webhook_id = _webhooks(sandbox)[0]["id"]
    response = _post(
        manager_client, f"webhooks/{webhook_id}/", {"url": RECEIVER, "event_codes": ["order.delivered"]},
        headers=htmx_headers,
    )  # fmt: skip
    assert response.status_code == 200
    assert "is changed" in response["HX-Trigger"]
    assert [e["event_code"] for e in _webhooks(sandbox)[0]["subscriptions"]] == ["order.delivered"]
    _post(manager_client, f"webhooks/{webhook_id}/delete/")
    assert _webhooks(sandbox) == []
    actions = set(AuditEntry.objects.filter(target_id=webhook_id).values_list("action", flat=True))
    assert actions == {"webhook.create", "webhook.update", "webhook.delete"}


def test_deleting_a_subscription_blend_no_longer_has_says_so(manager_client, sandbox):
    response = _post(manager_client, "webhooks/0227d1e5-ba9a-42b5-8fe2-38882aa65708/delete/", follow=True)
    assert b"no longer there" in response.content
    assert AuditEntry.objects.filter(action="webhook.delete", outcome="refused").exists()


def test_the_same_form_sent_twice_creates_one_subscription(manager_client, sandbox):
    token = _token(manager_client.get(URL).content.decode())
    data = {"token": token, "url": RECEIVER, "event_codes": ["all"]}
    manager_client.post(URL + "webhooks/", data)
    manager_client.post(URL + "webhooks/", data)
    assert len(_webhooks(sandbox)) == 1


def test_it_previews_a_sample_payload(manager_client, htmx_headers):
    response = manager_client.get(URL + "sample/?event_code=order.shipped", headers=htmx_headers)
    assert response.status_code == 200
    assert b"&quot;tracking_number&quot;" in response.content
    assert b"<html" not in response.content


def test_a_preview_of_an_unknown_event_is_refused(manager_client):
    response = manager_client.get(URL + "sample/?event_code=order.exploded")
    assert response.status_code == 400
    assert b"Select a valid choice" in response.content


def test_a_sample_sent_arrives_in_events(manager_client, sandbox, monkeypatch):
    """Blend's delivery of the sample, made in this process through the receiver (the sandbox
    delivers over HTTP to a running server)."""

    def deliver(url, event_code, data, *, secret=None):
        headers = {"Authorization": f"Bearer {secret}"} if secret else {}
        body = {"event_code": event_code, "data": data}
        assert (
            Client()
            .post("/webhooks/blend/", body, content_type="application/json", headers=headers)
            .status_code
            == 200
        )

    monkeypatch.setattr("apps.sandbox.webhooks.deliver", deliver)
    _post(manager_client, "secret/")
    response = _post(manager_client, "sample/send/", {"event_code": "order.created"}, follow=True)
    assert b"appears under Events" in response.content
    queue.run_jobs()
    event = Event.objects.get()
    assert event.event_code == "order.created"
    assert event.state == Event.State.PROCESSED
    events_page = manager_client.get("/events/?kind=order.created").content.decode()
    assert f'id="event-{event.id}"' in events_page
    assert AuditEntry.objects.filter(action="notification.sample_send", target_id="order.created").exists()


def test_a_sample_without_a_secret_is_refused_by_the_receiver(manager_client, monkeypatch):
    answers = []

    def deliver(url, event_code, data, *, secret=None):
        body = {"event_code": event_code, "data": data}
        answers.append(Client().post("/webhooks/blend/", body, content_type="application/json").status_code)

    monkeypatch.setattr("apps.sandbox.webhooks.deliver", deliver)
    _post(manager_client, "sample/send/", {"event_code": "order.created"})
    assert answers == [401]
    assert not Event.objects.exists()


def test_a_manager_chooses_and_stops_email_events(manager_client, sandbox):
    _post(manager_client, "email/", {"event_codes": ["order.stuck"]})
    row = sandbox.state.settings.get("email_subscriptions")
    assert row["is_active"] is True
    assert [entry["event_code"] for entry in row["subscriptions"]] == ["order.stuck"]
    page = manager_client.get(URL).content.decode()
    assert 'value="order.stuck" id="id_email_event_codes_' in page and "checked" in page
    _post(manager_client, "email/deactivate/")
    assert sandbox.state.settings.get("email_subscriptions")["is_active"] is False
    actions = set(
        AuditEntry.objects.filter(target_type="email_subscriptions").values_list("action", flat=True)
    )
    assert actions == {"email_subscriptions.update", "email_subscriptions.deactivate"}


def test_email_events_need_at_least_one(manager_client, sandbox):
    response = _post(manager_client, "email/", {"event_codes": []})
    assert "Choose at least one event." in response.content.decode()
    assert sandbox.state.settings.get("email_subscriptions") is None


def test_a_secret_blend_fails_to_give_keeps_the_current_one(manager_client, sandbox):
    sandbox.faults.add(503, path="/notifications/webhooks/secret", times=1)
    response = _post(manager_client, "secret/", follow=True)
    assert response.status_code == 503  # the "Blend unavailable" page
    assert not WebhookSecret.objects.exists()
    assert AuditEntry.objects.filter(action="webhook.secret_rotate", outcome="failed").exists()


def test_webhook_setup_subscribes_once_and_generates_a_secret(sandbox):
    from io import StringIO

    from django.core.management import call_command

    call_command("webhook_setup", url=RECEIVER, stdout=StringIO())
    call_command("webhook_setup", url=RECEIVER, stdout=StringIO())
    assert [entry["event_code"] for entry in _webhooks(sandbox)[0]["subscriptions"]] == ["all"]
    assert len(_webhooks(sandbox)) == 1
    assert webhook_secret_matches(f"Bearer {sandbox.state.settings.get('webhook_secret')['secret']}")
