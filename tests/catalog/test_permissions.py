"""Every catalog page for every role: everyone with the catalog permission reads, only managers
open the pages that change something."""

from __future__ import annotations

import pytest

from tests.catalog.helpers import lot, product

READ = [
    "/catalog/",
    "/catalog/prescription/",
    "{product}",
    "/catalog/inventory/",
    "{lot}",
    "/catalog/reasons/",
    "/catalog/formulas/",
]
READ += ["/catalog/barcodes/verify/", "{product_barcodes}"]
WRITE = ["{product}edit/", "/catalog/prescription/new/", "/catalog/formulas/new/", "/catalog/inventory/new/"]
WRITE += ["/catalog/reasons/new/"]


def _urls(sandbox, templates):
    row, lot_row = product(sandbox), lot(sandbox)
    values = {
        "product": f"/catalog/prescription/{row['id']}/",
        "lot": f"/catalog/inventory/{lot_row['id']}/",
        "product_barcodes": f"/catalog/barcodes/prescription_product/{row['id']}/",
    }
    return [template.format(**values) for template in templates]


@pytest.mark.parametrize(
    ("persona", "reads", "writes"),
    [
        ("clinic_client", 200, 403),
        ("support_client", 200, 403),
        ("manager_client", 200, 200),
        ("outsider_client", 403, 403),
    ],
)
def test_it_lets_each_role_see_what_it_may(request, db, sandbox, persona, reads, writes):
    client = request.getfixturevalue(persona)
    for url in _urls(sandbox, READ):
        assert client.get(url).status_code == reads, url
    for url in _urls(sandbox, WRITE):
        assert client.get(url).status_code == writes, url


def test_it_sends_anonymous_visitors_to_sign_in(client, sandbox):
    response = client.get("/catalog/inventory/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
