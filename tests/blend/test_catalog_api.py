"""Products and materials and formulas, through the real client against the sandbox."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from apps.blend.errors import BlendNotFound, BlendValidationError
from apps.blend.models.catalog import Formula, Product
from apps.blend.pagination import iter_all

KINDS = ("prescription", "non_prescription", "order_material")


def _ids_of_kind(sandbox, kind):
    return {row["id"] for row in sandbox.state.products.rows() if row["_kind"] == kind}


def _make(blend, kind, **fields):
    return blend.product_create(kind=kind, product={"name": "Test product", **fields})


def test_it_lists_every_product_by_kind(blend, sandbox):
    catalog = blend.product_catalog()

    for kind, products in catalog.by_kind():
        assert {p.id for p in products} == _ids_of_kind(sandbox, kind)
        assert all(p.kind == kind for p in products)
    assert catalog.count == len(sandbox.state.products) >= 30


def test_it_hides_the_sandbox_private_keys(blend):
    product = blend.product_catalog().prescription[0]

    assert "_kind" not in (product.model_extra or {})


def test_it_pages_a_product_list(blend, sandbox):
    total = len(_ids_of_kind(sandbox, "prescription"))

    page = blend.product_list(kind="prescription", page=2, page_size=5)

    assert (page.page, page.page_size, page.total_count) == (2, 5, total)
    assert page.total_pages == -(-total // 5)
    assert page.remaining_count == max(0, total - 10)
    assert len(page.items) == 5 and page.has_previous


def test_it_walks_every_page_with_iter_all(blend, sandbox):
    products = list(iter_all(lambda n: blend.product_list(kind="non_prescription", page=n, page_size=3)))

    assert [p.id for p in products] == list(dict.fromkeys(p.id for p in products))
    assert {p.id for p in products} == _ids_of_kind(sandbox, "non_prescription")


def test_it_refuses_an_unknown_kind_before_calling_blend(blend):
    with pytest.raises(ValueError):
        blend.product_list(kind="../orders")


def test_it_creates_a_prescription_product(blend, sandbox):
    product = _make(
        blend,
        "prescription",
        product_code="SUPERSPRAY15",
        form="cream",
        strength="1%",
        formula_id=826271167,
        price=120,
        is_controlled_substance=False,
    )

    assert product.kind == "prescription" and product.id in sandbox.state.products
    assert (product.product_code, product.strength, product.formula_id, product.price) == (
        "SUPERSPRAY15",
        "1%",
        826271167,
        120,
    )
    assert product.sku and len(product.sku) == 10 and product.sku.isdigit()
    assert (product.current_stock, product.reorder_threshold, product.has_inventory) == (0, 0, False)
    assert product.is_active is True and product.created_at.tzinfo is not None


def test_it_creates_a_non_prescription_product(blend):
    product = _make(blend, "non_prescription", form="liquid", price=39.99, unit_count=1000, unit_type="ml")

    assert (product.price, product.unit_count, product.unit_type) == (39.99, 1000, "ml")


def test_it_creates_an_order_material(blend):
    material = _make(blend, "order_material", category="marketing", is_global=False)

    assert material.is_global is False and material.category == "marketing"
    assert material.price is None


def test_it_lists_a_created_product_in_its_kind_only(blend):
    material = _make(blend, "order_material", name="Referral Brochure")

    catalog = blend.product_catalog()

    assert material.id in {p.id for p in catalog.order_material}
    assert material.id not in {p.id for p in catalog.prescription}


@pytest.mark.parametrize("name", ["", "   ", None])
def test_it_refuses_a_product_without_a_name(blend, name):
    with pytest.raises(BlendValidationError) as caught:
        blend.product_create(kind="prescription", product={"name": name})

    assert caught.value.status_code == 422 and "name" in caught.value.fields


def test_it_refuses_a_negative_price(blend):
    with pytest.raises(BlendValidationError) as caught:
        _make(blend, "non_prescription", price=-1)

    assert "price" in caught.value.fields


def test_it_updates_only_the_fields_sent(blend):
    product = _make(blend, "prescription", description="Before", product_code="OLD-1")

    updated = blend.product_update(
        kind="prescription", product_id=product.id, changes={"product_code": "NEW-1"}
    )

    assert (updated.product_code, updated.description, updated.name) == ("NEW-1", "Before", product.name)


def test_it_sets_the_customer_sku_by_update(blend):
    product = _make(blend, "order_material")

    updated = blend.product_update(
        kind="order_material", product_id=product.id, changes={"sku": "DEC_AD_001"}
    )

    assert updated.sku == "DEC_AD_001"


def test_it_updates_a_non_prescription_price(blend, sandbox):
    product = blend.product_catalog().non_prescription[0]

    updated = blend.product_update(kind="non_prescription", product_id=product.id, changes={"price": 89.99})

    assert updated.price == 89.99 == sandbox.state.products.get(product.id)["price"]


def test_it_ignores_fields_a_kind_cannot_update(blend):
    material = _make(blend, "order_material", is_global=False)

    updated = blend.product_update(kind="order_material", product_id=material.id, changes={"is_global": True})

    assert updated.is_global is False


def test_it_answers_404_for_an_unknown_product(blend):
    with pytest.raises(BlendNotFound):
        blend.product_update(
            kind="prescription", product_id="98cae3a3-996c-4bf5-9143-0ab6d98bc1d0", changes={}
        )


def test_it_answers_404_for_a_product_of_another_kind(blend):
    material = _make(blend, "order_material")

    with pytest.raises(BlendNotFound):
        blend.product_update(kind="prescription", product_id=material.id, changes={"name": "x"})


def test_it_creates_a_formula(blend, sandbox):
    formula = blend.formula_create(
        name="Test Formula",
        description="Test formula for automated testing",
        allergen_snomeds=["32675", "70813002"],
        allergen_scdgs=["1165648", "1160157"],
        medication_scdgs=["1156982"],
    )

    assert formula.id in sandbox.state.formulas and formula.created_at is not None
    assert formula.allergen_snomeds == ["32675", "70813002"] and formula.medication_scdgs == ["1156982"]


def test_it_refuses_a_formula_without_a_name(blend):
    with pytest.raises(BlendValidationError) as caught:
        blend.formula_create(name="")

    assert "name" in caught.value.fields


@pytest.mark.parametrize("value", [826271167, "826271167", "0227d1e5-ba9a-42b5-8fe2-38882aa65708"])
def test_it_reads_a_formula_id_as_given(value):
    assert Product.model_validate({"formula_id": value}).formula_id == value


@pytest.mark.parametrize(
    "raw",
    [
        "2025-03-15T12:00:00Z",
        "2025-03-15T12:00:00",
        "2025-03-15T12:00:00.000000",
        "2025-03-15T12:00:00+00:00",
    ],
)
def test_it_reads_every_timestamp_style_as_utc(raw):
    formula = Formula.model_validate({"created_at": raw})

    assert formula.created_at == datetime(2025, 3, 15, 12, tzinfo=UTC)
