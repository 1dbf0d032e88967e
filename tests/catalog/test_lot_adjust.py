from __future__ import annotations

from apps.core.once import token_new
from tests.catalog.helpers import lot
from tests.orders.helpers import audit_rows, toast, writes


def _url(row) -> str:
    return f"/catalog/inventory/{row['id']}/adjust/"


def _form(change: str, reason: str = "damaged", **more) -> dict[str, str]:
    return {"change": change, "reason": reason, "token": token_new(), **more}


def test_it_adjusts_and_audits_before_and_after(manager_client, sandbox):
    row = lot(sandbox)
    before = row["current_quantity"]
    response = manager_client.post(_url(row), _form("-5"))
    assert response.status_code == 302
    assert sandbox.state.lots.get(row["id"])["current_quantity"] == before - 5
    entry = audit_rows("inventory.adjust")[0]
    assert entry.outcome == "ok" and entry.target_id == row["id"]
    assert f"quantity {before} → {before - 5} (-5); reason: Damaged" in entry.error_message


def test_it_answers_htmx_with_the_lot_section_and_a_toast(manager_client, sandbox, htmx_headers):
    row = lot(sandbox)
    response = manager_client.post(_url(row), _form("10", "received"), headers=htmx_headers)
    assert "<html" not in response.text
    assert f"{row['current_quantity'] + 10:,}" in response.text
    assert toast(response)["level"] == "success"


def test_it_never_goes_below_zero_and_sends_nothing(manager_client, sandbox):
    row = lot(sandbox)
    held = row["current_quantity"]
    response = manager_client.post(_url(row), _form(str(-held - 1)))
    assert response.status_code == 200
    assert f"The lot holds {held}; it cannot go below zero." in response.text
    assert writes(sandbox) == []
    assert sandbox.state.lots.get(row["id"])["current_quantity"] == held


def test_it_refuses_below_zero_when_the_lot_changed_meanwhile(manager_client, sandbox, manager_user):
    from apps.audit.actor import Actor
    from apps.catalog import services
    from apps.core.writes import Refused

    row = lot(sandbox)
    sandbox.state.lots.edit(row["id"])["current_quantity"] = 3
    try:
        services.inventory_adjust(actor=Actor(manager_user), lot_id=row["id"], change=-4, reason="Damaged")
    except Refused as exc:
        assert "holds 3" in exc.message
    assert writes(sandbox) == []
    assert audit_rows("inventory.adjust")[0].outcome == "refused"


def test_it_needs_a_reason_and_a_number(manager_client, sandbox):
    row = lot(sandbox)
    response = manager_client.post(_url(row), _form("0", ""))
    assert response.context["adjust_form"].errors.keys() == {"change", "reason"}
    response = manager_client.post(_url(row), _form("2", "other"))
    assert "Say why in the note." in response.text
    assert writes(sandbox) == []


def test_it_reaches_blend_once_when_sent_twice(manager_client, sandbox):
    row = lot(sandbox)
    data = _form("1", "count")
    manager_client.post(_url(row), data)
    manager_client.post(_url(row), data)
    assert len(writes(sandbox)) == 1


def test_it_shows_blends_422_at_the_field(manager_client, sandbox):
    row = lot(sandbox)
    sandbox.faults.add(422, method="PATCH")
    response = manager_client.post(_url(row), _form("1", "count"))
    assert response.status_code == 200
    assert "Injected validation failure." in response.text
    assert audit_rows("inventory.adjust")[0].outcome == "refused"


def test_it_says_when_blend_times_out(manager_client, sandbox):
    row = lot(sandbox)
    sandbox.faults.add("timeout", method="PATCH")
    response = manager_client.post(_url(row), _form("1", "count"), follow=True)
    assert "did not answer in time" in response.text
    assert audit_rows("inventory.adjust")[0].outcome == "failed"


def test_it_shows_blend_unavailable_when_blend_fails(manager_client, sandbox):
    sandbox.faults.add(503, method="PATCH")
    assert manager_client.post(_url(lot(sandbox)), _form("1", "count")).status_code == 503


def test_it_answers_404_for_an_unknown_lot(manager_client):
    assert manager_client.post("/catalog/inventory/nope/adjust/", _form("1", "count")).status_code == 404


def test_it_refuses_clinic_and_support(clinic_client, support_client, sandbox):
    row = lot(sandbox)
    assert clinic_client.post(_url(row), _form("1", "count")).status_code == 403
    assert support_client.post(_url(row), _form("1", "count")).status_code == 403
    assert writes(sandbox) == []


def test_it_answers_htmx_bad_input_with_the_message_at_the_field(manager_client, sandbox, htmx_headers):
    row = lot(sandbox)
    held = row["current_quantity"]
    response = manager_client.post(_url(row), _form(str(-held - 5)), headers=htmx_headers)
    assert "<html" not in response.text
    assert f"Remove at most {held}." in response.text
    assert writes(sandbox) == []
