"""Every sentence the new-order steps say to a person, in one place."""

from __future__ import annotations

STEP_TITLES = {
    "patient": "Patient",
    "prescriber": "Prescriber",
    "medications": "Medications",
    "products": "Products and materials",
    "shipping": "Shipping",
    "review": "Review and send",
}

CHOOSE_PATIENT = "Search for the patient and choose them, or add a new patient."
CHOOSE_PRESCRIBER = "Search for the prescriber and choose them, or add a new one by NPI."
PATIENT_GONE = "Blend has no patient with this id any more: choose the patient again."
PRESCRIBER_GONE = "Blend has no prescriber with this id any more: choose the prescriber again."
PRODUCT_UNKNOWN = "Choose a product from the catalog."
MEDICATION_REQUIRED = "Add at least one medication."
SHIPPING_UNREAD = (
    "Blend's shipping options cannot be read just now: the order ships by the account's default "
    "(or the option chosen before). Reload to choose another."
)
SHIPPING_KEPT = "Chosen before"
RELATIONSHIPS_UNREAD = (
    "Blend's list of guardian relationships cannot be read just now: a relationship can be chosen once it "
    "can (reload in a moment)."
)
ZIP_INVALID = "Use a 5-digit ZIP code, or ZIP+4 (02108-1234)."
ADDRESS_REQUIRED = "Enter the whole address to ship somewhere else."
PATIENT_HAS_NO_ADDRESS = "The patient has no address on file: enter the address to ship to."
MERGE_REQUIRED = "Choose whether Blend may add these items to the patient's open order."
STEPS_INCOMPLETE = "Some steps are not complete yet: this one needs your attention first."

MERGE_EXPLAINED = (
    "Blend merges a new order into the patient's open order (one still Received) unless asked not "
    "to: the new items then ship with that order instead of on their own."
)
MERGE_NONE_OPEN = "The patient has no open order now, so Blend makes a new one either way."
MERGE_NEW_PATIENT = "A new patient has no open order: Blend makes a new one."

SENT = "The order was sent to Blend."
