"""Seeded sandbox products and lots for the catalog tests."""

from __future__ import annotations

from apps.sandbox.state import Row


def product(sandbox, kind: str = "prescription", where=lambda row: True) -> Row:
    rows = sorted(
        (r for r in sandbox.state.products.rows() if r["_kind"] == kind and where(r)), key=lambda r: r["name"]
    )
    assert rows, f"the seed has no {kind} product for this test"
    return rows[0]


def lot(sandbox, where=lambda row: True) -> Row:
    rows = sorted((r for r in sandbox.state.lots.rows() if where(r)), key=lambda r: r["batch_number"])
    assert rows
    return rows[0]
