"""Carrying out a confirmed bulk run (what its queued task runs): one order at a time, each claimed
(written `sending`) before its Blend call and settled after, at most BULK_ORDERS_PER_SECOND. The call
goes through the order page's audited service (`order_action_run`), which re-reads the order first
and writes one audit row per order; the run's own audit row is written when it finishes."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from apps.audit.actor import Actor
from apps.audit.models import Outcome
from apps.audit.services import audit_record
from apps.blend.errors import BlendError, BlendRateLimited
from apps.blend.models.orders import OrderSummary
from apps.blend.runtime import get_blend
from apps.bulk.models import BulkItem, BulkRun, ItemState, RunState
from apps.core.writes import Refused, blend_error_outcome
from apps.orders import rules
from apps.orders.services import order_action_run

NOT_PERMITTED = "Your role may not {verb} orders."
RATE_LIMIT_TRIES = 5


def _pause_for(last: float | None, interval: float, sleep: Callable[[float], None]) -> float:
    now = time.monotonic()
    if last is not None and now - last < interval:
        sleep(interval - (now - last))
    return time.monotonic()


@dataclass
class _Sent:
    state: str
    message: str = ""


def _send(actor: Actor, run: BulkRun, item: BulkItem, sleep: Callable[[float], None]) -> _Sent:
    """One order's Blend call through the order page's service; a 429 (Blend did nothing) waits for
    Retry-After and tries again, a timeout on the write is never retried."""
    spec = rules.ACTIONS[run.action]
    for attempt in range(RATE_LIMIT_TRIES):
        try:
            order_action_run(actor=actor, order_id=item.order_id, action=run.action, text=run.text)
            return _Sent(ItemState.DONE)
        except Refused as exc:
            return _Sent(ItemState.REFUSED, exc.message)
        except PermissionDenied:
            message = NOT_PERMITTED.format(verb=spec.verb)
            audit_record(actor=actor, action=spec.audit, target_type="order", target_id=item.order_id,
                         outcome=Outcome.REFUSED, error_message=message)  # fmt: skip
            return _Sent(ItemState.REFUSED, message)
        except BlendRateLimited as exc:
            if attempt + 1 == RATE_LIMIT_TRIES:
                return _Sent(ItemState.FAILED, "Blend kept answering that it was busy (429); not sent.")
            sleep(max(exc.retry_after or 1.0, 1.0))
        except BlendError as exc:  # the same reading of Blend's answer as a form's (send_once)
            outcome = blend_error_outcome(exc, verb=spec.verb, target="this order")
            if outcome is None:  # Blend unavailable or failing
                return _Sent(ItemState.FAILED, exc.message or "Blend could not be reached.")
            if outcome.timed_out:
                return _Sent(ItemState.FAILED, outcome.message)
            return _Sent(ItemState.REFUSED, exc.message)  # Blend's reason, in its words
    return _Sent(ItemState.FAILED, "Not sent.")  # pragma: no cover - the loop always returns


def _done_already(run: BulkRun, order: OrderSummary) -> bool:
    """Whether `order` (read from Blend) shows the run's action as done."""
    spec = rules.ACTIONS[run.action]
    if spec.status_after:
        return order.status == spec.status_after
    if run.action == "prioritize":
        return order.priority_requested
    if run.action == "request_cancellation":
        return order.cancellation_requested
    return False


def _settle_interrupted(run: BulkRun, item: BulkItem) -> None:
    """An item a stopped worker left `sending`: Blend may or may not have received it. It is never
    sent again; the order as Blend has it now says which."""
    try:
        order = get_blend().order_get(order_id=item.order_id)
        done = _done_already(run, order)
    except BlendError:
        done = False
    item.state = ItemState.DONE if done else ItemState.FAILED
    item.message = (
        "The worker stopped while sending this order; Blend shows it done."
        if done
        else "The worker stopped while sending this order and Blend does not show it done. "
        "It was not sent again: check the order."
    )
    item.finished_at = timezone.now()
    item.save(update_fields=["state", "message", "finished_at"])


def bulk_run_execute(
    *,
    run_id: int,
    rate: float | None = None,
    sleep: Callable[[float], None] = time.sleep,
    max_items: int | None = None,
    budget: float | None = None,
) -> BulkRun:
    """Carry out a confirmed run (what the queued task runs; safe to run twice, or in two workers at
    once: each order is claimed — written `sending` — before its call, and a claimed order is never
    sent again). `rate`: orders per second (BULK_ORDERS_PER_SECOND). `max_items`: stop after that
    many (a test's stopped worker), `budget`: after that many seconds (the task queues the rest)."""
    rate = settings.BULK_ORDERS_PER_SECOND if rate is None else rate
    interval = 1.0 / rate if rate > 0 else 0.0
    run = BulkRun.objects.get(pk=run_id)
    if run.state in (RunState.DRAFT, RunState.DONE):
        return run
    BulkRun.objects.filter(pk=run.pk, state=RunState.QUEUED).update(
        state=RunState.RUNNING, started_at=timezone.now()
    )
    actor = Actor(user=_user(run), request_id=f"bulk-{run.pk}")
    for item in run.items.filter(state=ItemState.SENDING):
        _settle_interrupted(run, item)
    last: float | None = None
    handled = 0
    deadline = time.monotonic() + budget if budget is not None else None
    for item in list(run.items.filter(state=ItemState.PENDING).order_by("position")):
        out_of_time = deadline is not None and handled and time.monotonic() >= deadline
        if out_of_time or (max_items is not None and handled >= max_items):
            return BulkRun.objects.get(pk=run.pk)
        now = timezone.now()
        claimed = BulkItem.objects.filter(pk=item.pk, state=ItemState.PENDING).update(
            state=ItemState.SENDING, started_at=now
        )
        BulkRun.objects.filter(pk=run.pk).update(heartbeat=now)
        if not claimed:
            continue  # another worker has it
        last = _pause_for(last, interval, sleep)
        sent = _send(actor, run, item, sleep)
        BulkItem.objects.filter(pk=item.pk).update(
            state=sent.state, message=sent.message[:500], finished_at=timezone.now()
        )
        handled += 1
    return _finish(run, actor)


def _user(run: BulkRun):
    return run.created_by or get_user_model()(username=run.username, is_active=False)


def bulk_counts(run: BulkRun) -> dict[str, int]:
    counts = {state: 0 for state in ItemState.values}
    counts.update(dict(run.items.values_list("state").annotate(n=Count("id")).order_by()))
    return counts


def _finish(run: BulkRun, actor: Actor) -> BulkRun:
    """Close the run once no order is left to send; its one audit row says how it went."""
    with transaction.atomic():
        run = BulkRun.objects.select_for_update().get(pk=run.pk)
        if (
            run.state == RunState.DONE
            or run.items.filter(state__in=[ItemState.PENDING, ItemState.SENDING]).exists()
        ):
            return run
        run.state = RunState.DONE
        run.finished_at = timezone.now()
        run.save(update_fields=["state", "finished_at"])
        counts = bulk_counts(run)
        summary = ", ".join(f"{counts[s]} {ItemState(s).label.lower()}" for s in (
            ItemState.DONE, ItemState.REFUSED, ItemState.FAILED, ItemState.NOT_TRIED))  # fmt: skip
        audit_record(
            actor=actor,
            action=f"bulk.{run.action}",
            target_type="bulk_run",
            target_id=str(run.pk),
            outcome=Outcome.OK if not counts[ItemState.FAILED] else Outcome.FAILED,
            error_message=f"{sum(counts.values())} orders ({run.selection or 'selected'}): {summary}",
        )
    return run
