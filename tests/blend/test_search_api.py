"""Search, through the real client against the sandbox's seeded account."""

from __future__ import annotations

from datetime import date

import pytest

from apps.blend.errors import BlendBadRequest
from apps.blend.models.orders import Order
from apps.blend.models.patients import Patient
from apps.blend.models.search import SearchProduct


def unique_patient(sandbox) -> dict:
    """A seeded adult whose last name no other patient has."""
    names: dict[str, int] = {}
    for row in sandbox.state.patients.rows():
        names[row["last_name"]] = names.get(row["last_name"], 0) + 1
    return next(p for p in sandbox.state.patients.rows() if names[p["last_name"]] == 1)


def patient_with_orders(sandbox) -> dict:
    owners = {o["_patient_id"] for o in sandbox.state.orders.rows()}
    return next(p for p in sandbox.state.patients.rows() if p["id"] in owners)


def test_it_needs_a_query(blend):
    with pytest.raises(BlendBadRequest):
        blend.search_patients(q="   ")


def test_it_needs_a_query_for_search_all(blend):
    with pytest.raises(BlendBadRequest):
        blend.search_all(q="")


def test_it_finds_seeded_patients_by_last_name(blend, sandbox):
    patient = unique_patient(sandbox)
    results = blend.search_patients(q=patient["last_name"].upper())
    assert results[0].id == patient["id"]
    assert isinstance(results[0], Patient) and results[0].rank == 0.9


def test_it_orders_results_by_rank_between_0_and_1(blend):
    results = blend.search_patients(q="an", limit=100)
    ranks = [r.rank for r in results]
    assert len(results) > 10
    assert ranks == sorted(ranks, reverse=True)
    assert all(0 < rank <= 1 for rank in ranks)


def test_it_returns_at_most_limit_results(blend):
    assert len(blend.search_orders(q="ORD", limit=7)) == 7
    assert len(blend.search_orders(q="ORD")) == 50


def test_it_caps_limit_at_100(blend, sandbox):
    client_side = blend.search_orders(q="ORD", limit=500)
    assert len(client_side) == 100
    assert sandbox.faults.seen[-1] == ("GET", "/search/orders")


def test_it_ranks_an_exact_id_first(blend, sandbox):
    patient = next(iter(sandbox.state.patients.rows()))
    results = blend.search_patients(q=patient["id"])
    assert (results[0].id, results[0].rank) == (patient["id"], 1.0)


@pytest.mark.parametrize("style", ["%m/%d/%Y", "%Y%m%d", "%Y-%m-%d"])
def test_it_finds_a_patient_by_date_of_birth_in_each_format(blend, sandbox, style):
    patient = unique_patient(sandbox)
    born = date.fromisoformat(patient["date_of_birth"]).strftime(style)
    results = blend.search_patients(q=born)
    assert patient["id"] in {r.id for r in results if r.rank == 1.0}


def test_it_compares_phones_on_digits(blend, sandbox):
    patient = unique_patient(sandbox)
    phone = patient["phone"]
    results = blend.search_patients(q=f"({phone[:3]}) {phone[3:6]}-{phone[6:]}")
    assert (results[0].id, results[0].rank) == (patient["id"], 1.0)


def test_it_matches_a_quoted_phrase_exactly(blend):
    blend.patient_create(
        patient={"first_name": "Zebulon", "last_name": "Quaxley", "date_of_birth": "1984-06-02"}
    )
    assert [p.full_name for p in blend.search_patients(q="Quaxley Zebulon")] == ["Zebulon Quaxley"]
    assert blend.search_patients(q='"Quaxley Zebulon"') == []
    assert [p.last_name for p in blend.search_patients(q='"zebulon quaxley"')] == ["Quaxley"]


def test_it_finds_an_order_by_its_number(blend, sandbox):
    row = next(iter(sandbox.state.orders.rows()))
    results = blend.search_orders(q=row["order_number"].lower())
    top = results[0]
    assert isinstance(top, Order) and (top.id, top.rank) == (row["id"], 1.0)
    assert top.is_patient_order is False
    assert top.patient.id == row["_patient_id"]


def test_it_finds_an_order_by_its_external_id(blend, sandbox):
    row = next(o for o in sandbox.state.orders.rows() if o.get("external_id"))
    assert blend.search_orders(q=row["external_id"])[0].id == row["id"]


def test_it_finds_a_patients_orders_through_the_patient(blend, sandbox):
    patient = patient_with_orders(sandbox)
    expected = {o["id"] for o in sandbox.state.orders.rows() if o["_patient_id"] == patient["id"]}
    results = blend.search_orders(q=patient["email"])
    assert expected <= {r.id for r in results}
    assert all(r.is_patient_order for r in results if r.id in expected)
    assert all(r.cancellation_requested in (True, False) for r in results)


def test_it_finds_prescribers_by_npi_and_name(blend, sandbox):
    row = next(iter(sandbox.state.prescribers.rows()))
    by_npi = blend.search_prescribers(q=row["npi"])
    assert (by_npi[0].id, by_npi[0].rank) == (row["id"], 1.0)
    by_name = blend.search_prescribers(q=f"{row['first_name']} {row['last_name']}")
    assert row["id"] in {p.id for p in by_name}


def test_it_finds_products_by_name_and_sku(blend, sandbox):
    row = next(iter(sandbox.state.products.rows()))
    by_sku = blend.search_products(q=row["sku"])
    assert isinstance(by_sku[0], SearchProduct)
    assert (by_sku[0].id, by_sku[0].rank, by_sku[0].kind) == (row["id"], 1.0, row["_kind"])
    by_name = blend.search_products(q=row["name"].split()[0])
    assert row["id"] in {p.id for p in by_name}
    assert {p.result_type for p in by_name} <= {"prescription", "non_prescription", "order_material"}


def test_it_finds_seeded_tasks(blend, sandbox):
    row = next(iter(sandbox.state.tasks.rows()))
    results = blend.search_tasks(q=row["name"])
    assert results[0].id == row["id"] and results[0].rank == 0.9


def test_it_searches_everything_with_typed_items(blend, sandbox):
    patient = patient_with_orders(sandbox)
    hits = blend.search_all(q=patient["email"], limit=100)
    types = {hit.result_type for hit in hits}
    assert {"patient", "order"} <= types
    patient_hit = next(hit for hit in hits if hit.result_type == "patient")
    assert isinstance(patient_hit.item, Patient) and patient_hit.item.id == patient["id"]
    assert all(isinstance(hit.item, Order) for hit in hits if hit.result_type == "order")
    assert [hit.rank for hit in hits] == sorted((hit.rank for hit in hits), reverse=True)


def test_it_marks_products_in_search_all(blend, sandbox):
    row = next(iter(sandbox.state.products.rows()))
    hit = blend.search_all(q=row["sku"])[0]
    assert (hit.result_type, hit.rank) == ("product", 1.0)
    assert isinstance(hit.item, SearchProduct) and hit.item.kind == row["_kind"]
