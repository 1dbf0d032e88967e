"""Processing one stored event on the queue (the job in tasks.py): which order it is about and when
is all that is taken from it; the order's status is read from Blend, and an older state never
replaces a newer one. Safe to run twice."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from apps.blend.errors import BlendNotFound
from apps.blend.models.orders import Order
from apps.blend.runtime import get_blend
from apps.events.models import Event, OrderState
from apps.events.signals import order_changed

logger = logging.getLogger("blendadmin.events")

ORDER_EVENT_PREFIX = "order."


def _aware(value: datetime | None) -> datetime | None:
    """Blend writes naive times in webhook bodies and some resources: they are UTC."""
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _event_time(event: Event) -> datetime | None:
    try:
        return _aware(datetime.fromisoformat(event.object_updated_at.replace("Z", "+00:00")))
    except ValueError:
        return None


def order_state_save(*, order: Order, event: Event | None) -> bool:
    """Save what Blend just said of the order, unless BlendAdmin already knows a newer state (an
    earlier read that finished later). True when the state moved."""
    updated_at = _aware(order.updated_at)
    values = {
        "order_number": order.order_number[:64],
        "status": order.status[:64],
        "status_code": (order.status_code or "")[:16],
        "status_name": (order.status_name or "")[:100],
        "blend_updated_at": updated_at,
    }
    with transaction.atomic():
        row = OrderState.objects.select_for_update().filter(order_id=order.id).first()
        if row is None:
            try:
                with transaction.atomic():
                    OrderState.objects.create(order_id=order.id, event=event, **values)
                return True
            except IntegrityError:  # another job created it meanwhile
                row = OrderState.objects.select_for_update().get(order_id=order.id)
        if row.blend_updated_at and updated_at and updated_at < row.blend_updated_at:
            return False  # an older answer than the one saved
        if all(getattr(row, name) == value for name, value in values.items()):
            return False  # nothing new
        for name, value in values.items():
            setattr(row, name, value)
        row.event, row.changed_at = event, timezone.now()
        row.save()
        return True


def order_answer_save(order: Order) -> bool:
    """Blend's answer to one of BlendAdmin's own writes (the order as it is now), saved like an
    event's read: pages open on the order, the list and the queue (apps.live) hear of a change
    for which Blend sends no event (an edit, a priority or cancellation request, a product changed:
    Blend documents no `order.updated`). Never fails the caller: the write was done."""
    try:
        return order_state_save(order=order, event=None)
    except Exception as exc:  # no traceback: it would quote the order (patient data)
        logger.warning("Could not record an order's answer (%s)", type(exc).__name__)
        return False


def _finish(event: Event, outcome: str) -> str:
    Event.objects.filter(id=event.id).update(
        state=Event.State.PROCESSED, outcome=outcome[:300], error="", processed_at=timezone.now()
    )
    return outcome


def event_process(*, event_id: int, attempt: int = 1) -> str:
    """Process one stored event (safe to run again): read its order from Blend and save what Blend
    says, unless the event is older than what BlendAdmin already knows of the order. Returns the
    outcome written on the event; raises (and the job is retried) when Blend cannot answer."""
    event = Event.objects.filter(id=event_id).first()
    if event is None:
        return "The event is no longer stored."
    Event.objects.filter(id=event.id).update(attempts=attempt)
    if not event.event_code.startswith(ORDER_EVENT_PREFIX):
        return _finish(event, "Not about an order: stored only.")
    if not event.order_id:
        return _finish(event, "The event names no order: stored only.")
    known = OrderState.objects.filter(order_id=event.order_id).first()
    event_time = _event_time(event)
    if known and known.blend_updated_at and event_time and event_time < known.blend_updated_at:
        return _finish(
            event,
            f"Older than what is known of the order ({known.status_name or known.status} as of "
            f"{known.blend_updated_at:%Y-%m-%d %H:%M:%S} UTC): nothing changed.",
        )
    try:
        order = get_blend().order_get(order_id=event.order_id)
    except BlendNotFound:
        return _finish(event, "Blend has no such order: nothing to update.")
    # One transaction: a page that hears of the change (apps.live) finds what the receivers wrote
    # with it (the order index: a new order's place in a filtered list)
    with transaction.atomic():
        changed = order_state_save(order=order, event=event)
        order_changed.send(sender=Event, order_id=order.id, order=order, event_id=event.id, changed=changed)
    status = order.status_name or order.status or "unknown status"
    verb = "is now" if changed else "is still"
    outcome = f"Read from Blend: order {order.reference} {verb} {status}."
    if event.event_code == REPLACEMENT_CREATED and getattr(order, "original_order_id", None):
        outcome += _original_read(order.original_order_id, event)
    return _finish(event, outcome)


REPLACEMENT_CREATED = "order.created"  # of a replacement: its original's request was fulfilled


def _original_read(order_id: str, event: Event) -> str:
    """A replacement's creation is the one event that tells of its original's change (the request
    fulfilled, `replacement_order_ids`): Blend sends no event for that (no `order.updated` in its
    reference), so the original is read too."""
    try:
        original = get_blend().order_get(order_id=order_id)
    except BlendNotFound:
        return ""
    with transaction.atomic():
        changed = order_state_save(order=original, event=event)
        order_changed.send(
            sender=Event, order_id=original.id, order=original, event_id=event.id, changed=changed
        )
    return f" Its original, order {original.reference}, was read again."


def event_failed(*, event_id: int, error: BaseException, final: bool) -> None:
    """Record a failed attempt on the event; `final`: it was the last, the event is FAILED."""
    message = str(error) or type(error).__name__
    changes = {"error": f"{type(error).__name__}: {message}"[:500]}
    if final:
        changes["state"] = Event.State.FAILED
    Event.objects.filter(id=event_id).update(**changes)
