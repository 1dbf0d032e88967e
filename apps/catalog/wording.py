"""Every sentence and label the catalog says to a person (managers and clinic staff read these):
headings, tabs, filter labels, the answers after a change, why a scanned code is not valid, and the
notes shown where a part of a page cannot be read. The kinds' own names are Blend's
(`apps.blend.models.catalog.KIND_LABELS`, one; `KIND_HEADINGS`, several)."""

from __future__ import annotations

from apps.blend.models.catalog import KIND_HEADINGS, KIND_LABELS

# ---- the list's headings and tabs ----------------------------------------------------------------

ALL_PRODUCTS = "All products"
FORMULAS = "Formulas"


def heading(kind: str | None) -> str:
    """The list's heading: the kind shown, in the plural ("Prescription products")."""
    return KIND_HEADINGS.get(kind or "", ALL_PRODUCTS)


# A product's status, as the list's filter and every badge and export name it.
STATUSES: dict[str, str] = {"active": "Active", "inactive": "Inactive"}
STATUS_ANY = "Active and inactive"


def status_of(is_active: bool | None) -> str:
    """A product's or lot's status key: inactive only when Blend says so."""
    return "inactive" if is_active is False else "active"


# ---- inventory -----------------------------------------------------------------------------------

EXPIRING_DAYS = 30
LOT_FILTERS: dict[str, str] = {
    "expired": "Expired",
    "expiring": f"Expiring within {EXPIRING_DAYS} days",
    "low": "Low stock",
}
LOT_FLAGS = {"inactive": "Inactive", "expired": "Expired", "expiring": "Expires soon", "low": "Low stock"}

# Why a quantity changed (BlendAdmin's own: Blend takes none); written to the audit log.
ADJUST_REASONS = [
    ("received", "Stock received"),
    ("count", "Count correction"),
    ("damaged", "Damaged"),
    ("expired", "Expired, discarded"),
    ("returned", "Returned"),
    ("other", "Other (say why in the note)"),
]

# ---- barcodes ------------------------------------------------------------------------------------

WHY_NOT = {
    "unknown": "Unknown code: Blend never issued it.",
    "inactive": "Inactive: Blend withdrew this code.",
    "expired": "Expired: this code is no longer valid.",
}
OWNER_LABELS = {
    "prescription_product": KIND_LABELS["prescription"],
    "non_prescription_product": KIND_LABELS["non_prescription"],
    "order_material": KIND_LABELS["order_material"],
    "inventory": "Inventory lot",
    "order": "Order",
    "patient": "Patient",
    "prescription": "Prescription",
    "user": "User",
}

# ---- answers after a change ----------------------------------------------------------------------

NOTHING_CHANGED = "Nothing changed, so nothing was sent."


def product_added(name: str) -> str:
    return f"{name} was added to the catalog."


def product_saved(name: str) -> str:
    return f"{name or 'The product'} was saved."


def formula_added(name: str, formula_id: str) -> str:
    return f"Formula {name} was created (id {formula_id}). It is listed under Formulas."


def lot_adjusted(lot: str, before: int, after: int) -> str:
    return f"Lot {lot}: {before} → {after}."


def lot_added(batch_number: str) -> str:
    return f"Lot {batch_number} was created."


LOT_LINKED = "The product now draws on this lot."
LOT_UNLINKED = "The product no longer draws on this lot."


def barcode_made(value: str) -> str:
    return f"New barcode {value}."


def reason_saved(name: str) -> str:
    return f"Compounding reason {name} was saved."


GLOBAL_REASON_READ_ONLY = "Blend's own compounding reasons cannot be changed."


def below_zero(lot: str, held: int, removing: int) -> str:
    return f"Lot {lot} holds {held}; removing {removing} would leave it below zero. Nothing was sent."


# ---- where a part of a page cannot be read -------------------------------------------------------

FORMULAS_NOTE = (
    "Blend has no list of formulas, so this page shows the formulas added through BlendAdmin "
    "and the formula ids your prescription products name."
)
FORMULA_PRODUCTS_UNAVAILABLE = (
    "Blend's catalog is unavailable just now, so the products using each formula are not shown."
)
LOT_HISTORY_NOTE = "Blend keeps no history of a lot: these are the changes made through BlendAdmin."
