"""Bulk actions: create a run with its dry run, confirm it (once), and carry it out on the queue.

The dry run reads each order's state from Blend and decides, with `apps.orders.rules` (the table the
order page's buttons use), whether the action is allowed in its status and for this user, and why
not. The confirmed run sends one Blend call per allowed order through the order page's own audited
service (`order_action_run`: it re-reads the order from Blend first, refuses what its state no
longer allows, and writes one audit row per order), one order at a time, at most
BULK_ORDERS_PER_SECOND, so the people working in Blend meanwhile keep its rate limit for themselves.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
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
from apps.blend.errors import (
    BlendError,
    BlendRateLimited,
    BlendStatusError,
    BlendTimeout,
)
from apps.blend.models.orders import OrderSummary
from apps.blend.runtime import get_blend
from apps.bulk.models import BulkItem, BulkRun, ItemState, RunState
from apps.core.writes import Refused
from apps.orders import rules
from apps.orders.services import order_action_run

logger = logging.getLogger(__name__)

BULK_ACTIONS = rules.BULK_ACTIONS
MAX_ORDERS = 5000
NOT_PERMITTED = "Your role may not {verb} orders."
UNREADABLE = "Blend could not be read for this order during the dry run."
RATE_LIMIT_TRIES = 5


def bulk_actions_for(perms: frozenset[str]) -> list[rules.OrderAction]:
    return rules.bulk_actions(perms)


def dry_run_verdict(action: rules.OrderAction, order: OrderSummary, perms: frozenset[str]) -> str:
    """Why `action` may not be taken on `order` by a user with `perms` ("" when it may)."""
    if action.permission not in perms:
        return NOT_PERMITTED.format(verb=action.text.verb)
    return action.refusal_reason(order)


def _read_orders(order_ids: Sequence[str]) -> dict[str, OrderSummary | None]:
    """The selected orders as Blend has them now, read a few at a time (None: could not be read)."""
    blend = get_blend()

    def read(order_id: str) -> OrderSummary | None:
        try:
            return blend.order_get(order_id=order_id)
        except BlendError:
            return None

    with ThreadPoolExecutor(max_workers=8, thread_name_prefix="bulk-dry-run") as pool:
        return dict(zip(order_ids, pool.map(read, order_ids), strict=True))


@transaction.atomic
def bulk_run_create(
    *,
    actor: Actor,
    action: str,
    order_ids: Sequence[str] = (),
    orders: Sequence[OrderSummary] | None = None,
    selection: str = "",
    purpose: str = "",
) -> BulkRun:
    """A new run in its dry-run state: each order with the dry run's verdict. Give `orders` when they
    were just read from Blend's list (every order matching the filters), else `order_ids` (the orders
    ticked on a page), which are read from Blend now."""
    spec = rules.ACTIONS.get(action)
    if spec is None or action not in BULK_ACTIONS:
        raise Refused("Choose one of the actions offered.")
    perms = rules.user_permissions(actor.user)
    if spec.permission not in perms:
        raise PermissionDenied
    if orders is None:
        wanted = list(dict.fromkeys(i for i in order_ids if i))
        if len(wanted) > MAX_ORDERS:
            raise Refused(f"A bulk action takes at most {MAX_ORDERS} orders.")
        read = _read_orders(wanted)
        found: list[tuple[str, OrderSummary | None]] = list(read.items())
    else:
        found = [(o.id, o) for o in dict((o.id, o) for o in orders if o.id).values()]
    if not found:
        raise Refused("Select at least one order.")
    if len(found) > MAX_ORDERS:
        raise Refused(f"A bulk action takes at most {MAX_ORDERS} orders; narrow the filters.")
    user = actor.user if actor.user is not None and actor.user.is_authenticated else None
    run = BulkRun.objects.create(
        action=action,
        created_by=user,
        username=user.get_username() if user else "",
        selection=selection[:200],
        purpose=purpose[:40],
    )
    items = []
    for position, (order_id, order) in enumerate(found):
        reason = UNREADABLE if order is None else dry_run_verdict(spec, order, perms)
        items.append(
            BulkItem(
                run=run,
                position=position,
                order_id=order_id,
                order_number=(order.order_number if order else "")[:40],
                status_before=(order.status if order else "")[:40],
                allowed=not reason,
                reason=reason[:300],
            )
        )
    BulkItem.objects.bulk_create(items, batch_size=500)
    return run


def bulk_run_confirm(*, actor: Actor, run_id: int, text: str = "") -> BulkRun:
    """Confirm a dry run: its allowed orders are queued (the others become "not tried", each with its
    refusal in the audit log) and the run is put on the task queue. A run is confirmed once: a second
    confirmation (a form sent twice) refuses."""
    from apps.bulk.tasks import bulk_run_task  # the tasks module imports this one

    with transaction.atomic():
        run = BulkRun.objects.select_for_update().get(pk=run_id)
        if run.created_by_id != getattr(actor.user, "pk", None):
            raise PermissionDenied
        spec = rules.ACTIONS[run.action]
        if spec.permission not in rules.user_permissions(actor.user):
            raise PermissionDenied
        if run.state != RunState.DRAFT:
            raise Refused("This bulk action was already confirmed; it was not started again.")
        if spec.field_required and not text:
            raise Refused("Give the reason Blend asks for.")
        run.text = text if spec.field else ""
        run.state = RunState.QUEUED
        run.confirmed_at = timezone.now()
        run.save(update_fields=["text", "state", "confirmed_at"])
        skipped = list(run.items.filter(allowed=False))
        run.items.filter(allowed=False).update(state=ItemState.NOT_TRIED, finished_at=timezone.now())
        for item in skipped:
            audit_record(
                actor=actor,
                action=spec.audit,
                target_type="order",
                target_id=item.order_id,
                outcome=Outcome.REFUSED,
                error_message=f"Bulk action {run.pk}, not tried: {item.reason}",
            )
    # After the commit: a worker must find the run queued. Should the enqueue fail, the run's page
    # offers to resume it once it shows no progress.
    bulk_run_task.enqueue(run.pk)
    return BulkRun.objects.get(pk=run.pk)


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
    for attempt in range(RATE_LIMIT_TRIES):
        try:
            order_action_run(actor=actor, order_id=item.order_id, action=run.action, text=run.text)
            return _Sent(ItemState.DONE)
        except Refused as exc:
            return _Sent(ItemState.REFUSED, exc.message)
        except PermissionDenied:
            spec = rules.ACTIONS[run.action]
            message = NOT_PERMITTED.format(verb=spec.text.verb)
            audit_record(actor=actor, action=spec.audit, target_type="order", target_id=item.order_id,
                         outcome=Outcome.REFUSED, error_message=message)  # fmt: skip
            return _Sent(ItemState.REFUSED, message)
        except BlendRateLimited as exc:
            if attempt + 1 == RATE_LIMIT_TRIES:
                return _Sent(ItemState.FAILED, "Blend kept answering that it was busy (429); not sent.")
            sleep(max(exc.retry_after or 1.0, 1.0))
        except BlendTimeout as exc:
            if exc.method == "GET" or not exc.request_sent:
                return _Sent(
                    ItemState.FAILED, "Blend did not answer the re-read of the order; nothing was sent."
                )
            return _Sent(
                ItemState.FAILED,
                "Blend did not answer in time: it is not known whether it made the change. Check the order.",
            )
        except BlendStatusError as exc:
            refused = exc.status_code in (400, 403, 404, 409, 422)
            return _Sent(ItemState.REFUSED if refused else ItemState.FAILED, exc.message)
        except BlendError as exc:
            return _Sent(ItemState.FAILED, exc.message or "Blend could not be reached.")
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
) -> BulkRun:
    """Carry out a confirmed run (what the queued task runs; safe to run twice, or in two workers at
    once: each order is claimed — written `sending` — before its call, and a claimed order is never
    sent again). `rate`: orders per second (BULK_ORDERS_PER_SECOND). `max_items`: stop after that
    many (a test's stopped worker)."""
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
    for item in list(run.items.filter(state=ItemState.PENDING).order_by("position")):
        if max_items is not None and handled >= max_items:
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


def bulk_run_resume(*, actor: Actor, run_id: int) -> BulkRun:
    """Put a run whose worker stopped back on the queue (its sent orders are not sent again)."""
    from apps.bulk.tasks import bulk_run_task

    run = BulkRun.objects.get(pk=run_id)
    if run.created_by_id != getattr(actor.user, "pk", None):
        raise PermissionDenied
    if run.state not in (RunState.QUEUED, RunState.RUNNING):
        raise Refused("This bulk action is not waiting or running.")
    bulk_run_task.enqueue(run.pk)
    return run
