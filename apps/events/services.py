"""Writes of the events area: storing a delivery (`event_receive`) and replaying an event
(`event_replay`); processing one on the queue is processing.py.

Receiving does nothing but store: the raw body once (a repeat only counts a delivery) and, in the
same transaction, the job that processes it, so an event is never stored without its job nor a job
queued for an event that was not stored. Processing takes nothing from the event but which order it
is about and when: the order's status is read from Blend, and an older answer never replaces a newer.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from apps.audit.actor import Actor
from apps.audit.services import audited
from apps.core.writes import Refused
from apps.events.models import Event
from apps.events.processing import ORDER_EVENT_PREFIX
from apps.events.tasks import event_process_job

logger = logging.getLogger("blendadmin.events")

REPLAYABLE = (Event.State.PROCESSED, Event.State.FAILED)


class MalformedEvent(ValueError):
    """The body is not one of Blend's events: `{"event_code": "...", "data": {...}}`."""


@dataclass(frozen=True)
class Received:
    event_id: int
    duplicate: bool


def _text(data: dict, name: str, limit: int) -> str:
    value = data.get(name)
    if value is None:
        return ""
    if not isinstance(value, str | int) or isinstance(value, bool) or len(str(value)) > limit:
        raise MalformedEvent(f"data.{name} must be a string of at most {limit} characters.")
    return str(value)


def event_parse(body: bytes) -> dict:
    try:
        event = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise MalformedEvent("The body is not JSON.") from exc
    if not isinstance(event, dict):
        raise MalformedEvent("The body must be a JSON object.")
    code = event.get("event_code")
    if not isinstance(code, str) or not code.strip() or len(code) > 64:
        raise MalformedEvent("event_code must be a non-empty string of at most 64 characters.")
    if not isinstance(event.get("data"), dict):
        raise MalformedEvent("data must be a JSON object.")
    return event


def event_order_id(code: str, data: dict) -> str:
    """The order an event is about: `data.id` for Blend's order events, but `order.shipped` carries a
    shipment, whose `order_id` the sandbox adds and Blend's docs do not show ("" when absent)."""
    if not code.startswith(ORDER_EVENT_PREFIX):
        return ""
    if code == "order.shipped":
        return _text(data, "order_id", 100)
    return _text(data, "id", 100)


def event_receive(*, body: bytes) -> Received:
    """Store one delivery (raises MalformedEvent) and queue its processing in the same transaction;
    a delivery of an event already stored only counts."""
    event = event_parse(body)
    code, data = event["event_code"].strip(), event["data"]
    key = {
        "event_code": code,
        "object_id": _text(data, "id", 100),
        "object_updated_at": _text(data, "updated_at", 40),
    }
    order_id = event_order_id(code, data)
    now = timezone.now()
    with transaction.atomic():
        try:
            with transaction.atomic():
                stored = Event.objects.create(
                    **key, order_id=order_id, body=body.decode(), received_at=now, last_received_at=now
                )
        except IntegrityError:
            Event.objects.filter(**key).update(deliveries=F("deliveries") + 1, last_received_at=now)
            existing = Event.objects.filter(**key).values_list("id", flat=True).first()
            return Received(event_id=existing or 0, duplicate=True)
        event_process_job.enqueue(stored.id)
    return Received(event_id=stored.id, duplicate=False)


@audited("event.replay", target_type="event", target_id_arg="event_id")
def event_replay(*, actor: Actor, event_id: int) -> Event:
    """Process a processed or failed event again (processing is idempotent): a new job."""
    with transaction.atomic():
        event = Event.objects.select_for_update().filter(id=event_id).first()
        if event is None:
            raise Refused("That event is no longer stored.")
        if event.state not in REPLAYABLE:
            raise Refused("That event is still waiting to be processed: it will be, without a replay.")
        event.state, event.error, event.attempts = Event.State.WAITING, "", 0
        event.save(update_fields=["state", "error", "attempts"])
        event_process_job.enqueue(event.id)
    return event
