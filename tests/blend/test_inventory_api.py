"""Inventory lots, a product's inventory, adjustments and associations, and the stock they drive."""

from __future__ import annotations

import pytest

from apps.blend.errors import BlendNotFound, BlendValidationError
from apps.blend.models.inventory import Lot

UNKNOWN = "98cae3a3-996c-4bf5-9143-0ab6d98bc1d0"


def _lot(**fields):
    return {
        "batch_number": "1234567890",
        "manufacturer": "Krill Farms",
        "mpn": "KF1234567890",
        "upc": "7-12345-67890-4",
        "unit_type": "each",
        "initial_quantity": 250,
        "cost_per_unit": 2.49,
        "expiration_date": "2027-01-01",
        "notes": "test lot",
        **fields,
    }


@pytest.fixture
def material(blend):
    return blend.product_create(kind="order_material", product={"name": "Cold pack"})


@pytest.fixture
def stocked(blend, material):
    """A lot of 250 linked to `material` at 10 units per product (stock 25)."""
    return blend.inventory_lot_create(
        lot=_lot(), product_type="order_material", product_id=material.id, units_per_product=10
    )


def _product(sandbox, product_id):
    return sandbox.state.products.get(product_id)


def test_it_lists_every_lot_by_kind(blend, sandbox):
    inventory = blend.inventory_list()

    assert {lot.id for lot in inventory.lots} == {row["id"] for row in sandbox.state.lots.rows()}
    for kind, lots in inventory.by_kind():
        assert all(lot.type == kind and lot.associations is not None for lot in lots)


