"""Blend's fixed reference lists, as the sandbox serves them (and as the seed uses them).

Where Blend's docs show no full list (README.md of the API reference fixes the choice) the lists
below are that choice: order statuses and shipping options exactly as the README says; NCPDP quantity
units are real NCI Thesaurus codes; the rest follow the values the docs show.
"""

from __future__ import annotations

from typing import Any

ORDER_STATUSES: list[dict[str, str]] = [
    {"code": "N01", "name": "Received", "slug": "received"},
    {"code": "P01", "name": "Data Entry", "slug": "data_entry"},
    {"code": "P02", "name": "Picked", "slug": "picked"},
    {"code": "P03", "name": "Verified", "slug": "verified"},
    {"code": "S01", "name": "Shipping", "slug": "shipped"},
    {"code": "S02", "name": "Delivered", "slug": "delivered"},
    {"code": "H01", "name": "Paused", "slug": "paused"},
    {"code": "E01", "name": "Exception", "slug": "exception"},
    {"code": "X01", "name": "Cancelled", "slug": "cancelled"},
]
STATUS_SLUGS = frozenset(status["slug"] for status in ORDER_STATUSES)
STATUS_BY_SLUG = {status["slug"]: status for status in ORDER_STATUSES}

SHIPPING_OPTIONS: list[dict[str, Any]] = [
    {
        "carrier": "usps",
        "name": "USPS",
        "service_levels": [
            {"code": "usps_ground_advantage", "name": "Ground Advantage"},
            {"code": "usps_priority", "name": "Priority Mail"},
            {"code": "usps_priority_express", "name": "Priority Mail Express"},
        ],
    },
    {
        "carrier": "ups",
        "name": "UPS",
        "service_levels": [
            {"code": "ups_ground", "name": "UPS Ground"},
            {"code": "ups_2nd_day_air", "name": "2nd Day Air"},
            {"code": "ups_next_day_air", "name": "Next Day Air"},
        ],
    },
    {
        "carrier": None,
        "name": "Any carrier",
        "service_levels": [
            {"code": "next_day", "name": "Next Day"},
            {"code": "two_day", "name": "Two Day"},
            {"code": "ground", "name": "Ground"},
        ],
    },
]
# service level code -> (carrier code or None, display name)
SERVICE_LEVELS: dict[str, tuple[str | None, str]] = {
    level["code"]: (option["carrier"], level["name"])
    for option in SHIPPING_OPTIONS
    for level in option["service_levels"]
}
CARRIERS: dict[str, str] = {o["carrier"]: o["name"] for o in SHIPPING_OPTIONS if o["carrier"]}

CREDENTIALS: list[dict[str, str]] = [
    {"code": "MD", "name": "Doctor of Medicine"},
    {"code": "DO", "name": "Doctor of Osteopathic Medicine"},
    {"code": "NP", "name": "Nurse Practitioner"},
    {"code": "PA", "name": "Physician Assistant"},
    {"code": "CNM", "name": "Certified Nurse Midwife"},
    {"code": "DDS", "name": "Doctor of Dental Surgery"},
    {"code": "DMD", "name": "Doctor of Dental Medicine"},
    {"code": "DPM", "name": "Doctor of Podiatric Medicine"},
    {"code": "ND", "name": "Doctor of Naturopathic Medicine"},
]

_UNIT_TYPE = {"type": "Quantity Unit of Measure", "type_code": "C89510"}
QUANTITY_UNITS: list[dict[str, str]] = [
    {"code": code, "term": term, "definition": definition, **_UNIT_TYPE}
    for code, term, definition in (
        ("C28253", "Milligram", "A metric unit of mass equal to one thousandth of a gram."),
        ("C48155", "Gram", "A metric unit of mass equal to one thousandth of a kilogram."),
        ("C28252", "Kilogram", "The base SI unit of mass, equal to one thousand grams."),
        ("C48152", "Microgram", "A metric unit of mass equal to one millionth of a gram."),
        ("C28254", "Milliliter", "A metric unit of volume equal to one thousandth of a liter."),
        ("C48505", "Liter", "A metric unit of volume equal to one cubic decimeter."),
        ("C48480", "Capsule", "A solid dosage form in which the drug is enclosed in a hard or soft shell."),
        ("C48542", "Tablet", "A solid dosage form containing medicinal substances, compressed or molded."),
        (
            "C48521",
            "Suppository",
            "A solid body of various weights and shapes for insertion into a body orifice.",
        ),
        ("C44278", "Unit", "A standard quantity of a substance used for dosing, such as insulin units."),
        (
            "C48579",
            "International Unit",
            "A unit of biological activity defined by the WHO reference standard.",
        ),
        ("C64933", "Each", "A single item, counted individually (troches, applicators, kits)."),
        ("C38046", "Unspecified", "The unit of measure is not specified."),
    )
]
QUANTITY_UNIT_TERMS = {unit["code"]: unit["term"] for unit in QUANTITY_UNITS}

GUARDIAN_RELATIONSHIP_TYPES: list[dict[str, str]] = [
    {"code": "parent", "name": "Parent"},
    {"code": "legal_guardian", "name": "Legal Guardian"},
    {"code": "grandparent", "name": "Grandparent"},
    {"code": "foster_parent", "name": "Foster Parent"},
    {"code": "other", "name": "Other"},
]

NOTIFICATION_EVENT_TYPES: list[dict[str, str]] = [
    {
        "event_code": "order.created",
        "name": "Order Created",
        "description": "Triggered when an order is created",
    },
    {
        "event_code": "order.status_changed",
        "name": "Order Status Changed",
        "description": "Triggered when an order moves to a new status",
    },
    {"event_code": "order.shipped", "name": "Order Shipped", "description": "Triggered when an order ships"},
    {
        "event_code": "order.delivered",
        "name": "Order Delivered",
        "description": "Triggered when the carrier reports an order delivered",
    },
    {
        "event_code": "order.cancelled",
        "name": "Order Cancelled",
        "description": "Triggered when an order is cancelled",
    },
    {
        "event_code": "order.stuck",
        "name": "Order Stuck",
        "description": "Triggered when an order cannot progress (too early to fill, missing active "
        "prescription, no refills remaining, prescription expired)",
    },
    {
        "event_code": "prescription.created",
        "name": "Prescription Created",
        "description": "Triggered when an electronic prescription is received",
    },
    {
        "event_code": "prescription.cancelled",
        "name": "Prescription Cancelled",
        "description": "Triggered when a prescription is cancelled",
    },
    {"event_code": "all", "name": "All", "description": "Every event, including ones added later"},
]
EVENT_CODES = frozenset(event["event_code"] for event in NOTIFICATION_EVENT_TYPES)

PRODUCT_KINDS = ("prescription", "non_prescription", "order_material")

# Task categories and statuses (code -> name), as `POST /tasks` accepts them.
TASK_CATEGORIES = {
    "T01": "Order",
    "T02": "Patient",
    "T03": "Prescription",
    "T04": "Prescriber",
    "T05": "Product",
    "T06": "Quality",
    "T07": "Shipping",
    "T08": "Billing",
    "T09": "Other",
}
TASK_STATUSES = {
    "NEW": "New",
    "IN_PROGRESS": "In Progress",
    "BLOCKED": "Blocked",
    "COMPLETED": "Completed",
    "CANCELLED": "Cancelled",
}
