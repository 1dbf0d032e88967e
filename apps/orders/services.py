"""Writes to orders, each audited and keyword-only, each run through the one write path
(apps.core.writes.send_once) by its view. Every service re-reads the order first: when the order's
status (or the actor's permissions) no longer allows the change, it raises `Refused` without calling
Blend. Blend's own refusals (409, 422, 404) come through as the client's errors. A service reads
before its one write, never after (see apps.core.writes)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied

from apps.audit.actor import Actor
from apps.audit.services import audited
from apps.blend.models.orders import Order
from apps.blend.runtime import get_blend
from apps.core.writes import Refused
from apps.events.processing import order_answer_save
from apps.orderindex.services import index_order_store
from apps.orders import rules, wording
from apps.orders.selectors import order_status_names, status_name


def _current(actor: Actor, order_id: str, permission: str) -> Order:
    if not actor.user.has_perm(permission):
        raise PermissionDenied
    return get_blend().order_get(order_id=order_id)


def _refuse(order: Order, verb: str, reason: str) -> Refused:
    name = status_name(order.status, order_status_names())
    return Refused(wording.refused_before_sending(verb, order.reference, name, reason), current=order)


def _action_audit_name(arguments: dict[str, Any]) -> str:
    return rules.ACTIONS[arguments["action"]].audit


def _action_detail(arguments: dict[str, Any], order: Order) -> str:
    spec = rules.ACTIONS[arguments["action"]]
    text = arguments.get("text") or ""
    return f"order {order.reference}" + (f"; {spec.field}: “{text}”" if spec.field and text else "")


@audited(_action_audit_name, target_type="order", target_id_arg="order_id", detail=_action_detail)
def order_action_run(*, actor: Actor, order_id: str, action: str, text: str = "") -> Order:
    """Run one of `rules.ACTIONS` by name (`text`: its comments or reason, if it takes one)."""
    spec = rules.ACTIONS[action]
    order = _current(actor, order_id, spec.permission)
    if not spec.allows(order):
        raise _refuse(order, spec.verb, spec.refusal_reason(order))
    return _learnt(spec.run(get_blend(), order_id=order_id, text=text))


def _learnt(order: Order) -> Order:
    """Blend's answer to a write, kept at once: the order index learns it, and so do the pages open
    on the order (apps.live), since Blend sends an event for a status change only."""
    index_order_store(order)
    order_answer_save(order)
    return order


def _shown(value: Any) -> str:
    return str(value) if value not in (None, "") else "—"


def _update_detail(arguments: dict[str, Any], order: Order) -> str:
    """What changed, before → after, for the audit log (`before`: the values the form showed)."""
    before, parts = arguments.get("before") or {}, []
    for key, after in arguments["changes"].items():
        if key == "address":
            parts += [
                f"{name}: {_shown(before.get(name))} → {_shown(after.get(name))}"
                for name in ("address_1", "address_2", "city", "state", "zip_code")
                if _shown(before.get(name)) != _shown(after.get(name))
            ]
        elif key == "shipping":
            was = " ".join(_shown(before.get(n)) for n in ("carrier", "service_level"))
            now = " ".join(_shown((after or {}).get(n)) for n in ("carrier", "service_level"))
            parts.append(f"shipping: {was} → {now}")
        else:
            parts.append(f"{key}: {_shown(before.get(key))} → {_shown(after)}")
    if arguments.get("update_patient"):
        parts.append("the patient's address too")
    return f"order {order.reference}: " + "; ".join(parts)


@audited("order.update", target_type="order", target_id_arg="order_id", detail=_update_detail)
def order_update(
    *,
    actor: Actor,
    order_id: str,
    changes: dict[str, Any],
    update_patient: bool = False,
    seen_updated_at: str = "",
    before: dict[str, Any] | None = None,
) -> Order:
    """Change the address (optionally the patient's too), external id and shipping preference.
    `seen_updated_at`: the order's `updated_at` (ISO) when the form was shown; if Blend's differs, the
    change is refused so that nobody overwrites values they have not seen. `before`: the values the
    form showed, for the audit log's before → after."""
    order = _current(actor, order_id, rules.EDIT)
    if update_patient and not actor.user.has_perm(rules.EDIT_PATIENTS):
        raise PermissionDenied
    if seen_updated_at and seen_updated_at != (order.updated_at.isoformat() if order.updated_at else ""):
        raise Refused(wording.EDIT_STALE.format(number=order.reference), current=order)
    if rules.SHIPPING_FIELDS & changes.keys() and not rules.can_edit_shipping(order):
        raise _refuse(order, "change the shipping details of", wording.STATUS_REASONS["edit"])
    return _learnt(
        get_blend().order_update(order_id=order_id, changes=changes, update_patient=update_patient)
    )


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
    return _learnt(
        get_blend().order_product_set_quantity(
            order_id=order_id,
            product_type=product_type,
            product_id=product_id,
            order_item_id=order_item_id,
            quantity=quantity,
        )
    )


@audited("order.line_remove", target_type="order", target_id_arg="order_id")
def order_line_remove(
    *, actor: Actor, order_id: str, product_type: str, product_id: str, order_item_id: str | None
) -> Order:
    """Remove one line. Blend answers with a message only: the order returned is the one read
    before (the page reads it again to show what is left)."""
    order = _checked_lines(actor, order_id)
    get_blend().order_product_remove(
        order_id=order_id, product_type=product_type, product_id=product_id, order_item_id=order_item_id
    )
    return order


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
    return _learnt(get_blend().order_products_add(order_id=order_id, **by_kind))
