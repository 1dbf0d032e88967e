"""The seeded demo account: big enough, every status present, realistic formats, deterministic."""

from __future__ import annotations

import re
from collections import Counter
from datetime import UTC, datetime

import pytest

from apps.sandbox import runtime
from apps.sandbox.reference import STATUS_SLUGS
from apps.sandbox.seed import build_seeded_state, luhn_npi

ANCHOR = datetime(2025, 11, 20, 15, 30, tzinfo=UTC)


@pytest.fixture(scope="module")
def seeded():
    return runtime.base_state()


def test_it_seeds_enough_of_everything(seeded):
    assert len(seeded.patients) >= 300
    assert len(seeded.prescribers) == 40
    assert len(seeded.products) == 30
    assert len(seeded.orders) >= 2000
    assert len(seeded.eprescriptions) >= 1000
    assert len(seeded.tasks) >= 5


def test_it_has_orders_in_every_status(seeded):
    counts = Counter(order["status"] for order in seeded.orders.rows())
    assert set(counts) == STATUS_SLUGS
    assert counts["delivered"] > counts["received"]


def test_it_numbers_orders_from_their_creation_time(seeded):
    for order in seeded.orders.rows():
        stamp = datetime.strptime(order["created_at"], "%Y-%m-%dT%H:%M:%SZ").strftime("%y%m%d%H%M%S")
        assert re.fullmatch(rf"ORD{stamp}[A-Z0-9]{{4}}", order["order_number"])


def test_it_gives_unique_order_numbers_and_external_ids(seeded):
    orders = list(seeded.orders.rows())
    external = [o["external_id"] for o in orders if o["external_id"]]
    assert len({o["order_number"] for o in orders}) == len(orders)
    assert len(set(external)) == len(external) > 0


def test_it_gives_prescribers_unique_valid_npis(seeded):
    npis = [p["npi"] for p in seeded.prescribers.rows()]
    assert len(set(npis)) == len(npis)
    assert all(re.fullmatch(r"\d{10}", npi) and luhn_npi(npi[:9]) == npi for npi in npis)


def test_it_supervises_in_a_state_where_the_supervisor_is_licensed(seeded):
    for row in seeded.supervisions.rows():
        supervisor = seeded.prescribers.get(row["supervisor_id"])
        assert row["state"] in {q["state"] for q in supervisor["qualifications"] if q["is_active"]}


def test_it_formats_patients_like_blend(seeded):
    for patient in seeded.patients.rows():
        assert re.fullmatch(r"\d{10}", patient["phone"])
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", patient["date_of_birth"])
        assert re.fullmatch(r"\d{5}", patient["address"]["zip_code"])
        assert patient["ssn"] is None or re.fullmatch(r"\d{9}", patient["ssn"])
        assert not patient["is_minor"] or patient["guardian_name"]
    assert any(p["address"]["zip_code"].startswith("0") for p in seeded.patients.rows())


def test_it_records_history_for_every_status_an_order_went_through(seeded):
    for order in list(seeded.orders.rows())[:300]:
        history = order["_history"]
        assert history[0]["status"] == "received"
        assert history[-1]["status"] == order["status"]
        assert history[-1]["duration"] is None
        assert all(entry["duration"] >= 0 for entry in history[:-1])


def test_it_ships_only_shipped_and_delivered_orders(seeded):
    for order in seeded.orders.rows():
        assert bool(order["shipments"]) == (order["status"] in ("shipped", "delivered"))


def test_it_links_orders_to_seeded_eprescriptions(seeded):
    linked = [i for o in seeded.orders.rows() for i in o["electronic_prescription_ids"]]
    assert linked and all(i in seeded.eprescriptions for i in linked)
    assert any(
        not line["has_prescription"] for o in seeded.orders.rows() for line in o["products"]["prescription"]
    )


def test_it_links_replacements_both_ways(seeded):
    replacements = [o for o in seeded.orders.rows() if o["is_replacement"]]
    assert replacements
    for order in replacements:
        original = seeded.orders.get(order["original_order_id"])
        assert original["replacement_order_ids"] == [order["id"]]
        assert original["replacement_request_status"] == "fulfilled"
    assert any(o["replacement_request_status"] == "pending" for o in seeded.orders.rows())


def test_it_builds_the_same_account_from_the_same_seed_and_day():
    first = build_seeded_state(seed=7, anchor=ANCHOR)
    second = build_seeded_state(seed=7, anchor=ANCHOR.replace(hour=9))
    for table in ("orders", "patients", "prescribers", "eprescriptions", "products", "lots", "tasks"):
        assert list(getattr(first, table).rows()) == list(getattr(second, table).rows())


def test_it_builds_a_different_account_from_another_seed():
    first = build_seeded_state(seed=7, anchor=ANCHOR)
    other = build_seeded_state(seed=8, anchor=ANCHOR)
    assert [o["order_number"] for o in first.orders.rows()] != [
        o["order_number"] for o in other.orders.rows()
    ]
