"""A lot's page shows its adjustments and other changes made through BlendAdmin (from the audit
log: Blend keeps no history of a lot), and a catalog that cannot be read never takes it down."""

from __future__ import annotations

import pytest

from apps.core.once import token_new
from tests.catalog.helpers import lot, product
from tests.orders.helpers import writes


def _adjust(client, row, change: str, reason: str = "received", **more):
    data = {"change": change, "reason": reason, "token": token_new(), **more}
    return client.post(f"/catalog/inventory/{row['id']}/adjust/", data, **more.pop("extra", {}))


def test_a_lot_shows_its_adjustments_newest_first(manager_client, clinic_client, sandbox, manager_user):
    row = lot(sandbox)
    held = row["current_quantity"]
    _adjust(manager_client, row, "100")
    _adjust(manager_client, row, "-3", "damaged")
    for client in (manager_client, clinic_client):
        response = client.get(f"/catalog/inventory/{row['id']}/")
        history = response.context["page"].history
        assert [e.action for e in history] == ["inventory.adjust", "inventory.adjust"]
        assert f"quantity {held + 100} → {held + 97} (-3); reason: Damaged" in response.text
        assert f"quantity {held} → {held + 100} (+100); reason: Stock received" in response.text
        assert response.text.index("(-3)") < response.text.index("(+100)")
        assert manager_user.username in response.text and "Adjusted the quantity of lot" in response.text


def test_another_lots_changes_are_not_shown(manager_client, sandbox):
    first, second = sorted(sandbox.state.lots.rows(), key=lambda r: r["batch_number"])[:2]
    _adjust(manager_client, first, "5")
    response = manager_client.get(f"/catalog/inventory/{second['id']}/")
    assert response.context["page"].history == []
    assert "No change made through BlendAdmin yet." in response.text


def test_the_history_follows_an_adjustment_made_with_htmx(manager_client, sandbox, htmx_headers):
    row = lot(sandbox)
    data = {"change": "7", "reason": "count", "token": token_new()}
    response = manager_client.post(f"/catalog/inventory/{row['id']}/adjust/", data, headers=htmx_headers)
    assert "<html" not in response.text
    assert "(+7); reason: Count correction" in response.text


def test_a_refused_adjustment_shows_as_refused(manager_client, sandbox):
    row = lot(sandbox)
    sandbox.faults.add(422, method="PATCH", path="/products/inventory/")
    _adjust(manager_client, row, "5")
    response = manager_client.get(f"/catalog/inventory/{row['id']}/")
    assert [e.outcome for e in response.context["page"].history] == ["refused"]
    assert "Refused" in response.text


def test_a_lot_created_here_shows_its_creation(manager_client, sandbox):
    material = product(sandbox, "order_material")
    data = {
        "product": f"order_material:{material['id']}",
        "batch_number": "B-77",
        "initial_quantity": "30",
        "units_per_product": "1",
        "expiration_date": "2030-01-31",
        "token": token_new(),
    }
    response = manager_client.post("/catalog/inventory/new/", data, follow=True)
    assert "Added inventory lot" in response.text


@pytest.mark.parametrize("fault", ["timeout", 500, 404, 422])
def test_the_lot_page_stands_when_blends_catalog_fails(manager_client, sandbox, fault):
    row = lot(sandbox)
    sandbox.faults.add(fault, method="GET", path="/products$", times=5)
    response = manager_client.get(f"/catalog/inventory/{row['id']}/")
    assert response.status_code == 200
    assert row["batch_number"] in response.text
    assert "catalog is unavailable just now: products cannot be linked" in response.text
    assert response.context["link_form"] is None and response.context["adjust_form"] is not None


@pytest.mark.parametrize("fault", ["timeout", 500])
def test_the_inventory_list_stands_when_blends_catalog_fails(clinic_client, sandbox, fault):
    sandbox.faults.add(fault, method="GET", path="/products$", times=5)
    response = clinic_client.get("/catalog/inventory/")
    assert response.status_code == 200
    assert len(response.context["page"].rows) == len(sandbox.state.lots)
    assert "low stock is not flagged" in response.text


def test_linking_while_the_catalog_fails_says_blend_is_unavailable_and_sends_nothing(manager_client, sandbox):
    row, item = lot(sandbox), product(sandbox, "non_prescription")
    sandbox.faults.add("timeout", method="GET", path="/products$", times=10)
    data = {"product": f"non_prescription:{item['id']}", "units_per_product": "2", "token": token_new()}
    response = manager_client.post(f"/catalog/inventory/{row['id']}/associations/", data)
    assert response.status_code == 503
    assert writes(sandbox) == []
