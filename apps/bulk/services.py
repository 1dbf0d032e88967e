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
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from apps.audit.actor import Actor
from apps.audit.models import Outcome
from apps.audit.services import audit_record
from apps.blend.errors import (
    BlendError,
)
from apps.blend.models.orders import OrderSummary
from apps.blend.runtime import get_blend
from apps.bulk.models import BulkItem, BulkRun, ItemState, RunState
from apps.bulk.tasks import bulk_run_task
from apps.core.writes import Refused
from apps.orders import rules

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
        return NOT_PERMITTED.format(verb=action.verb)
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
    text: str = "",
) -> BulkRun:
    """A new run in its dry-run state: each order with the dry run's verdict. Give `orders` when they
    were just read from Blend's list (every order matching the filters), else `order_ids` (the orders
    ticked on a page), which are read from Blend now. `text`: the comments the confirmation form
    starts with (a recall's reason)."""
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
        text=text[:1000],
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
        bulk_run_task.enqueue(run.pk)  # in the same transaction as the run's new state
    return run


def bulk_run_resume(*, actor: Actor, run_id: int) -> BulkRun:
    """Put a run whose worker stopped back on the queue (its sent orders are not sent again)."""
    run = BulkRun.objects.get(pk=run_id)
    if run.created_by_id != getattr(actor.user, "pk", None):
        raise PermissionDenied
    if run.state not in (RunState.QUEUED, RunState.RUNNING):
        raise Refused("This bulk action is not waiting or running.")
    bulk_run_task.enqueue(run.pk)
    return run
