"""What may be done to an order, in which statuses, by whom: the one table the buttons and the
services both read (Blend's rules, orders-auth-eprescriptions.md §7 and the BlendAdmin README)."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass

from apps.blend.models.orders import Order, OrderSummary
from apps.orders.wording import ACTION_TEXT, FLAG_REASONS, STATUS_REASONS, ActionText
from apps.patients import rules as patients_rules

VIEW = "accounts.view_orders"
EDIT = "accounts.edit_orders"
CHANGE_STATUS = "accounts.change_order_status"
CANCEL = "accounts.cancel_order"
EDIT_PATIENTS = patients_rules.EDIT  # the edit page may update the patient's address too


def _no_flag(order: OrderSummary) -> bool:
    return True


@dataclass(frozen=True)
class OrderAction:
    name: str
    statuses: frozenset[str]
    permission: str
    audit: str  # the audit log's action name
    method: str  # the Blend client's method (it takes `order_id=` and, if any, `<field>=`)
    style: str = "btn-secondary"
    # A flag on the order that makes the action pointless although the status allows it.
    available: Callable[[OrderSummary], bool] = _no_flag
    field: str = ""  # the free-text input the action takes ("comments" / "reason")
    field_required: bool = False
    status_after: str = ""  # the status Blend moves the order to, for those that change it

    @property
    def text(self) -> ActionText:
        return ACTION_TEXT[self.name]

    def allows_status(self, status: str) -> bool:
        return status in self.statuses

    def allows(self, order: OrderSummary) -> bool:
        return self.allows_status(order.status) and self.available(order)

    def refusal_reason(self, order: OrderSummary) -> str:
        """Why `order` does not allow this action (empty when it does)."""
        if not self.allows_status(order.status):
            return STATUS_REASONS[self.name]
        if not self.available(order):
            return FLAG_REASONS.get(self.name, STATUS_REASONS[self.name])
        return ""


ACTIONS: dict[str, OrderAction] = {
    action.name: action
    for action in (
        OrderAction(
            "pause",
            frozenset({"received", "exception"}),
            CHANGE_STATUS,
            "order.pause",
            "order_pause",
            status_after="paused",
        ),
        OrderAction(
            "unpause",
            frozenset({"paused"}),
            CHANGE_STATUS,
            "order.unpause",
            "order_unpause",
            "btn-primary",
            status_after="received",
        ),
        OrderAction(
            "prioritize",
            frozenset({"received", "data_entry", "picked", "paused", "exception"}),
            CHANGE_STATUS,
            "order.prioritize",
            "order_prioritize",
            available=lambda order: not order.priority_requested,
        ),
        OrderAction(
            "request_cancellation",
            frozenset({"picked", "verified"}),
            CHANGE_STATUS,
            "order.request_cancellation",
            "order_request_cancellation",
            available=lambda order: not order.cancellation_requested,
            field="comments",
        ),
        OrderAction(
            "replace",
            frozenset({"shipped", "delivered"}),
            CHANGE_STATUS,
            "order.replace",
            "order_replace",
            available=lambda order: order.replacement_request_status != "pending",
            field="reason",
            field_required=True,
        ),
        OrderAction(
            "cancel",
            frozenset({"received", "paused", "exception"}),
            CANCEL,
            "order.cancel",
            "order_cancel",
            "btn-danger",
            status_after="cancelled",
        ),
    )
}

# Blend fixes the shipping details (address, shipping preference) once an order is verified; the
# external id may change in any status. Product lines change only while `received`.
SHIPPING_STATUSES = frozenset({"received", "data_entry", "picked", "paused", "exception"})
SHIPPING_FIELDS = frozenset({"address", "shipping", "custom_shipping"})
LINES_STATUSES = frozenset({"received"})


def can_edit_shipping(order: Order) -> bool:
    return order.status in SHIPPING_STATUSES


def can_change_lines(order: Order) -> bool:
    return order.status in LINES_STATUSES


@dataclass(frozen=True)
class Flag:
    css: str
    text: str
    title: str


def order_flags(order: OrderSummary) -> list[Flag]:
    """The requests and markers on an order, shown as badges on its row and its page."""
    flags = []
    if order.priority_requested:
        flags.append(Flag("badge badge-picked", "Priority", "Priority requested"))
    if order.cancellation_requested:
        flags.append(Flag("badge badge-exception", "Cancellation requested", "Cancellation requested"))
    if order.replacement_request_status:
        text = f"Replacement {order.replacement_request_status}"
        flags.append(Flag("badge badge-paused", text, "Replacement request"))
    if order.is_replacement:
        flags.append(Flag("badge", "Replacement order", "This order replaces another"))
    return flags


def user_permissions(user) -> frozenset[str]:
    """The user's permissions, read once (has_perm per button and row would ask every backend again)."""
    return frozenset(user.get_all_permissions()) if user.is_active else frozenset()


def request_permissions(request) -> frozenset[str]:
    """`user_permissions` of the signed-in user, read once per request."""
    perms = getattr(request, "_orders_perms", None)
    if perms is None:
        perms = request._orders_perms = user_permissions(request.user)
    return perms


BULK_ACTIONS = ("pause", "unpause", "prioritize", "request_cancellation", "cancel")  # apps.bulk


def bulk_actions(perms: Collection[str]) -> list[OrderAction]:
    """The actions a user with `perms` may run over many orders at once (apps.bulk)."""
    return [ACTIONS[name] for name in BULK_ACTIONS if ACTIONS[name].permission in perms]


def allowed_actions(order: OrderSummary, perms: Collection[str]) -> list[OrderAction]:
    """The actions a user with `perms` may take on this order now, in button order."""
    return [a for a in ACTIONS.values() if a.permission in perms and a.allows(order)]


def may_edit(perms: Collection[str]) -> bool:
    """The edit page: the external id can always change, the shipping details while Blend allows."""
    return EDIT in perms


def may_change_lines(order: Order, perms: Collection[str]) -> bool:
    return EDIT in perms and can_change_lines(order)
