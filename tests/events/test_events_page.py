"""/events/: the events Blend sent, filtered, each linked to its order, with replay."""

from __future__ import annotations

import re

import pytest
from django.tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from apps.audit.models import AuditEntry
from apps.core import queue
from apps.core.forms import TokenForm
from apps.events.models import Event
from tests.events.conftest import deliver, order_event

pytestmark = pytest.mark.django_db
URL = "/events/"


@pytest.fixture
def processed(webhook_secret, an_order) -> Event:
    deliver(order_event(an_order))
    queue.run_jobs()
    return Event.objects.get()


@pytest.fixture
def failed(webhook_secret, sandbox, settings) -> Event:
    settings.TASKS_MAX_ATTEMPTS = 1
    deliver({"event_code": "order.stuck", "data": {"id": "ord-x", "updated_at": "2025-01-01T00:00:00"}})
    sandbox.faults.add(503, path="/orders/ord-x", times=3)
    queue.run_jobs()
    return Event.objects.get(order_id="ord-x")


def _token(html: str) -> str:
    return re.search(r'name="token" value="([^"]+)"', html).group(1)


def test_it_lists_events_with_their_order_and_what_blend_said(manager_client, processed, an_order):
    response = manager_client.get(URL)
    assert response.status_code == 200
    assert b"<html" in response.content
    assert f'href="/orders/{an_order["id"]}/"'.encode() in response.content
    assert an_order["order_number"].encode() in response.content
    assert b"Order status changed" in response.content
    assert b"Processed" in response.content
    assert b"Rodrigo" not in response.content  # the patient's name in the event is not shown


def test_the_htmx_fragment_is_the_results_only(manager_client, processed, htmx_headers):
    response = manager_client.get(URL, headers=htmx_headers)
    assert response.status_code == 200
    assert b"<html" not in response.content
    assert b'id="events-results"' in response.content


def test_it_filters_by_kind_state_and_order(manager_client, processed, failed):
    def shown(query: str) -> set[int]:
        html = manager_client.get(URL + query).content.decode()
        return {int(found) for found in re.findall(r'id="event-(\d+)"', html)}

    assert shown("") == {processed.id, failed.id}
    assert shown("?kind=order.stuck") == {failed.id}
    assert shown("?state=failed") == {failed.id}
    assert shown("?state=processed") == {processed.id}
    assert shown(f"?order={processed.order_id}") == {processed.id}
    assert shown("?state=duplicate") == set()
    Event.objects.filter(id=processed.id).update(deliveries=3)
    assert shown("?state=duplicate") == {processed.id}


def test_bad_filters_are_said_next_to_their_field(manager_client, processed):
    response = manager_client.get(URL + "?order=../etc&state=lost&kind=<b>")
    assert response.status_code == 200
    html = response.content.decode()
    assert "An order id has only letters, digits and dashes." in html
    assert "Select a valid choice." in html
    assert 'id="event-' not in html


def test_it_shows_a_failed_event_with_its_error(manager_client, failed):
    html = manager_client.get(URL + "?state=failed").content.decode()
    assert "BlendServerError" in html
    assert "Failed" in html


def test_support_sees_events_but_cannot_replay(support_client, processed):
    response = support_client.get(URL)
    assert response.status_code == 200
    assert b">Replay<" not in response.content
    replay = support_client.post(f"/events/{processed.id}/replay/", {"token": "x"})
    assert replay.status_code == 403


@pytest.mark.parametrize("persona", ["clinic_client", "outsider_client"])
def test_other_roles_may_not_see_events(request, persona, processed):
    assert request.getfixturevalue(persona).get(URL).status_code == 403


def test_signed_out_people_are_sent_to_sign_in(client, processed):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_page_works_while_blend_is_down(manager_client, processed, sandbox):
    sandbox.faults.add(503, times=100)
    sandbox.faults.add("timeout", times=100)
    response = manager_client.get(URL)
    assert response.status_code == 200
    assert processed.event_code.encode() in response.content


def test_a_manager_replays_a_failed_event(manager_client, failed, settings):
    settings.TASKS_MAX_ATTEMPTS = 3
    page = manager_client.get(URL).content.decode()
    response = manager_client.post(f"/events/{failed.id}/replay/", {"token": _token(page)})
    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.state == Event.State.WAITING
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 1
    assert AuditEntry.objects.filter(action="event.replay", target_id=str(failed.id), outcome="ok").exists()


def test_a_replayed_event_is_processed_again(manager_client, processed, htmx_headers, sandbox, an_order):
    from tests.events.conftest import set_order

    set_order(sandbox, an_order["id"], status="exception", updated_at="2026-12-02T00:00:00Z")
    page = manager_client.get(URL).content.decode()
    response = manager_client.post(
        f"/events/{processed.id}/replay/", {"token": _token(page)}, headers=htmx_headers
    )
    assert response.status_code == 200
    assert "queued to be processed again" in response["HX-Trigger"]
    queue.run_jobs()
    processed.refresh_from_db()
    assert processed.state == Event.State.PROCESSED
    assert "is now" in processed.outcome


def test_a_replay_sent_twice_runs_once(manager_client, processed):
    token = _token(manager_client.get(URL).content.decode())
    manager_client.post(f"/events/{processed.id}/replay/", {"token": token})
    manager_client.post(f"/events/{processed.id}/replay/", {"token": token})
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 1


def test_a_waiting_event_is_not_replayed(manager_client, webhook_secret, an_order):
    deliver(order_event(an_order))
    event = Event.objects.get()
    token = _token(str(TokenForm()["token"]))  # no button is shown for it: a form kept from before
    response = manager_client.post(f"/events/{event.id}/replay/", {"token": token}, follow=True)
    assert b"still waiting to be processed" in response.content
    assert DBTaskResult.objects.count() == 1


def test_replaying_an_unknown_event_says_so(manager_client, processed):
    token = _token(manager_client.get(URL).content.decode())
    response = manager_client.post("/events/999999/replay/", {"token": token}, follow=True)
    assert b"no longer stored" in response.content


def test_a_replay_without_its_form_token_is_refused(manager_client, processed):
    response = manager_client.post(f"/events/{processed.id}/replay/", {}, follow=True)
    assert response.status_code == 200
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 0
