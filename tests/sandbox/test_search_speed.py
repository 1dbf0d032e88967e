"""Search answers from cached search keys and skips rows that cannot match: the results must be
those of scoring every field of every row, the straightforward way, before and after writes."""

from __future__ import annotations

import pytest

from apps.sandbox.handlers import search
from apps.sandbox.http import SandboxRequest

TABLES = {
    "patients": ("patient", search.patient_fields),
    "prescribers": ("prescriber", search.prescriber_fields),
    "products": ("product", search.product_fields),
    "tasks": ("task", search.task_fields),
}


def _scores(fields, query) -> tuple[float, list[float]]:
    def best(term: str) -> float:
        return max((search._field_score(kind, value, term) for kind, value in fields), default=0.0)

    return (best(query.whole) if query.whole else 0.0), [best(term) for term in query.terms]


def _order_hits(state, query) -> list:
    patients = {p["id"]: _scores(search.patient_fields(p), query) for p in state.patients.rows()}
    hits = []
    for row in state.orders.rows():
        own_whole, own_terms = _scores(search.order_fields(row), query)
        their_whole, their_terms = patients.get(row["_patient_id"], (0.0, [0.0] * len(query.terms)))
        per_term = [max(a, b) for a, b in zip(own_terms, their_terms, strict=True)]
        rank = search._rank(max(own_whole, their_whole), per_term)
        if rank > 0:
            hits.append(search.Hit(rank, "order", row, via_patient=rank > search._rank(own_whole, own_terms)))
    return hits


def reference(state, endpoint: str, q: str, limit: int = 100) -> dict:
    query, _ = search._query(SandboxRequest("GET", "/search", {"q": q}, None, {}, state))
    if endpoint == "orders":
        hits = _order_hits(state, query)
    else:
        kind, fields = TABLES[endpoint]
        table = getattr(state, endpoint)
        hits = [
            search.Hit(r, kind, row)
            for row in table.rows()
            if (r := search._rank(*_scores(fields(row), query)))
        ]
    hits.sort(key=lambda h: h.row["id"])
    hits.sort(key=lambda h: (h.rank, h.row.get("created_at") or ""), reverse=True)
    return {"results": [search._render(state, hit) for hit in hits[:limit]]}


def queries(state) -> list[str]:
    """Queries drawn from the seeded data: names, contacts, dates of birth, identifiers, and noise."""
    patient = next(p for p in state.patients.rows() if p.get("phone") and p.get("date_of_birth"))
    order = next(o for o in state.orders.rows() if o.get("external_id"))
    year, month, day = patient["date_of_birth"].split("-")
    return [
        patient["last_name"],
        f"{patient['first_name']} {patient['last_name'][:2]}",
        f'"{patient["first_name"]} {patient["last_name"]}"',
        patient["email"][2:8],
        patient["phone"],
        f"({patient['phone'][:3]}) {patient['phone'][3:6]}",
        patient["date_of_birth"],
        f"{month}/{day}/{year}",
        order["order_number"],
        order["order_number"][:7],
        order["id"][:8],
        order["external_id"],
        "an",
        "e 4",
        "zzzz",
    ]


@pytest.mark.parametrize("endpoint", ["orders", *TABLES])
def test_it_finds_what_scoring_every_row_finds(api, sandbox, endpoint):
    for q in queries(sandbox.state):
        response = api.get(f"/search/{endpoint}", params={"q": q, "limit": 100})
        assert response.json() == reference(sandbox.state, endpoint, q), q


def test_it_finds_an_order_by_its_new_external_id(api, sandbox):
    order = next(o for o in sandbox.state.orders.rows() if o["status"] == "received")
    assert api.get("/search/orders", params={"q": "EXT-FRESH-9"}).json() == {"results": []}
    assert api.put(f"/orders/{order['id']}", json={"external_id": "EXT-FRESH-9"}).status_code == 200
    found = api.get("/search/orders", params={"q": "EXT-FRESH-9"}).json()
    assert found == reference(sandbox.state, "orders", "EXT-FRESH-9")
    assert [o["id"] for o in found["results"]] == [order["id"]]


def test_it_finds_orders_by_their_patients_new_name(api, sandbox):
    order = next(iter(sandbox.state.orders.rows()))
    assert api.get("/search/orders", params={"q": "Quillonby"}).json() == {"results": []}
    api.put(f"/patients/{order['_patient_id']}", json={"last_name": "Quillonby"})
    found = api.get("/search/orders", params={"q": "Quillonby"}).json()
    assert found == reference(sandbox.state, "orders", "Quillonby")
    assert order["id"] in [o["id"] for o in found["results"]]


def test_it_refuses_a_query_of_empty_quotes(api):
    assert api.get("/search/orders", params={"q": '"" ""'}).status_code == 400
