"""Who may send new orders, and add the new patient or prescriber an order brings."""

from __future__ import annotations

from apps.orders import rules as orders_rules
from apps.patients import rules as patients_rules
from apps.prescribers import rules as prescribers_rules

CREATE = "accounts.create_orders"
NEEDED = (orders_rules.VIEW, CREATE)  # every step of a new order
CREATE_PATIENT = patients_rules.EDIT
CREATE_PRESCRIBER = prescribers_rules.EDIT
SEARCH = {"patient": patients_rules.VIEW, "prescriber": prescribers_rules.VIEW}
