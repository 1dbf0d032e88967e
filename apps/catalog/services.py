"""Writes to the catalog, each audited and keyword-only, each run through the one write path
(apps.core.writes.send_once) by its view. A service that checks something re-reads it first and
raises `Refused` without calling Blend when it no longer holds; its reads come before its one write."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied

from apps.audit.actor import Actor
from apps.audit.services import audited, given_summary
from apps.blend.models.catalog import Formula, Product
from apps.blend.models.inventory import Associations, Barcode, Lot
from apps.blend.models.orders import Reason
from apps.blend.runtime import get_blend
from apps.catalog import wording
from apps.catalog.models import AddedFormula
from apps.catalog.rules import may_edit
from apps.core.writes import Refused


def _allowed(actor: Actor) -> None:
    if not may_edit(actor.user):
        raise PermissionDenied


@audited("product.create", target_type="product", created_id=lambda product: product.id)
def product_create(*, actor: Actor, kind: str, values: dict[str, Any]) -> Product:
    _allowed(actor)
    return get_blend().product_create(kind=kind, product=values)


@audited("product.update", target_type="product", target_id_arg="product_id", detail=given_summary)
def product_update(
    *, actor: Actor, kind: str, product_id: str, changes: dict[str, Any], summary: str = ""
) -> Product:
    """A partial update: only `changes` are sent. `summary`: what changed, before → after, for the
    audit log."""
    _allowed(actor)
    return get_blend().product_update(kind=kind, product_id=product_id, changes=changes)


@audited("formula.create", target_type="formula", created_id=lambda formula: formula.id)
def formula_create(
    *,
    actor: Actor,
    name: str,
    description: str = "",
    medication_scdgs: list[str],
    allergen_scdgs: list[str],
    allergen_snomeds: list[str],
) -> Formula:
    """A new formula at Blend, kept in BlendAdmin too (Blend offers no list of formulas)."""
    _allowed(actor)
    formula = get_blend().formula_create(
        name=name,
        description=description,
        medication_scdgs=medication_scdgs,
        allergen_scdgs=allergen_scdgs,
        allergen_snomeds=allergen_snomeds,
    )
    if formula.id:
        AddedFormula.objects.update_or_create(
            blend_id=formula.id,
            defaults={
                "name": formula.name or name,
                "description": formula.description or description,
                "medication_scdgs": formula.medication_scdgs or medication_scdgs,
                "allergen_scdgs": formula.allergen_scdgs or allergen_scdgs,
                "allergen_snomeds": formula.allergen_snomeds or allergen_snomeds,
                "added_by": actor.user if actor.user.is_authenticated else None,
            },
        )
    return formula


# ---- inventory --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Adjustment:
    """A lot's quantity before and after an adjustment (Blend's answer: the lot as it is now)."""

    lot: Lot
    before: int
    after: int


def _adjust_detail(arguments: dict[str, Any], result: Adjustment) -> str:
    change = arguments["change"]
    note = f" ({arguments['note']})" if arguments.get("note") else ""
    return f"quantity {result.before} → {result.after} ({change:+d}); reason: {arguments['reason']}{note}"


@audited("inventory.adjust", target_type="lot", target_id_arg="lot_id", detail=_adjust_detail)
def inventory_adjust(*, actor: Actor, lot_id: str, change: int, reason: str, note: str = "") -> Adjustment:
    """Add `change` (negative to remove) to the lot's quantity, never below zero. The reason is
    BlendAdmin's own (Blend takes none): it is written to the audit log with the quantities."""
    _allowed(actor)
    blend = get_blend()
    lot = blend.inventory_lot_get(lot_id=lot_id)
    before = lot.current_quantity or 0
    if before + change < 0:
        raise Refused(wording.below_zero(lot.batch_number or lot_id, before, -change), current=lot)
    adjusted = blend.inventory_adjust(lot_id=lot_id, additional_quantity=change)
    after = adjusted.current_quantity if adjusted.current_quantity is not None else before + change
    return Adjustment(adjusted, before, after)


@audited("inventory.create", target_type="lot", created_id=lambda lot: lot.id or "")
def inventory_lot_create(
    *, actor: Actor, product_type: str, product_id: str, units_per_product: int, lot: dict[str, Any]
) -> Lot:
    """A new lot, linked to one product."""
    _allowed(actor)
    return get_blend().inventory_lot_create(
        lot=lot, product_type=product_type, product_id=product_id, units_per_product=units_per_product
    )


@audited("inventory.associate", target_type="lot", target_id_arg="lot_id")
def inventory_associate(
    *, actor: Actor, lot_id: str, product_type: str, product_id: str, units_per_product: int
) -> Associations:
    _allowed(actor)
    return get_blend().inventory_association_create(
        lot_id=lot_id, product_type=product_type, product_id=product_id, units_per_product=units_per_product
    )


@audited("inventory.dissociate", target_type="lot", target_id_arg="lot_id")
def inventory_dissociate(*, actor: Actor, lot_id: str, product_type: str, product_id: str) -> Associations:
    _allowed(actor)
    return get_blend().inventory_association_remove(
        lot_id=lot_id, product_type=product_type, product_id=product_id
    )


# ---- barcodes and reasons ----------------------------------------------------------------------


@audited("barcode.create", target_type="barcode", target_id_arg="entity_id")
def barcode_create(*, actor: Actor, entity_type: str, entity_id: str) -> Barcode:
    _allowed(actor)
    return get_blend().barcode_create(entity_type=entity_type, entity_id=entity_id)


@audited("reason.create", target_type="reason", created_id=lambda reason: reason.id)
def reason_create(*, actor: Actor, name: str, description: str = "", parent_id: str | None = None) -> Reason:
    _allowed(actor)
    return get_blend().reason_create(name=name, description=description, parent_id=parent_id)


@audited("reason.update", target_type="reason", target_id_arg="reason_id")
def reason_update(*, actor: Actor, reason_id: str, changes: dict[str, Any]) -> Reason:
    """Change one of the company's own reasons (Blend's global ones are read-only)."""
    _allowed(actor)
    current = next((r for r in _flat(get_blend().reason_list()) if r.id == reason_id), None)
    if current is not None and current.is_global:
        raise Refused(wording.GLOBAL_REASON_READ_ONLY)
    return get_blend().reason_update(reason_id=reason_id, changes=changes)


def _flat(reasons: list[Reason]) -> list[Reason]:
    return [r for top in reasons for r in (top, *top.subcategories)]
