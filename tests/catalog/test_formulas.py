"""The formulas list: Blend has no list or read of formulas, so the page shows those BlendAdmin
added (kept when Blend answered) and the formula ids Blend's prescription products name."""

from __future__ import annotations

import pytest

from apps.catalog.models import AddedFormula
from apps.core.once import token_new
from tests.catalog.helpers import product
from tests.orders.helpers import writes

LIST = "/catalog/formulas/"


def _add(manager_client, name: str = "Base Cream", codes: str = "1156982") -> AddedFormula:
    data = {"name": name, "description": "Emollient base", "medication_scdgs": codes, "token": token_new()}
    response = manager_client.post("/catalog/formulas/new/", data)
    assert response.status_code == 302
    return AddedFormula.objects.get(name=name)


def test_a_formula_added_is_found_again_on_the_list(manager_client, sandbox):
    added = _add(manager_client)
    at_blend = next(r for r in sandbox.state.formulas.rows() if r["name"] == "Base Cream")
    assert added.blend_id == at_blend["id"] and added.medication_scdgs == ["1156982"]
    response = manager_client.get(LIST)
    assert response.status_code == 200
    row = next(r for r in response.context["page"].page.items if r.formula_id == at_blend["id"])
    assert row.name == "Base Cream" and row.added.added_by.username == added.added_by.username
    assert at_blend["id"] in response.text and "Base Cream" in response.text and "1156982" in response.text


def test_after_adding_a_formula_the_manager_lands_on_the_list(manager_client):
    data = {"name": "Lip Balm Base", "token": token_new()}
    response = manager_client.post("/catalog/formulas/new/", data, follow=True)
    assert response.redirect_chain[-1][0] == LIST
    assert "Lip Balm Base" in response.text and "It is listed under Formulas." in response.text


def test_it_lists_the_formulas_products_name_with_their_products(clinic_client, sandbox):
    row = product(sandbox, where=lambda r: r.get("formula_id") is not None)
    response = clinic_client.get(LIST, {"q": str(row["formula_id"])})
    (found,) = response.context["page"].page.items
    assert found.added is None and row["id"] in [p.id for p in found.products]
    assert f'href="/catalog/prescription/{row["id"]}/"' in response.text
    assert "Not added here" in response.text


def test_a_products_formula_links_to_the_list(clinic_client, sandbox):
    row = product(sandbox, where=lambda r: r.get("formula_id") is not None)
    html = clinic_client.get(f"/catalog/prescription/{row['id']}/").text
    assert f'href="/catalog/formulas/?q={row["formula_id"]}"' in html


def test_it_finds_a_formula_by_name_and_code(manager_client):
    _add(manager_client, "Base Cream", "1156982")
    _add(manager_client, "Oral Suspension", "2222222")
    for term in ("oral susp", "2222222"):
        names = [r.name for r in manager_client.get(LIST, {"q": term}).context["page"].page.items]
        assert names == ["Oral Suspension"], term


def test_it_answers_htmx_with_the_results_fragment(clinic_client, htmx_headers):
    response = clinic_client.get(LIST, {"page": 2}, headers=htmx_headers)
    assert response.status_code == 200
    assert "<html" not in response.text and "Formulas" in response.text


def test_it_ignores_a_bad_page_and_too_long_a_search_and_says_so(clinic_client):
    response = clinic_client.get(LIST, {"page": "abc", "q": "x" * 500})
    assert response.status_code == 200
    assert response.context["page"].page.page == 1 and response.context["page"].q == ""
    assert "Enter a whole number." in response.text


@pytest.mark.parametrize(
    ("persona", "status", "new_button"),
    [("clinic_client", 200, False), ("support_client", 200, False), ("manager_client", 200, True)],
)
def test_every_role_with_the_catalog_reads_it_and_managers_may_add(request, persona, status, new_button):
    response = request.getfixturevalue(persona).get(LIST)
    assert response.status_code == status
    assert ('href="/catalog/formulas/new/"' in response.text) is new_button


def test_it_refuses_an_outsider(outsider_client):
    assert outsider_client.get(LIST).status_code == 403


@pytest.mark.parametrize("fault", ["timeout", 500, 404, 422])
def test_the_added_formulas_show_when_blends_catalog_fails(manager_client, sandbox, fault):
    _add(manager_client)
    sandbox.faults.add(fault, method="GET", path="/products$", times=5)
    response = manager_client.get(LIST)
    assert response.status_code == 200
    assert [r.name for r in response.context["page"].page.items] == ["Base Cream"]
    assert "catalog is unavailable just now" in response.text


def test_a_new_product_can_start_from_a_formula(manager_client, sandbox):
    added = _add(manager_client)
    html = manager_client.get(LIST).text
    assert f'href="/catalog/prescription/new/?formula_id={added.blend_id}"' in html
    form = manager_client.get("/catalog/prescription/new/", {"formula_id": added.blend_id}).context["form"]
    assert form["formula_id"].value() == added.blend_id


def test_a_formula_blend_refuses_is_not_kept(manager_client, sandbox):
    sandbox.faults.add(422, method="POST", path="/products/formulas")
    manager_client.post("/catalog/formulas/new/", {"name": "Refused", "token": token_new()})
    assert not AddedFormula.objects.exists()
    assert writes(sandbox) == [("POST", "/products/formulas")]


def test_formulas_added_before_they_were_kept_come_from_the_audit_log(manager_user):
    import importlib

    from django.apps import apps

    from apps.audit.models import AuditEntry

    AuditEntry.objects.create(
        user=manager_user, action="formula.create", target_type="formula", target_id="f-1", outcome="ok"
    )
    AuditEntry.objects.create(action="formula.create", target_type="formula", target_id="", outcome="failed")
    importlib.import_module("apps.catalog.migrations.0001_added_formula").from_the_audit_log(apps, None)
    (kept,) = AddedFormula.objects.all()
    assert kept.blend_id == "f-1" and kept.added_by == manager_user and kept.name == ""