def test_it_shows_seeded_stock_consistent_with_the_lots(blend, sandbox):
    for lot in blend.inventory_list().lots:
        for kind, links in lot.associations.by_kind():
            for link in links:
                product = blend.product_inventory(kind=kind, product_id=link.product_id)
                expected = sum(p.current_quantity // p.units_per_product for p in product if p.is_active)
                assert _product(sandbox, link.product_id)["current_stock"] == expected


def test_it_creates_a_lot_for_a_product_and_counts_its_stock(blend, sandbox, material):
    lot = blend.product_inventory_create(
        kind="order_material", product_id=material.id, lot=_lot(current_quantity=245, units_per_product=10)
    )

    assert (lot.current_quantity, lot.units_per_product, lot.type) == (245, 10, "order_material")
    assert lot.id is None  # as in Blend's example: the per-product answer has no lot id
    assert lot.expiration_date.year == 2027 and lot.received_date is not None
    assert _product(sandbox, material.id)["current_stock"] == 24
    assert _product(sandbox, material.id)["has_inventory"] is True


def test_it_lists_a_products_lots(blend, material, stocked):
    lots = blend.product_inventory(kind="order_material", product_id=material.id)

    assert [(lot.batch_number, lot.units_per_product, lot.current_quantity) for lot in lots] == [
        ("1234567890", 10, 250)
    ]


def test_it_answers_404_for_an_unknown_products_inventory(blend):
    with pytest.raises(BlendNotFound):
        blend.product_inventory(kind="prescription", product_id=UNKNOWN)


def test_it_creates_a_linked_lot_with_its_associations(blend, sandbox, material, stocked):
    assert stocked.id in sandbox.state.lots and stocked.type == "order_material"
    link = stocked.associations.find("order_material", material.id)
    assert (link.name, link.units_per_product) == ("Cold pack", 10)
    assert link.customer and link.customer_id
    assert _product(sandbox, material.id)["current_stock"] == 25


def test_it_creates_an_unlinked_lot(blend):
    lot = blend.inventory_lot_create(lot=_lot(type="prescription"))

    assert lot.associations.count == 0 and lot.current_quantity == 250


@pytest.mark.parametrize(
    ("changes", "field"),
    [({"batch_number": None}, "batch_number"), ({"initial_quantity": -5}, "initial_quantity"), ({}, "type")],
)
def test_it_refuses_an_incomplete_lot(blend, changes, field):
    with pytest.raises(BlendValidationError) as caught:
        blend.inventory_lot_create(lot={k: v for k, v in _lot(**changes).items() if v is not None})

    assert field in caught.value.fields


def test_it_refuses_a_lot_for_an_unknown_product(blend):
    with pytest.raises(BlendValidationError) as caught:
        blend.inventory_lot_create(lot=_lot(), product_type="prescription", product_id=UNKNOWN)

    assert "product_id" in caught.value.fields


def test_it_gets_a_lot(blend, stocked):
    lot = blend.inventory_lot_get(lot_id=stocked.id)

    assert lot.id == stocked.id and lot.associations.count == 1


def test_it_answers_404_for_an_unknown_lot(blend):
    with pytest.raises(BlendNotFound):
        blend.inventory_lot_get(lot_id=UNKNOWN)


def test_it_updates_a_lot_partially(blend, stocked):
    lot = blend.inventory_lot_update(lot_id=stocked.id, changes={"notes": "moved to shelf B"})

    assert (lot.notes, lot.batch_number, lot.current_quantity) == ("moved to shelf B", "1234567890", 250)


def test_it_stops_counting_an_inactive_lot(blend, sandbox, material, stocked):
    blend.inventory_lot_update(lot_id=stocked.id, changes={"is_active": False})

    assert _product(sandbox, material.id)["current_stock"] == 0
    assert _product(sandbox, material.id)["has_inventory"] is True


def test_it_adds_to_a_lots_quantity(blend, sandbox, material, stocked):
    lot = blend.inventory_adjust(lot_id=stocked.id, additional_quantity=100)

    assert lot.current_quantity == 350 and lot.associations.count == 1
    assert _product(sandbox, material.id)["current_stock"] == 35


def test_it_takes_from_a_lots_quantity(blend, sandbox, material, stocked):
    blend.inventory_adjust(lot_id=stocked.id, additional_quantity=-250)

    assert sandbox.state.lots.get(stocked.id)["current_quantity"] == 0
    assert _product(sandbox, material.id)["current_stock"] == 0


def test_it_refuses_to_take_a_lot_below_zero(blend, sandbox, stocked):
    with pytest.raises(BlendValidationError) as caught:
        blend.inventory_adjust(lot_id=stocked.id, additional_quantity=-251)

    assert "additional_quantity" in caught.value.fields
    assert sandbox.state.lots.get(stocked.id)["current_quantity"] == 250


def test_it_answers_404_when_adjusting_an_unknown_lot(blend):
    with pytest.raises(BlendNotFound):
        blend.inventory_adjust(lot_id=UNKNOWN, additional_quantity=1)


def test_it_lists_a_lots_associations(blend, material, stocked):
    associations = blend.inventory_associations(lot_id=stocked.id)

    assert [a.product_id for a in associations.order_material] == [material.id]
    assert associations.prescription == [] and associations.non_prescription == []


def test_it_links_a_lot_to_another_product(blend, sandbox, stocked):
    other = blend.product_create(kind="non_prescription", product={"name": "Sunscreen"})

    associations = blend.inventory_association_create(
        lot_id=stocked.id, product_type="non_prescription", product_id=other.id, units_per_product=50
    )

    assert associations.count == 2 and associations.find("non_prescription", other.id).units_per_product == 50
    assert (_product(sandbox, other.id)["current_stock"], _product(sandbox, other.id)["has_inventory"]) == (
        5,
        True,
    )


def test_it_replaces_the_units_of_an_existing_link(blend, sandbox, material, stocked):
    associations = blend.inventory_association_create(
        lot_id=stocked.id, product_type="order_material", product_id=material.id, units_per_product=50
    )

    assert associations.count == 1 and _product(sandbox, material.id)["current_stock"] == 5


def test_it_refuses_a_link_to_an_unknown_product(blend, stocked):
    with pytest.raises(BlendValidationError) as caught:
        blend.inventory_association_create(lot_id=stocked.id, product_type="prescription", product_id=UNKNOWN)

    assert "product_id" in caught.value.fields


def test_it_removes_a_link_and_the_stock_it_gave(blend, sandbox, material, stocked):
    associations = blend.inventory_association_remove(
        lot_id=stocked.id, product_type="order_material", product_id=material.id
    )

    assert associations.count == 0
    assert (
        _product(sandbox, material.id)["current_stock"],
        _product(sandbox, material.id)["has_inventory"],
    ) == (
        0,
        False,
    )


def test_it_answers_404_for_an_unknown_link(blend, stocked):
    with pytest.raises(BlendNotFound):
        blend.inventory_association_remove(lot_id=stocked.id, product_type="prescription", product_id=UNKNOWN)


def test_it_reads_a_lot_with_blends_timestamp_styles():
    lot = Lot.model_validate(
        {"expiration_date": "2025-01-01T00:00:00", "received_date": "2025-01-01T18:21:45.371623", "id": None}
    )

    assert lot.expiration_date.tzinfo is not None and lot.received_date.microsecond == 371623
