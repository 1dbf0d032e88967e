"""Barcodes: create, list, verify, through the real client against the sandbox."""

from __future__ import annotations

import base64
import re
from datetime import UTC, datetime, timedelta

import pytest

from apps.blend.errors import BlendNotFound, BlendValidationError

UNKNOWN = "98cae3a3-996c-4bf5-9143-0ab6d98bc1d0"


@pytest.fixture
def patient_id(sandbox):
    return next(iter(sandbox.state.patients.rows()))["id"]


def _expire(sandbox, barcode_id):
    row = sandbox.state.barcodes.edit(barcode_id)
    row["expires_at"] = (datetime.now(UTC) - timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M:%S.%f")


def test_it_creates_a_barcode_for_a_patient(blend, sandbox, patient_id):
    barcode = blend.barcode_create(entity_type="patient", entity_id=patient_id)

    assert barcode.id in sandbox.state.barcodes and barcode.is_active is True
    assert re.fullmatch(rf"PATIENT-{patient_id}-[0-9a-f]{{8}}", barcode.barcode_value)
    assert (barcode.entity_type, barcode.entity_id) == ("patient", patient_id)
    assert barcode.expires_at - barcode.created_at == timedelta(hours=1)


def test_it_draws_the_barcode_as_a_png(blend, patient_id):
    barcode = blend.barcode_create(entity_type="patient", entity_id=patient_id)

    prefix, _, data = barcode.image.partition(",")
    assert prefix == "data:image/png;base64"
    assert base64.b64decode(data).startswith(b"\x89PNG\r\n\x1a\n")


def test_it_keys_an_order_barcode_by_the_order_uuid(blend, sandbox):
    order = next(iter(sandbox.state.orders.rows()))

    barcode = blend.barcode_create(entity_type="order", entity_id=order["order_number"])

    assert barcode.entity_id == order["id"] and barcode.barcode_value.startswith(f"ORDER-{order['id']}-")


def test_it_creates_a_barcode_for_a_product_and_a_lot(blend, sandbox):
    product = blend.product_catalog().order_material[0]
    lot = next(iter(sandbox.state.lots.rows()))

    assert blend.barcode_create(entity_type="order_material", entity_id=product.id).entity_id == product.id
    assert blend.barcode_create(entity_type="inventory", entity_id=lot["id"]).entity_id == lot["id"]


def test_it_answers_404_for_an_unknown_entity(blend):
    with pytest.raises(BlendNotFound):
        blend.barcode_create(entity_type="patient", entity_id=UNKNOWN)


def test_it_answers_404_for_a_product_of_another_kind(blend):
    product = blend.product_catalog().order_material[0]

    with pytest.raises(BlendNotFound):
        blend.barcode_create(entity_type="prescription_product", entity_id=product.id)


def test_it_refuses_an_unknown_entity_type(blend):
    with pytest.raises(BlendValidationError) as caught:
        blend.http.request(
            "POST",
            "/barcodes/{entity_type}/{entity_id}",
            path={"entity_type": "spaceship", "entity_id": UNKNOWN},
        )

    assert caught.value.status_code == 422 and "entity_type" in caught.value.fields


def test_it_checks_the_entity_type_before_calling_blend(blend):
    with pytest.raises(ValueError):
        blend.barcode_list(entity_type="spaceship", entity_id=UNKNOWN)


def test_it_lists_an_entitys_active_barcodes(blend, patient_id):
    first = blend.barcode_create(entity_type="patient", entity_id=patient_id)
    second = blend.barcode_create(entity_type="patient", entity_id=patient_id)

    barcodes = blend.barcode_list(entity_type="patient", entity_id=patient_id)

    assert [b.id for b in barcodes] == [first.id, second.id]
    assert all(b.image for b in barcodes)


def test_it_lists_without_images_when_asked(blend, patient_id):
    blend.barcode_create(entity_type="patient", entity_id=patient_id)

    barcodes = blend.barcode_list(entity_type="patient", entity_id=patient_id, include_images=False)

    assert barcodes and all(b.image is None for b in barcodes)


def test_it_lists_expired_barcodes_only_when_asked(blend, sandbox, patient_id):
    barcode = blend.barcode_create(entity_type="patient", entity_id=patient_id)
    _expire(sandbox, barcode.id)

    assert blend.barcode_list(entity_type="patient", entity_id=patient_id) == []
    inactive = blend.barcode_list(entity_type="patient", entity_id=patient_id, is_active=False)
    assert [(b.id, b.is_active) for b in inactive] == [(barcode.id, False)]


def test_it_verifies_a_barcode(blend, patient_id):
    barcode = blend.barcode_create(entity_type="patient", entity_id=patient_id)

    verified = blend.barcode_verify(barcode_value=barcode.barcode_value)

    assert (verified.id, verified.entity_id, verified.is_active) == (barcode.id, patient_id, True)


def test_it_answers_404_for_an_unknown_barcode(blend, patient_id):
    with pytest.raises(BlendNotFound):
        blend.barcode_verify(barcode_value=f"PATIENT-{patient_id}-00000000")


def test_it_answers_404_for_an_expired_barcode(blend, sandbox, patient_id):
    barcode = blend.barcode_create(entity_type="patient", entity_id=patient_id)
    _expire(sandbox, barcode.id)

    with pytest.raises(BlendNotFound):
        blend.barcode_verify(barcode_value=barcode.barcode_value)


def test_it_answers_404_for_an_inactive_barcode(blend, sandbox, patient_id):
    barcode = blend.barcode_create(entity_type="patient", entity_id=patient_id)
    sandbox.state.barcodes.edit(barcode.id)["is_active"] = False

    with pytest.raises(BlendNotFound):
        blend.barcode_verify(barcode_value=barcode.barcode_value)


def test_it_refuses_to_verify_nothing(blend):
    with pytest.raises(BlendValidationError) as caught:
        blend.barcode_verify(barcode_value="")

    assert "barcode_value" in caught.value.fields
