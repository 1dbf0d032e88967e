"""Recalls: start one (what is recalled, and every open order holding it, stored), and take a bulk
action on its orders through apps.bulk (its dry run, confirmation, paced queue job, per-order
outcomes and audit): the recall only links the run and records its reason.

Which open orders hold what is recalled comes from the order index (Blend's order list cannot filter
by product), each order then re-read from Blend (its status now, its e-prescriptions) and its
prescribers found from those e-prescriptions: all of it read together, a round at a time. Blend does
not say which lot an order's product was made from, so a lot's recall holds every open order of every
product the lot feeds, and says so."""

from __future__ import annotations

from django.db import transaction

from apps.audit.actor import Actor
from apps.audit.services import audited
from apps.blend.models.orders import OPEN_STATUSES, Order
from apps.blend.models.prescriptions import ElectronicPrescription
from apps.blend.runtime import get_blend
from apps.bulk.models import BulkRun
from apps.bulk.services import bulk_run_create
from apps.core.writes import Refused
from apps.orderindex.selectors import index_freshness
from apps.orderindex.tasks import index_ensure
from apps.orders import rules as order_rules
from apps.recalls import rules
from apps.recalls.models import Recall, RecallOrder, RecallRun
from apps.recalls.selectors import open_orders_holding, read_all, recall_subject_find

INDEX_NOT_READY = (
    "BlendAdmin's order index is being built for the first time, so the orders holding it cannot be "
    "found yet. Start the recall again in a few minutes."
)
NOT_READ = "Blend could not be read for this order when the recall started: its status is the index's."
NO_ORDERS = "This recall holds no open order: there is nothing to act on."


def _user(actor: Actor):
    user = actor.user
    return user if user is not None and user.is_authenticated else None


def _prescribers(order: Order, erx: dict[str, ElectronicPrescription | None]) -> list[str]:
    """The prescribers of the order's e-prescriptions (those Blend gave), each once."""
    found = (erx.get(erx_id) for erx_id in order.electronic_prescription_ids)
    return list(dict.fromkeys(e.prescriber_id for e in found if e is not None and e.prescriber_id))


@audited("recall.start", target_type="recall", created_id=lambda recall: str(recall.pk))
def recall_start(*, actor: Actor, lot: str = "", kind: str = "", product: str = "", reason: str) -> Recall:
    """A new recall of the product (`kind`, `product`) or the `lot`, holding every open order that
    holds it: the index finds them, Blend is read for each (orders together, then their
    e-prescriptions together) and an order Blend now says is no longer open is left out."""
    subject = recall_subject_find(lot=lot, kind=kind, product=product)
    freshness = index_freshness()
    if not freshness.ready:
        index_ensure()
        raise Refused(INDEX_NOT_READY)
    found = open_orders_holding(subject.products)
    blend = get_blend()
    orders: dict[str, Order | None] = read_all(
        [row.pk for row, _ in found], lambda order_id: blend.order_get(order_id=order_id)
    )
    erx_ids = [e for order in orders.values() if order for e in order.electronic_prescription_ids]
    erx = read_all(erx_ids, lambda erx_id: blend.eprescription_get(eprescription_id=erx_id))
    user = _user(actor)
    with transaction.atomic():
        recall = Recall.objects.create(
            subject=subject.subject,
            subject_id=subject.subject_id,
            product_kind=subject.kind,
            subject_name=subject.name[:200],
            products=[p.as_dict() for p in subject.products],
            reason=reason,
            lot_unknown=subject.is_lot,
            index_as_of=freshness.as_of,
            created_by=user,
            username=user.get_username() if user else "",
        )
        rows = []
        for indexed, product_ids in found:
            order = orders.get(indexed.pk)
            if order is not None and order.status not in OPEN_STATUSES:
                continue  # closed since the index saw it
            prescribers = _prescribers(order, erx) if order is not None else []
            rows.append(
                RecallOrder(
                    recall=recall,
                    order_id=indexed.pk,
                    order_number=(order.order_number if order else indexed.order_number)[:40],
                    status=order.status if order else indexed.status,
                    patient_id=(
                        (order.patient.id if order and order.patient else None) or indexed.patient_id
                    )[:64],
                    prescriber_ids=prescribers,
                    product_ids=product_ids,
                    note="" if order is not None else NOT_READ,
                )
            )
        RecallOrder.objects.bulk_create(rows, batch_size=500)
    return recall


@audited(
    "recall.run",
    target_type="recall",
    target_id_arg="recall_id",
    detail=lambda a, run: f"bulk run #{run.pk}: {a['action']}",
)
def recall_run_create(*, actor: Actor, recall_id: int, action: str, reason: str) -> BulkRun:
    """A bulk run (its dry run: nothing is sent yet) of `action` over the recall's orders, linked to
    the recall with `reason` (sent to Blend as the action's comments where it takes some). The run
    is confirmed on its own page, as every bulk run."""
    if action not in rules.ACTIONS:
        raise Refused("Choose one of the actions offered.", field="action")
    recall = Recall.objects.get(pk=recall_id)
    order_ids = list(recall.orders.values_list("order_id", flat=True))
    if not order_ids:
        raise Refused(NO_ORDERS)
    spec = order_rules.ACTIONS[action]
    user = _user(actor)
    with transaction.atomic():
        run = bulk_run_create(
            actor=actor,
            action=action,
            order_ids=order_ids,
            selection=f"recall #{recall.pk}: {recall.get_subject_display().lower()} {recall.subject_name}",
            purpose=f"recall:{recall.pk}",
            text=reason if spec.field else "",
        )
        RecallRun.objects.create(
            recall=recall,
            run=run,
            reason=reason,
            created_by=user,
            username=user.get_username() if user else "",
        )
    return run
