from __future__ import annotations

from tests.catalog.helpers import product


def test_it_lists_every_product_by_the_names_blend_returns(clinic_client, sandbox):
    sandbox.state.products.edit(product(sandbox)["id"])["surprise_field"] = {"odd": [1, 2]}
    response = clinic_client.get("/catalog/")
    assert response.status_code == 200
    names = [p.name for p in response.context["page"].items]
    expected = sorted((r["name"] for r in sandbox.state.products.rows()), key=str.casefold)[:25]
    assert names == expected
    assert f"of {len(sandbox.state.products)}" in response.text


def test_the_whole_list_names_each_products_kind_as_people_say_it(clinic_client):
    html = clinic_client.get("/catalog/", {"q": "a"}).text
    for label in ("Prescription product", "Non-prescription product", "Order material"):
        assert f'<td class="small">{label}</td>' in html
    assert "Nonprescription" not in html and "Ordermaterial" not in html


def test_it_lists_one_kind_from_blends_own_page(clinic_client, sandbox):
    response = clinic_client.get("/catalog/order_material/")
    kinds = {p.kind for p in response.context["page"].items}
    assert kinds == {"order_material"}
    assert ("GET", "/products/order_material") in sandbox.faults.seen


def test_it_searches_by_name_sku_and_product_code(clinic_client, sandbox):
    row = product(sandbox, where=lambda r: bool(r.get("product_code")))
    for term in (row["name"][:8], row["sku"], row["product_code"]):
        response = clinic_client.get("/catalog/", {"q": term})
        assert row["id"] in [p.id for p in response.context["page"].items], term


def test_it_filters_inactive_products(clinic_client, sandbox):
    row = product(sandbox, "non_prescription")
    sandbox.state.products.edit(row["id"])["is_active"] = False
    response = clinic_client.get("/catalog/non_prescription/", {"status": "inactive"})
    assert [p.id for p in response.context["page"].items] == [row["id"]]


def test_it_answers_htmx_with_the_results_fragment(clinic_client, htmx_headers):
    response = clinic_client.get("/catalog/", {"page": 2}, headers=htmx_headers)
    assert response.status_code == 200
    assert "<html" not in response.text
    assert "All products 26–30" in response.text


def test_it_ignores_a_bad_page_and_says_so(clinic_client):
    response = clinic_client.get("/catalog/", {"page": "-1", "status": "nonsense"})
    assert response.status_code == 200
    assert response.context["page"].page == 1
    assert "greater than or equal to 1" in response.text


def test_it_shows_the_new_button_to_managers_only(clinic_client, support_client, manager_client):
    assert "New formula" not in clinic_client.get("/catalog/").text
    assert "New formula" not in support_client.get("/catalog/").text
    assert "New formula" in manager_client.get("/catalog/").text


def test_it_refuses_an_outsider(outsider_client):
    assert outsider_client.get("/catalog/").status_code == 403


def test_it_answers_404_for_an_unknown_kind(clinic_client):
    assert clinic_client.get("/catalog/vitamins/").status_code == 404


def test_it_shows_blend_unavailable_on_timeout_and_failure(clinic_client, sandbox):
    sandbox.faults.add("timeout", path="/products")
    assert clinic_client.get("/catalog/").status_code == 503
    sandbox.faults.add(500, path="/products", times=5)
    assert clinic_client.get("/catalog/prescription/").status_code == 503


def test_it_is_in_the_navigation(clinic_client):
    assert 'href="/catalog/"' in clinic_client.get("/catalog/").text


def test_it_shows_a_product_whose_id_no_url_can_carry_without_a_link(clinic_client, sandbox):
    odd = {**product(sandbox), "id": "odd/..", "name": "Oddly Named Balm"}
    sandbox.state.products.insert(odd)
    response = clinic_client.get("/catalog/", {"q": "Oddly Named"})
    assert response.status_code == 200
    assert "Oddly Named Balm" in response.text
    assert "odd/.." not in response.text


def test_the_heading_names_the_kind_shown_and_the_tabs_read_in_the_plural(clinic_client):
    tabs = (
        "All products",
        "Prescription products",
        "Non-prescription products",
        "Order materials",
        "Formulas",
    )
    for url, heading in (
        ("/catalog/", "All products"),
        ("/catalog/prescription/", "Prescription products"),
        ("/catalog/non_prescription/", "Non-prescription products"),
        ("/catalog/order_material/", "Order materials"),
        ("/catalog/formulas/", "Formulas"),
    ):
        html = clinic_client.get(url).text
        assert f"<h1>{heading}</h1>" in html, url
        assert f'class="active" aria-current="page">{heading}</a>' in html, url
        for tab in tabs:
            assert f">{tab}</a>" in html, (url, tab)
    assert "Order materials 1–" in clinic_client.get("/catalog/order_material/").text
