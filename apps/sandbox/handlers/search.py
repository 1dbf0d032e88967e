"""Search: everything, patients, orders, prescribers, products, tasks.

Matching (Blend's docs say only "substring search is supported", so the rest is the sandbox's
choice): case-insensitive; every word of `q` must match some field, a "quoted phrase" must appear
as it is. Per field: an identifier (id, order number, external id, NPI, DEA, SPI, SKU, product code,
licence number) equal to the term ranks 1.0, a phone with the same digits 1.0, a date of birth equal
to the term (MM/DD/YYYY, YYYYMMDD or YYYY-MM-DD) 1.0, a name/email equal to it 0.9; a field starting
with it 0.8, a word starting with it 0.7, any other substring 0.5. A query of several words ranks
0.9 x the mean of its words' best scores, unless the whole query matches one field better. Results
are sorted by rank, then newest first; only the top `limit` are rendered. An order found through
its patient's details (not its own identifiers) carries `is_patient_order: true`.

Speed: each table's search keys are cached (`Table.derived()`), and a row's fields are scored only
when a term appears in one of them or could be a phone number or a date of birth; the results are
those of scoring every field of every row.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from apps.sandbox.handlers.patients import render_patient
from apps.sandbox.http import ApiError, SandboxRequest, ok, router
from apps.sandbox.lookups import render_order
from apps.sandbox.state import Row, SandboxState, Table, public

ID, TEXT, PHONE, DOB = "id", "text", "phone", "dob"
Fields = list[tuple[str, str]]  # (kind, lower-cased value)
PHONE_OR_DATE = re.compile(r"[\d\s()./+-]+")  # every term that can match a phone or a date of birth


@dataclass(frozen=True)
class Keys:
    """A row's search fields, with its ID and TEXT values joined by newlines (which no term holds):
    a term found nowhere in `text` scores 0 on those fields."""

    fields: Fields
    text: str
    has_phone_or_date: bool


def keys_of(fields: Fields) -> Keys:
    text = "\n".join(value for kind, value in fields if kind in (ID, TEXT))
    return Keys(fields, text, any(kind in (PHONE, DOB) for kind, _ in fields))


@dataclass(frozen=True)
class Query:
    whole: str  # the query of several words as one term ("" for one word or with a quoted phrase)
    terms: tuple[str, ...]  # its words and quoted phrases


@dataclass
class Hit:
    rank: float
    kind: str  # order / patient / prescriber / product / task
    row: Row
    via_patient: bool = False


def _query(req: SandboxRequest) -> tuple[Query, int]:
    raw = (req.query.get("q") or "").strip()
    if not raw.strip('"').strip():
        raise ApiError(400, "Query parameter 'q' is required.")
    limit = req.query_int("limit", 50, maximum=100)
    found = re.findall(r'"([^"]+)"|(\S+)', raw)
    terms = tuple(
        t for t in (" ".join((phrase or word.strip('"')).lower().split()) for phrase, word in found) if t
    )
    if not terms:  # only empty quotes, such as `"" ""`
        raise ApiError(400, "Query parameter 'q' is required.")
    whole = "" if '"' in raw or len(terms) == 1 else " ".join(raw.lower().split())
    return Query(whole, terms), limit


@lru_cache(maxsize=256)
def _dob(term: str) -> str | None:
    """MM/DD/YYYY, YYYYMMDD or YYYY-MM-DD as YYYY-MM-DD."""
    for pattern, order in (
        (r"(\d{1,2})/(\d{1,2})/(\d{4})", (2, 0, 1)),
        (r"(\d{4})(\d{2})(\d{2})", (0, 1, 2)),
        (r"(\d{4})-(\d{2})-(\d{2})", (0, 1, 2)),
    ):
        found = re.fullmatch(pattern, term)
        if found:
            parts = found.groups()
            try:
                return date(int(parts[order[0]]), int(parts[order[1]]), int(parts[order[2]])).isoformat()
            except ValueError:
                return None
    return None


@lru_cache(maxsize=256)
def _phone_digits(term: str) -> str | None:
    """The digits a phone number must hold to match `term` (None if it cannot be a phone number)."""
    if not re.fullmatch(r"[\d\s().+-]+", term):
        return None
    digits = re.sub(r"\D", "", term)
    digits = digits[1:] if len(digits) == 11 and digits.startswith("1") else digits
    return digits if len(digits) >= 3 else None


@lru_cache(maxsize=256)
def _may_be_phone_or_date(term: str) -> bool:
    return PHONE_OR_DATE.fullmatch(term) is not None


def _field_score(kind: str, value: str, term: str) -> float:
    if kind == PHONE:
        digits = _phone_digits(term)
        if digits is None:
            return 0.0
        return (
            1.0 if value == digits else 0.8 if value.startswith(digits) else 0.5 if digits in value else 0.0
        )
    if kind == DOB:
        if _dob(term) == value:
            return 1.0
        compact = value.replace("-", "")
        if len(term) >= 4 and re.fullmatch(r"[\d/-]+", term) and (term in value or term in compact):
            return 0.5
        return 0.0
    if value == term:
        return 1.0 if kind == ID else 0.9
    if value.startswith(term):
        return 0.8
    if kind == TEXT and f" {term}" in f" {value}":
        return 0.7
    if term in value and (kind == TEXT or len(term) >= 3):
        return 0.5
    return 0.0


def _best(keys: Keys, term: str) -> float:
    if term not in keys.text and not (keys.has_phone_or_date and _may_be_phone_or_date(term)):
        return 0.0  # no field holds the term, as an ID or TEXT field must to score
    best = 0.0
    for kind, value in keys.fields:
        if (found := _field_score(kind, value, term)) > best:
            best = found
    return best


def _term_scores(keys: Keys, query: Query) -> tuple[float, list[float]]:
    """The best score of the whole query and of each of its terms over a row's fields."""
    whole = _best(keys, query.whole) if query.whole else 0.0
    return whole, [_best(keys, term) for term in query.terms]


