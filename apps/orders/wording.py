"""Every sentence the orders area says to a person (support agents read these), except the order
actions' own, which sit with each action in apps.orders.rules.ACTIONS."""

from __future__ import annotations

# Why an edit is not possible, by status (what the support agent should understand). Each order
# action's own sentences are in its row of apps.orders.rules.ACTIONS.
STATUS_REASONS: dict[str, str] = {
    "edit": "Blend accepts shipping changes only while an order is Received, Paused, Exception or Picked",
    "lines": "products can be changed only while the order is Received",
}


def refused_before_sending(verb: str, number: str, status_name: str, reason: str) -> str:
    """The order changed since the page was shown; BlendAdmin did not send anything."""
    return (
        f"Can't {verb} order {number}: it is now {status_name} and {reason}. "
        "The page shows its current state."
    )


def refused_by_blend(verb: str, number: str, status_name: str) -> str:
    """Blend answered 409: the order moved on between our check and Blend's."""
    return (
        f"Blend refused to {verb} order {number}: the order changed meanwhile and is now {status_name}. "
        "The page shows its current state."
    )


REASON_REQUIRED = "Say why a replacement is needed (Blend requires a reason)."

# Edit page.
EDIT_SAVED = "Order {number} updated."
EDIT_SAVED_WITH_PATIENT = "Order {number} updated; the patient's address was updated too."
EDIT_STALE = (
    "Order {number} changed at Blend since this form was opened, so nothing was sent. "
    "The form now shows its current values: check them and save again."
)
EDIT_NOTHING = "Nothing changed, so nothing was sent to Blend."
SERVICE_LEVEL_MISMATCH = "{level} is a {level_carrier} service level; choose a {carrier} level or no carrier."
EXTERNAL_ID_REQUIRED = "Blend can't remove an external id; enter the new one."
SHIPPING_FIXED = (
    "This order is {status}: Blend accepts changes to the address and shipping preference only while "
    "an order is Received, Paused, Exception or Picked. The external id can still be changed."
)
STATE_INVALID = "Choose a US state."
ZIP_INVALID = "Use a 5-digit ZIP code, or ZIP+4 (12345-6789)."

# Lines.
LINE_QUANTITY_SET = "Quantity of {product} set to {quantity}."
LINE_REMOVED = "Product removed from order {number}."
LINES_ADDED = "{product} × {quantity} added to order {number}."
PRODUCT_UNKNOWN = "Choose a product from the catalog."
REASON_UNKNOWN = "Choose compounding reasons from Blend's list."
REASONS_PRESCRIPTION_ONLY = "Compounding reasons go with prescription products only."

# Product kinds, as headings and option groups.

# Search and list.
SEARCH_TOO_SHORT = "Type at least {minimum} characters to search."
UNKNOWN_STATUS_FILTER = "Ignored unknown status {statuses}."
SHIPPING_OPTIONS_UNREAD = (
    "Blend's shipping options could not be read just now, so the address and shipping can't be "
    "changed here; the external id can. Try again in a moment."
)

# The order page's timeline: BlendAdmin's own writes, by audit action (the status actions are named
# by their action's title in apps.orders.rules.ACTIONS).
TIMELINE_WRITES = {
    "order.update": "Edited the order",
    "order.line_quantity": "Changed a product's quantity",
    "order.line_remove": "Removed a product",
    "order.lines_add": "Added products",
}
TIMELINE_OUTCOMES = {"refused": "refused", "failed": "failed"}

# Blend's four stuck reasons (order.stuck, changelog 2025-09-23), in words and with what to do.
STUCK_REASONS = {
    "order too early to fill": "Too early to fill: Blend fills it by itself when the refill is due.",
    "order missing active prescription": "Missing an active prescription: send or match an "
    "e-prescription for it (Blend marks it stuck after 24 h).",
    "no refills remaining": "No refills remaining: the prescriber must send a new prescription.",
    "prescription expired": "The prescription expired: ask the prescriber for a new one.",
}


def stuck_reason(reason: str) -> str:
    """Blend's stuck reason in words; one it has not documented, as it came."""
    return (
        STUCK_REASONS.get(reason.strip().lower()) or f"Stuck at Blend: {reason.strip() or 'no reason given'}."
    )
