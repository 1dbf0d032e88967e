"""Every sentence the orders area says to a person, in one place (support agents read these)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ActionText:
    label: str  # the button
    title: str  # heading of the confirmation page
    confirm: str  # the confirmation question; {number} and {patient} are filled in
    done: str  # the toast after Blend accepted; {number}
    verb: str  # "pause", used in refusals: "can't pause order …"
    submit: str = ""  # the button on the confirmation page (label when empty)


ACTION_TEXT: dict[str, ActionText] = {
    "pause": ActionText(
        label="Pause",
        title="Pause order",
        confirm="Pause order {number}? Blend stops working on it until it is unpaused.",
        done="Order {number} is paused.",
        verb="pause",
    ),
    "unpause": ActionText(
        label="Unpause",
        title="Unpause order",
        confirm="Unpause order {number}? It goes back to Received and Blend works on it again.",
        done="Order {number} is unpaused and back to Received.",
        verb="unpause",
    ),
    "cancel": ActionText(
        label="Cancel order",
        title="Cancel order",
        confirm="Cancel order {number} for {patient}? This cannot be undone.",
        done="Order {number} is cancelled.",
        verb="cancel",
        submit="Yes, cancel the order",
    ),
    "prioritize": ActionText(
        label="Prioritize",
        title="Prioritize order",
        confirm="Ask Blend to prioritize order {number}?",
        done="Blend was asked to prioritize order {number}.",
        verb="prioritize",
    ),
    "request_cancellation": ActionText(
        label="Request cancellation",
        title="Request cancellation",
        confirm=(
            "Ask Blend to cancel order {number} for {patient}? The pharmacy is already preparing it, "
            "so Blend decides. An order can be asked only once."
        ),
        done="Cancellation of order {number} was requested from Blend.",
        verb="request cancellation of",
        submit="Send the request",
    ),
    "replace": ActionText(
        label="Request replacement",
        title="Request a replacement",
        confirm="Ask Blend to replace order {number} for {patient}?",
        done="A replacement for order {number} was requested from Blend.",
        verb="request a replacement for",
        submit="Send the request",
    ),
}

# Why an action or edit is not possible, by status (what the support agent should understand).
STATUS_REASONS: dict[str, str] = {
    "pause": "only Received or Exception orders can be paused",
    "unpause": "only Paused orders can be unpaused",
    "cancel": "only Received, Paused or Exception orders can be cancelled; ask Blend to cancel it instead",
    "prioritize": "only orders that are not yet verified can be prioritized",
    "request_cancellation": "cancellation can be requested only while the order is Picked or Verified",
    "replace": "a replacement can be requested only once the order has shipped",
    "edit": "Blend accepts shipping changes only while an order is Received, Paused, Exception or Picked",
    "lines": "products can be changed only while the order is Received",
}
FLAG_REASONS: dict[str, str] = {
    "prioritize": "priority was already requested",
    "request_cancellation": "cancellation was already requested",
    "replace": "a replacement request is already pending",
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