def _rank(whole: float, per_term: list[float]) -> float:
    if len(per_term) <= 1:
        return max(whole, *per_term)
    combined = 0.9 * sum(per_term) / len(per_term) if min(per_term) > 0 else 0.0
    return round(max(whole, combined), 3)


def score(keys: Keys, query: Query) -> float:
    return _rank(*_term_scores(keys, query))


def _fields(*pairs: tuple[str, Any]) -> Fields:
    return [(kind, str(value).lower()) for kind, value in pairs if value not in (None, "")]


def _name(row: Row) -> str:
    return " ".join(p for p in (row.get("first_name"), row.get("last_name")) if p)


def patient_fields(row: Row) -> Fields:
    middle = " ".join(p for p in (row.get("first_name"), row.get("middle_name"), row.get("last_name")) if p)
    return _fields(
        (ID, row["id"]),
        (ID, row.get("external_id")),
        (TEXT, row.get("first_name")),
        (TEXT, row.get("middle_name")),
        (TEXT, row.get("last_name")),
        (TEXT, _name(row)),
        (TEXT, middle),
        (TEXT, row.get("email")),
        (PHONE, row.get("phone")),
        (DOB, row.get("date_of_birth")),
    )


def prescriber_fields(row: Row) -> Fields:
    licences = [(ID, q.get("license_number")) for q in row.get("qualifications") or []]
    return _fields(
        (ID, row["id"]),
        (ID, row.get("npi")),
        (ID, row.get("dea")),
        (ID, row.get("spi")),
        (TEXT, row.get("first_name")),
        (TEXT, row.get("last_name")),
        (TEXT, _name(row)),
        (TEXT, row.get("email")),
        (PHONE, row.get("phone")),
        *licences,
    )


def product_fields(row: Row) -> Fields:
    return _fields(
        (ID, row["id"]), (ID, row.get("sku")), (ID, row.get("product_code")), (TEXT, row.get("name"))
    )


def task_fields(row: Row) -> Fields:
    return _fields((ID, row["id"]), (TEXT, row.get("name")), (TEXT, row.get("description")))


def order_fields(row: Row) -> Fields:
    """An order's own identifiers (its patient's details are scored separately)."""
    return _fields((ID, row["id"]), (ID, row.get("order_number")), (ID, row.get("external_id")))


def keyed_rows(table: Table, fields: Callable[[Row], Fields]) -> list[tuple[Row, Keys]]:
    """Every row of `table` with its search keys, cached until the table changes."""
    return table.derived(
        f"search:{fields.__name__}", lambda: [(row, keys_of(fields(row))) for row in table.rows()]
    )


def _simple_hits(kind: str, table: Table, fields: Callable[[Row], Fields], query: Query) -> list[Hit]:
    hits = []
    for row, keys in keyed_rows(table, fields):
        rank = score(keys, query)
        if rank > 0:
            hits.append(Hit(rank, kind, row))
    return hits


@dataclass(frozen=True)
class OrderKeys:
    """Every order with its search keys (its own identifiers), and the orders of each patient."""

    rows: list[tuple[Row, Keys]]
    texts: list[str]  # each order's `keys.text`
    by_patient: dict[str, list[int]]  # patient id -> indexes into `rows`


def order_keys(state: SandboxState) -> OrderKeys:
    """The orders' search keys, cached until the orders table changes."""
    return state.orders.derived("search:orders", lambda: _order_keys(state.orders))


def _order_keys(orders: Table) -> OrderKeys:
    rows = [(row, keys_of(order_fields(row))) for row in orders.rows()]
    by_patient: dict[str, list[int]] = {}
    for index, (row, _) in enumerate(rows):
        by_patient.setdefault(row.get("_patient_id", ""), []).append(index)
    return OrderKeys(rows, [keys.text for _, keys in rows], by_patient)


