from __future__ import annotations

from apps.core.once import token_new
from tests.orders.helpers import audit_rows, find_order, writes


def _own(sandbox):
    return next(r for r in sandbox.state.reasons.rows() if not r.get("is_global") and not r.get("parent_id"))


def _global(sandbox):
    return next(r for r in sandbox.state.reasons.rows() if r.get("is_global") and not r.get("parent_id"))


def test_it_shows_blends_reasons_and_the_companys_as_trees(clinic_client, sandbox):
    response = clinic_client.get("/catalog/reasons/")
    assert response.status_code == 200
    page = response.context["page"]
    assert all(r.is_global for r in page.global_reasons)
    assert _global(sandbox)["name"] in response.text
    assert "/edit/" not in response.text  # clinic staff may not edit


def test_it_offers_edit_for_the_companys_own_only(manager_client, sandbox):
    response = manager_client.get("/catalog/reasons/")
    assert f"/catalog/reasons/{_global(sandbox)['id']}/edit/" not in response.text
    assert manager_client.get(f"/catalog/reasons/{_global(sandbox)['id']}/edit/").status_code == 404


def test_it_creates_a_sub_reason_and_the_order_picker_sees_it(manager_client, sandbox, blend):
    blend.reason_list()  # cached, as the add-products picker reads it
    parent = _global(sandbox)
    data = {"name": "Dye-free", "description": "No dyes", "parent_id": parent["id"], "token": token_new()}
    response = manager_client.post("/catalog/reasons/new/", data)
    assert response.status_code == 302
    tree = {r.id: [c.name for c in r.subcategories] for r in blend.reason_list()}
    assert "Dye-free" in tree[parent["id"]]
    order = find_order(sandbox, "received")
    assert "Dye-free" in manager_client.get(f"/orders/{order['id']}/lines/add/").text
    assert audit_rows("reason.create")[0].outcome == "ok"


def test_it_changes_one_of_the_companys_reasons(manager_client, sandbox, blend):
    reason = _own(sandbox)
    blend.reason_list()
    data = {"name": "Renamed reason", "description": "", "parent_id": "", "token": token_new()}
    manager_client.post(f"/catalog/reasons/{reason['id']}/edit/", data)
    assert sandbox.state.reasons.get(reason["id"])["name"] == "Renamed reason"
    assert "Renamed reason" in [r.name for r in blend.reason_list()]


def test_it_refuses_a_reason_without_a_name(manager_client, sandbox):
    response = manager_client.post("/catalog/reasons/new/", {"name": " ", "token": token_new()})
    assert response.status_code == 200
    assert "This field is required." in response.text
    assert writes(sandbox) == []


def test_it_shows_blends_422_at_the_field(manager_client, sandbox):
    own = _own(sandbox)
    child = {"name": "Child", "parent_id": own["id"], "token": token_new()}
    manager_client.post("/catalog/reasons/new/", child)
    # a reason with sub-reasons must stay top level: Blend says so at parent_id
    data = {"name": own["name"], "parent_id": _global(sandbox)["id"], "token": token_new()}
    response = manager_client.post(f"/catalog/reasons/{own['id']}/edit/", data)
    assert response.status_code == 200
    assert "must stay top level" in response.text


def test_it_forgets_the_cached_reasons_even_when_blend_times_out(manager_client, sandbox, blend):
    blend.reason_list()
    sandbox.faults.add("timeout", method="POST", path="/reasons")
    data = {"name": "Maybe saved", "token": token_new()}
    response = manager_client.post("/catalog/reasons/new/", data)
    assert response.status_code == 302
    sandbox.state.reasons.insert(
        {
            "id": "r-late",
            "name": "Saved meanwhile",
            "description": "",
            "is_global": False,
            "parent_id": None,
            "created_at": "2026-01-01T00:00:00Z",
            "updated_at": "2026-01-01T00:00:00Z",
        }
    )
    assert "Saved meanwhile" in [r.name for r in blend.reason_list()]


def test_it_shows_blend_unavailable_when_the_list_fails(clinic_client, sandbox):
    sandbox.faults.add(500, path="/reasons", times=5)
    assert clinic_client.get("/catalog/reasons/").status_code == 503


def test_it_refuses_clinic_staff_and_outsiders(clinic_client, outsider_client, sandbox):
    assert clinic_client.get("/catalog/reasons/new/").status_code == 403
    assert clinic_client.post("/catalog/reasons/new/", {"name": "X", "token": token_new()}).status_code == 403
    assert outsider_client.get("/catalog/reasons/").status_code == 403
    assert writes(sandbox) == []
