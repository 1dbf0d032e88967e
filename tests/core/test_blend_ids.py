"""Ids in BlendAdmin's URLs: only what a Blend id can be reaches a view, so no id sent on to Blend
can change which Blend URL is called (`..` in a line URL once sent `PATCH /orders/<id>/products`)."""

from __future__ import annotations

import secrets

import pytest
from django.urls import resolve, reverse

from tests.orders.helpers import find_order, writes

HTMX = {"HX-Request": "true"}


@pytest.mark.parametrize(
    "value",
    [
        "0b7f6a2e-1111-4222-8333-944444444444",
        "0239CA06-9A71-4FFE-8A8D-5403540A19E7",
        "ORD2511201230450A1B",
        "HEALTHCO_ORDER_00042",
        "v1.2",
    ],
)
def test_it_accepts_uuids_order_numbers_and_external_ids(value):
    assert resolve(reverse("orders:detail", kwargs={"order_id": value})).kwargs == {"order_id": value}


@pytest.mark.parametrize(
    "path", ["/orders/../", "/orders/%2E%2E/", "/orders/./", "/orders/.hidden/", "/orders/a b/"]
)
def test_it_answers_404_for_an_order_id_that_is_not_an_id(clinic_client, sandbox, path):
    response = clinic_client.get(path)
    assert response.status_code == 404
    assert not [p for m, p in sandbox.faults.seen if not p.startswith("/auth/")]


@pytest.mark.parametrize("segment", ["..", "%2E%2E", "%2e.", "."])
def test_a_dot_segment_in_a_line_url_reaches_no_other_blend_url(clinic_client, sandbox, segment):
    order = find_order(sandbox, "received", lambda r: bool(r["products"]["prescription"]))
    line = order["products"]["prescription"][0]
    url = f"/orders/{order['id']}/lines/prescription/{segment}/quantity/"
    data = {"token": secrets.token_urlsafe(8), "order_item_id": line["order_item_id"], "quantity": 3}
    response = clinic_client.post(url, data, headers=HTMX)
    assert response.status_code == 404
    assert writes(sandbox) == []


def test_it_answers_404_for_a_patient_id_that_is_not_an_id(clinic_client, sandbox):
    assert clinic_client.get("/patients/%2E%2E/").status_code == 404
    assert not [p for m, p in sandbox.faults.seen if p.startswith("/patients")]
