from __future__ import annotations

from tests.catalog.helpers import product


def test_it_links_product_hits_to_their_product_page(clinic_client, sandbox):
    row = product(sandbox, "non_prescription")
    response = clinic_client.get("/search/", {"q": row["name"]})
    assert response.status_code == 200
    assert f'href="/catalog/non_prescription/{row["id"]}/"' in response.text
