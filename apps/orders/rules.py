"""What may be done to an order, in which statuses, by whom: `ACTIONS`, the one table of the order
actions that the buttons, the confirmation page, the services and the audit log all read (Blend's
rules, orders-auth-eprescriptions.md §7 and the BlendAdmin README), each row with its sentences."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass

from apps.blend.client import BlendClient
from apps.blend.models.orders import Order, OrderSummary
from apps.patients import rules as patients_rules

VIEW = "accounts.view_orders"
EDIT = "accounts.edit_orders"
CHANGE_STATUS = "accounts.change_order_status"
CANCEL = "accounts.cancel_order"
EDIT_PATIENTS = patients_rules.EDIT  # the edit page may update the patient's address too


def _no_flag(order: OrderSummary) -> bool:
    return True


@dataclass(frozen=True, kw_only=True)
class OrderAction:
    """One thing a person may do to an order: in which statuses, with which permission, the Blend
    client method it calls, and every sentence it says (support agents read these)."""

    name: str
    statuses: frozenset[str]
    permission: str
    audit: str  # the audit log's action name
    send: Callable[..., Order]  # the client's method: `send(client, order_id=..., <field>=...)`
    label: str  # the button
    title: str  # heading of the confirmation page
    confirm: str  # the confirmation question; {number} and {patient} are filled in
    done: str  # the toast after Blend accepted; {number}
    verb: str  # "pause", in refusals: "can't pause order …"
    not_now: str  # why the order's status does not allow it
    submit: str = ""  # the button on the confirmation page (`label` when empty)
    style: str = "btn-secondary"
    # A flag on the order that makes the action pointless although the status allows it, and why.
    available: Callable[[OrderSummary], bool] = _no_flag
    already: str = ""
    field: str = ""  # the free-text input the action takes ("comments" / "reason")
    field_required: bool = False
    status_after: str = ""  # the status Blend moves the order to, for those that change it

    def allows_status(self, status: str) -> bool:
        return status in self.statuses

    def allows(self, order: OrderSummary) -> bool:
        return self.allows_status(order.status) and self.available(order)

    def refusal_reason(self, order: OrderSummary) -> str:
        """Why `order` does not allow this action (empty when it does)."""
        if not self.allows_status(order.status):
            return self.not_now
        if not self.available(order):
            return self.already or self.not_now
        return ""

    def run(self, client: BlendClient, *, order_id: str, text: str = "") -> Order:
        """Send the action to Blend (`text`: its comments or reason, if it takes one)."""
        return self.send(client, order_id=order_id, **({self.field: text} if self.field else {}))


ACTIONS: dict[str, OrderAction] = {
    action.name: action
    for action in (
        OrderAction(
            name="pause",
            statuses=frozenset({"received", "exception"}),
            permission=CHANGE_STATUS,
            audit="order.pause",
            send=BlendClient.order_pause,
            status_after="paused",
            label="Pause",
            title="Pause order",
            confirm="Pause order {number}? Blend stops working on it until it is unpaused.",
            done="Order {number} is paused.",
            verb="pause",
            not_now="only Received or Exception orders can be paused",
        ),
        OrderAction(
            name="unpause",
            statuses=frozenset({"paused"}),
            permission=CHANGE_STATUS,
            audit="order.unpause",
            send=BlendClient.order_unpause,
            style="btn-primary",
            status_after="received",
            label="Unpause",
            title="Unpause order",
            confirm="Unpause order {number}? It goes back to Received and Blend works on it again.",
            done="Order {number} is unpaused and back to Received.",
            verb="unpause",
            not_now="only Paused orders can be unpaused",
        ),
        OrderAction(
            name="prioritize",
            statuses=frozenset({"received", "data_entry", "picked", "paused", "exception"}),
            permission=CHANGE_STATUS,
            audit="order.prioritize",
            send=BlendClient.order_prioritize,
            available=lambda order: not order.priority_requested,
            label="Prioritize",
            title="Prioritize order",
            confirm="Ask Blend to prioritize order {number}?",
            done="Blend was asked to prioritize order {number}.",
            verb="prioritize",
            not_now="only orders that are not yet verified can be prioritized",
            already="priority was already requested",
        ),
        OrderAction(
            name="request_cancellation",
            statuses=frozenset({"picked", "verified"}),
            permission=CHANGE_STATUS,
            audit="order.request_cancellation",
            send=BlendClient.order_request_cancellation,
            available=lambda order: not order.cancellation_requested,
            field="comments",
            label="Request cancellation",
            title="Request cancellation",
            confirm=(
                "Ask Blend to cancel order {number} for {patient}? The pharmacy is already preparing it, "
                "so Blend decides. An order can be asked only once."
            ),
            done="Cancellation of order {number} was requested from Blend.",
            verb="request cancellation of",
            submit="Send the request",
            not_now="cancellation can be requested only while the order is Picked or Verified",
            already="cancellation was already requested",
        ),
        OrderAction(
            name="replace",
            statuses=frozenset({"shipped", "delivered"}),
            permission=CHANGE_STATUS,
            audit="order.replace",
            send=BlendClient.order_replace,
            available=lambda order: order.replacement_request_status != "pending",
            field="reason",
            field_required=True,
            label="Request replacement",
            title="Request a replacement",
            confirm="Ask Blend to replace order {number} for {patient}?",
            done="A replacement for order {number} was requested from Blend.",
            verb="request a replacement for",
            submit="Send the request",
            not_now="a replacement can be requested only once the order has shipped",
            already="a replacement request is already pending",
        ),
        OrderAction(
            name="cancel",
            statuses=frozenset({"received", "paused", "exception"}),
            permission=CANCEL,
            audit="order.cancel",
            send=BlendClient.order_cancel,
            style="btn-danger",
            status_after="cancelled",
            label="Cancel order",
            title="Cancel order",
            confirm="Cancel order {number} for {patient}? This cannot be undone.",
            done="Order {number} is cancelled.",
            verb="cancel",
            submit="Yes, cancel the order",
            not_now=(
                "only Received, Paused or Exception orders can be cancelled; ask Blend to cancel it instead"
            ),
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
