"""Audit actions in words, as people read them ("Paused order", "Changed role to Support"). The log
keeps the action's code (`order.pause`): filters and exports match on it; every page that shows
an action shows these words."""

from __future__ import annotations

ACTIONS: dict[str, str] = {
    # orders
    "order.list": "Viewed the order list",
    "order.search": "Searched orders",
    "order.view": "Viewed order",
    "order.update": "Changed order",
    "order.pause": "Paused order",
    "order.unpause": "Unpaused order",
    "order.prioritize": "Asked to prioritize order",
    "order.request_cancellation": "Requested cancellation of order",
    "order.replace": "Requested a replacement of order",
    "order.cancel": "Cancelled order",
    "order.lines_add": "Added products to order",
    "order.line_quantity": "Changed a product's quantity on order",
    "order.line_remove": "Removed a product from order",
    "home.recent_orders": "Viewed recent orders",
    "order.create": "Created order",
    "order_draft.view": "Viewed a new order's patient",
    "order_draft.patient_search": "Searched patients for a new order",
    "order.export": "Exported orders",
    "bulk.pause": "Paused orders in bulk",
    "bulk.unpause": "Unpaused orders in bulk",
    "bulk.cancel": "Cancelled orders in bulk",
    "bulk.prioritize": "Asked to prioritize orders in bulk",
    "eprescription.create": "Added e-prescription",
    "eprescription.view": "Viewed e-prescription",
    "electronic_prescription.create": "Added e-prescription",
    # patients
    "patient.list": "Viewed the patient list",
    "patient.view": "Viewed patient",
    "patient.view_orders": "Viewed the orders of patient",
    "patient.view_risk_factors": "Viewed the risk factors of patient",
    "patient.export": "Exported patients",
    "patient.create": "Added patient",
    "patient.update": "Changed patient",
    "patient.risk_factor_confirm": "Confirmed a risk factor match of patient",
    "patient.risk_factor_deactivate": "Deactivated a risk factor of patient",
    "patient.risk_factors_text": "Added risk factor text for patient",
    # prescribers
    "prescriber.export": "Exported prescribers",
    "prescriber.create": "Added prescriber",
    "prescriber.update": "Changed prescriber",
    "prescriber.licence_add": "Added a licence of prescriber",
    "prescriber.licence_update": "Changed a licence of prescriber",
    "prescriber.licence_deactivate": "Deactivated a licence of prescriber",
    "prescriber.supervisor_add": "Added a supervisor of prescriber",
    "prescriber.supervisor_remove": "Removed a supervisor of prescriber",
    # catalog
    "product.create": "Added product",
    "product.update": "Changed product",
    "formula.create": "Added formula",
    "reason.create": "Added compounding reason",
    "reason.update": "Changed compounding reason",
    "inventory.create": "Added inventory lot",
    "inventory.adjust": "Adjusted the quantity of lot",
    "inventory.associate": "Linked a product to lot",
    "inventory.dissociate": "Unlinked a product from lot",
    "barcode.create": "Made a barcode for",
    "product.export": "Exported products",
    # notifications and events
    "webhook.create": "Added webhook",
    "webhook.update": "Changed webhook",
    "webhook.delete": "Removed webhook",
    "webhook.secret_rotate": "Made a new webhook secret",
    "notification.sample_send": "Sent a sample event",
    "email_subscriptions.update": "Changed e-mail notifications",
    "email_subscriptions.deactivate": "Turned off e-mail notifications",
    "event.replay": "Replayed event",
    # saved views of the order list
    "saved_view.create": "Saved an order list view",
    "saved_view.update": "Changed the saved view",
    "saved_view.delete": "Deleted the saved view",
    "role_queue.set": "Set the default queue of",
    # team, search, the log itself
    "team.invite": "Invited team member",
    "team.reinvite": "Issued a new invite link for",
    "team.deactivate": "Deactivated team member",
    "team.unlock": "Lifted the sign-in lock of",
    "search.results": "Searched everything",
    "audit.list": "Viewed the audit log",
    "access.denied": "Was refused access to",
}
ROLE_CHANGE = "team.role."
AREAS: dict[str, str] = {
    "order": "Orders",
    "home": "Home",
    "patient": "Patients",
    "prescriber": "Prescribers",
    "product": "Products",
    "formula": "Formulas",
    "reason": "Compounding reasons",
    "inventory": "Inventory",
    "barcode": "Barcodes",
    "team": "Team",
    "search": "Search",
    "order_draft": "New orders",
    "bulk": "Bulk actions",
    "eprescription": "E-prescriptions",
    "electronic_prescription": "E-prescriptions",
    "webhook": "Webhooks",
    "notification": "Notifications",
    "email_subscriptions": "E-mail notifications",
    "event": "Events",
    "saved_view": "Saved views",
    "role_queue": "Default queues",
    "audit": "Audit log",
    "access": "Access",
}


def action_words(code: str) -> str:
    """`order.pause` -> "Paused order"; `team.role.Support` -> "Changed role to Support"; an action
    not listed here reads as its words ("event.receive" -> "Event: receive")."""
    if code in ACTIONS:
        return ACTIONS[code]
    if code.startswith(ROLE_CHANGE):
        role = code.removeprefix(ROLE_CHANGE)
        return "Took away the role of" if role == "none" else f"Changed role to {role}"
    area, _, rest = code.partition(".")
    if not rest:
        return code.replace("_", " ").capitalize()
    return f"{area.replace('_', ' ').capitalize()}: {rest.replace('_', ' ').replace('.', ' ')}"


def area_words(area: str) -> str:
    """`order` -> "Orders: any action" (the audit filter's choice of every action of an area)."""
    return f"{AREAS.get(area, area.replace('_', ' ').capitalize())}: any action"