def _order_hits(state: SandboxState, query: Query) -> list[Hit]:
    """Orders by their own identifiers or their patient's details (each patient scored once). Only
    the orders whose identifiers hold a term are scored; the others rank as their patient does."""
    patients = {
        row["id"]: _term_scores(keys, query) for row, keys in keyed_rows(state.patients, patient_fields)
    }
    index = order_keys(state)
    needles = (*query.terms, query.whole) if query.whole else query.terms
    scored = {i for needle in needles for i, text in enumerate(index.texts) if needle in text}
    hits = []
    for i in scored:
        row, keys = index.rows[i]
        if (hit := _order_hit(row, keys, query, patients.get(row.get("_patient_id", "")))) is not None:
            hits.append(hit)
    for patient_id, scores in patients.items():
        if (rank := _rank(*scores)) > 0:
            orders = (index.rows[i][0] for i in index.by_patient.get(patient_id, ()) if i not in scored)
            hits.extend(Hit(rank, "order", row, via_patient=True) for row in orders)
    return hits


def _order_hit(row: Row, keys: Keys, query: Query, patient: tuple[float, list[float]] | None) -> Hit | None:
    own_whole, own_terms = _term_scores(keys, query)
    patient_whole, patient_terms = patient if patient is not None else (0.0, [0.0] * len(query.terms))
    per_term = [max(own, theirs) for own, theirs in zip(own_terms, patient_terms, strict=True)]
    rank = _rank(max(own_whole, patient_whole), per_term)
    if rank <= 0:
        return None
    return Hit(rank, "order", row, via_patient=rank > _rank(own_whole, own_terms))


def _hits(state: SandboxState, kind: str, query: Query) -> list[Hit]:
    if kind == "order":
        return _order_hits(state, query)
    table, fields = {
        "patient": (state.patients, patient_fields),
        "prescriber": (state.prescribers, prescriber_fields),
        "product": (state.products, product_fields),
        "task": (state.tasks, task_fields),
    }[kind]
    return _simple_hits(kind, table, fields, query)


def _rank_and_age(hit: Hit) -> tuple[float, str]:
    return hit.rank, hit.row.get("created_at") or ""


def _top(hits: list[Hit], limit: int) -> list[Hit]:
    """The best `limit` hits: by rank, then newest first, then by id."""
    if len(hits) > limit:  # only hits at least as good as the limit-th best can be in the top
        cutoff = _rank_and_age(heapq.nlargest(limit, hits, key=_rank_and_age)[-1])
        hits = [hit for hit in hits if _rank_and_age(hit) >= cutoff]
    hits.sort(key=lambda h: h.row.get("id", ""))
    hits.sort(key=_rank_and_age, reverse=True)
    return hits[:limit]


def _render(state: SandboxState, hit: Hit) -> Row:
    if hit.kind == "order":
        body = render_order(state, hit.row)
        body.setdefault("cancellation_requested", False)
        return {"rank": hit.rank, "is_patient_order": hit.via_patient, **body}
    if hit.kind == "patient":
        return {"rank": hit.rank, **render_patient(hit.row)}
    if hit.kind == "product":
        return {"rank": hit.rank, "result_type": hit.row.get("_kind"), **(public(hit.row) or {})}
    return {"rank": hit.rank, **(public(hit.row) or {})}


def _search(req: SandboxRequest, kind: str):
    query, limit = _query(req)
    return ok({"results": [_render(req.state, hit) for hit in _top(_hits(req.state, kind, query), limit)]})


@router.route("GET", "/search")
def search_all(req: SandboxRequest):
    query, limit = _query(req)
    hits = [
        hit
        for kind in ("order", "patient", "prescriber", "product", "task")
        for hit in _hits(req.state, kind, query)
    ]
    results = []
    for hit in _top(hits, limit):
        body = {k: v for k, v in _render(req.state, hit).items() if k not in ("rank", "result_type")}
        if hit.kind == "product":
            body["product_type"] = hit.row.get("_kind")
        results.append({"rank": hit.rank, "result_type": hit.kind, **body})
    return ok({"results": results})


@router.route("GET", "/search/patients")
def search_patients(req: SandboxRequest):
    return _search(req, "patient")


@router.route("GET", "/search/orders")
def search_orders(req: SandboxRequest):
    return _search(req, "order")


@router.route("GET", "/search/prescribers")
def search_prescribers(req: SandboxRequest):
    return _search(req, "prescriber")


@router.route("GET", "/search/products")
def search_products(req: SandboxRequest):
    return _search(req, "product")


@router.route("GET", "/search/tasks")
def search_tasks(req: SandboxRequest):
    return _search(req, "task")
