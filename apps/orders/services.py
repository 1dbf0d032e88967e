"""Writes to orders. Every service is audited, keyword-only, and re-reads the order first: when the
order's status (or the actor's permissions) no longer allow the change, it raises `OrderRefused`
without calling Blend. Blend's own refusals (409, 422) come through as the client's errors."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied

from apps.audit.actor import Actor
from apps.audit.services import audited
from apps.blend.errors import BlendConflict
from apps.blend.models.orders import Order
from apps.blend.runtime import get_blend
from apps.orders import rules, wording
from apps.orders.selectors import order_status_names, status_name


class OrderRefused(BlendConflict):
    """BlendAdmin refused before calling Blend: the order's status no longer allows the change.

    A `BlendConflict` so that it is audited and shown like Blend's own 409 (the same situation,
    caught one step earlier). `order` is the order as just re-read."""

    def __init__(self, message: str, *, order: Order) -> None:
        super().__init__(message, status_code=409)
        self.order = order


def _current(actor: Actor, order_id: str, permission: str) -> Order:
    if not actor.user.has_perm(permission):
        raise PermissionDenied
    return get_blend().order_get(order_id=order_id)


def _refuse(order: Order, verb: str, reason: str) -> OrderRefused:
    name = status_name(order.status, order_status_names())
    return OrderRefused(wording.refused_before_sending(verb, order.reference, name, reason), order=order)


def _checked_action(actor: Actor, order_id: str, name: str) -> Order:
    action = rules.ACTIONS[name]
    order = _current(actor, order_id, action.permission)
    if not action.allows(order):
        raise _refuse(order, action.text.verb, action.refusal_reason(order))
    return order


@audited("order.pause", target_type="order", target_id_arg="order_id")
def order_pause(*, actor: Actor, order_id: str) -> Order:
    _checked_action(actor, order_id, "pause")
    return get_blend().order_pause(order_id=order_id)


@audited("order.unpause", target_type="order", target_id_arg="order_id")
def order_unpause(*, actor: Actor, order_id: str) -> Order:
    _checked_action(actor, order_id, "unpause")
    return get_blend().order_unpause(order_id=order_id)


@audited("order.cancel", target_type="order", target_id_arg="order_id")
def order_cancel(*, actor: Actor, order_id: str) -> Order:
    _checked_action(actor, order_id, "cancel")
    return get_blend().order_cancel(order_id=order_id)


@audited("order.prioritize", target_type="order", target_id_arg="order_id")
def order_prioritize(*, actor: Actor, order_id: str) -> Order:
    _checked_action(actor, order_id, "prioritize")
    return get_blend().order_prioritize(order_id=order_id)


@audited("order.request_cancellation", target_type="order", target_id_arg="order_id")
def order_request_cancellation(*, actor: Actor, order_id: str, comments: str = "") -> Order:
    _checked_action(actor, order_id, "request_cancellation")
    return get_blend().order_request_cancellation(order_id=order_id, comments=comments)


@audited("order.replace", target_type="order", target_id_arg="order_id")
def order_replace(*, actor: Actor, order_id: str, reason: str) -> Order:
    _checked_action(actor, order_id, "replace")
    return get_blend().order_replace(order_id=order_id, reason=reason)


def order_action_run(*, actor: Actor, order_id: str, action: str, text: str = "") -> Order:
    """Run one of `rules.ACTIONS` by name (`text` is its comments or reason, if it takes one)."""
    if action == "request_cancellation":
        return order_request_cancellation(actor=actor, order_id=order_id, comments=text)
    if action == "replace":
        return order_replace(actor=actor, order_id=order_id, reason=text)
    simple = {
        "pause": order_pause,
        "unpause": order_unpause,
        "cancel": order_cancel,
        "prioritize": order_prioritize,
    }
    return simple[action](actor=actor, order_id=order_id)


@audited("order.update", target_type="order", target_id_arg="order_id")
def order_update(
    *, actor: Actor, order_id: str, changes: dict[str, Any], update_patient: bool = False
) -> Order:
    """Change the address (optionally the patient's too), external id and shipping preference."""
    order = _current(actor, order_id, rules.EDIT)
    if rules.SHIPPING_FIELDS & changes.keys() and not rules.can_edit_shipping(order):
        raise _refuse(order, "change the shipping details of", wording.STATUS_REASONS["edit"])
    return get_blend().order_update(order_id=order_id, changes=changes, update_patient=update_patient)


def _checked_lines(actor: Actor, order_id: str) -> Order:
    order = _current(actor, order_id, rules.EDIT)
    if not rules.can_change_lines(order):
        raise _refuse(order, "change the products of", wording.STATUS_REASONS["lines"])
    return order


@audited("order.line_quantity", target_type="order", target_id_arg="order_id")
def order_line_set_quantity(
    *,
    actor: Actor,
    order_id: str,
    product_type: str,
    product_id: str,
    order_item_id: str | None,
    quantity: int,
) -> Order:
    _checked_lines(actor, order_id)
    return get_blend().order_product_set_quantity(
        order_id=order_id,
        product_type=product_type,
        product_id=product_id,
        order_item_id=order_item_id,
        quantity=quantity,
    )


@audited("order.line_remove", target_type="order", target_id_arg="order_id")
def order_line_remove(
    *, actor: Actor, order_id: str, product_type: str, product_id: str, order_item_id: str | None
) -> Order:
    """Remove one line; Blend answers with a message only, so the order is read again after."""
    _checked_lines(actor, order_id)
    blend = get_blend()
    blend.order_product_remove(
        order_id=order_id, product_type=product_type, product_id=product_id, order_item_id=order_item_id
    )
    return blend.order_get(order_id=order_id)


@dataclass(frozen=True)
class NewLine:
    """A catalog product to add to an order."""

    kind: str  # prescription, non_prescription or order_material
    product_id: str
    quantity: int
    reasons: tuple[str, ...] = ()  # compounding reason ids (prescription lines only)


@audited("order.lines_add", target_type="order", target_id_arg="order_id")
def order_lines_add(*, actor: Actor, order_id: str, lines: Sequence[NewLine]) -> Order:
    """Add catalog products, a prescription line with its compounding reasons (ids)."""
    _checked_lines(actor, order_id)
    by_kind: dict[str, list[dict[str, Any]]] = {
        "prescription": [],
        "non_prescription": [],
        "order_material": [],
    }
    for line in lines:
        item: dict[str, Any] = {"id": line.product_id, "quantity": line.quantity}
        if line.reasons:
            item["reasons"] = list(line.reasons)
        by_kind[line.kind].append(item)
    return get_blend().order_products_add(order_id=order_id, **by_kind)
