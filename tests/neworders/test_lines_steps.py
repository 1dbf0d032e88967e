"""The medications and the products-and-materials steps: catalog products, Blend's quantity units,
days' supply, refills, directions and substitution; lines added and removed; nothing sent."""

from __future__ import annotations

import pytest

from tests.neworders.helpers import (
    medications_step,
    other_product,
    prescription_product,
    products_step,
    start,
    step_url,
)
from tests.orders.helpers import writes


@pytest.fixture
def draft(clinic_client):
    return start(clinic_client)


def test_the_medications_step_offers_the_catalog_and_blends_units(clinic_client, draft, sandbox):
    html = clinic_client.get(step_url(draft, "medications")).content.decode()
    assert f'value="{prescription_product(sandbox)["id"]}"' in html
    assert '<option value="C48480">Capsule</option>' in html
    assert "Days&#x27; supply" in html and "Directions (sig)" in html and "Substitution allowed" in html


def test_it_answers_htmx_with_the_step_alone(clinic_client, draft, htmx_headers):
    html = clinic_client.get(step_url(draft, "medications"), headers=htmx_headers).content.decode()
    assert html.lstrip().startswith('<div id="step">')


def test_valid_medications_go_on_to_the_products(clinic_client, draft, sandbox):
    response = clinic_client.post(step_url(draft, "medications"), medications_step(sandbox))
    assert response["Location"] == step_url(draft, "products") and writes(sandbox) == []


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("quantity", "0", "greater than or equal to 1"),
        ("units", "", "This field is required."),
        ("days_supply", "", "This field is required."),
        ("refills", "-1", "greater than or equal to 0"),
        ("directions", "", "This field is required."),
        ("product", "not-a-product", "Choose a product from the catalog."),
    ],
)
def test_bad_input_shows_at_the_line_and_field(field, value, message, clinic_client, draft, sandbox):
    html = clinic_client.post(
        step_url(draft, "medications"), medications_step(sandbox, {field: value})
    ).content.decode()
    assert message in html[html.index(f'name="medications-0-{field}"') :].split("</div>")[0]
    assert writes(sandbox) == []


def test_at_least_one_medication_is_needed(clinic_client, draft, sandbox):
    data = medications_step(sandbox)
    data["medications-0-DELETE"] = "on"
    assert (
        "Add at least one medication"
        in clinic_client.post(step_url(draft, "medications"), data).content.decode()
    )


def test_add_another_keeps_the_first_line_and_opens_a_second(clinic_client, draft, sandbox):
    response = clinic_client.post(
        step_url(draft, "medications"),
        {**medications_step(sandbox, {"directions": "Twice daily"}), "nav": "add"},
    )
    assert response["Location"].startswith(step_url(draft, "medications"))
    html = clinic_client.get(step_url(draft, "medications")).content.decode()
    assert "Twice daily" in html and 'name="medications-1-product"' in html


def test_a_prescription_already_at_blend_asks_for_products_and_quantities_only(clinic_client, draft, sandbox):
    clinic_client.post(step_url(draft, "prescriber"), {"mode": "on_file"})
    html = clinic_client.get(step_url(draft, "medications")).content.decode()
    assert 'name="medications-0-units"' not in html
    response = clinic_client.post(
        step_url(draft, "medications"), medications_step(sandbox, prescribed_here=False)
    )
    assert response.status_code == 302


def test_the_products_step_offers_non_prescription_products_and_materials(clinic_client, draft, sandbox):
    clinic_client.post(step_url(draft, "products"), {**products_step(), "nav": "add"})
    html = clinic_client.get(step_url(draft, "products")).content.decode()
    assert f'value="non_prescription:{other_product(sandbox)["id"]}"' in html
    assert f'value="order_material:{other_product(sandbox, "order_material")["id"]}"' in html


def test_products_are_optional(clinic_client, draft, sandbox):
    response = clinic_client.post(step_url(draft, "products"), products_step())
    assert response["Location"] == step_url(draft, "shipping")


def test_a_products_bad_quantity_shows_at_the_field(clinic_client, draft, sandbox):
    data = products_step(("order_material", other_product(sandbox, "order_material")["id"], 0))
    html = clinic_client.post(step_url(draft, "products"), data).content.decode()
    assert "greater than or equal to 1" in html[html.index('name="products-0-quantity"') :].split("</div>")[0]


@pytest.mark.parametrize("persona", ["support_client", "outsider_client"])
def test_roles_without_the_permission_are_refused(persona, request, draft):
    client = request.getfixturevalue(persona)
    assert client.get(step_url(draft, "medications")).status_code == 403
    assert client.get(step_url(draft, "products")).status_code == 403


def test_it_shows_blend_unavailable_when_the_catalog_fails(clinic_client, draft, sandbox):
    sandbox.faults.add(500, path="/products", times=5)
    assert clinic_client.get(step_url(draft, "medications")).status_code == 503
