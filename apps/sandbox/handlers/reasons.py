"""Compounding reasons: Blend's global ones (read-only) and the customer's own, one level deep."""

from __future__ import annotations

from typing import Any

from apps.sandbox.http import (
    ApiError,
    SandboxRequest,
    created,
    invalid,
    iso,
    new_id,
    not_found,
    now,
    ok,
    router,
)
from apps.sandbox.state import Row, SandboxState, public

TYPES = {"global": True, "customer": False}


def _tree(rows: list[Row]) -> list[Row]:
    """Top-level reasons with their `subcategories` (children whose parent is not listed stand alone)."""
    ids = {row["id"] for row in rows}
    tops = [row for row in rows if row.get("parent_id") not in ids]
    return [
        {**(public(top) or {}), "subcategories": [public(r) for r in rows if r.get("parent_id") == top["id"]]}
        for top in tops
    ]


@router.route("GET", "/reasons")
def reason_list(req: SandboxRequest):
    kind = req.query.get("type") or None
    if kind is not None and kind not in TYPES:
        raise ApiError(400, "Query parameter 'type' must be global or customer.")
    rows = [r for r in req.state.reasons.rows() if kind is None or r.get("is_global") is TYPES[kind]]
    rows.sort(key=lambda r: (not r.get("is_global"), r["created_at"], r["id"]))
    return ok(_tree(rows))


def _errors(state: SandboxState, body: dict[str, Any], *, reason_id: str | None) -> dict[str, str]:
    errors = {}
    if (reason_id is None or "name" in body) and (
        not isinstance(body.get("name"), str) or not body["name"].strip()
    ):
        errors["name"] = "This field is required."
    elif isinstance(body.get("name"), str) and len(body["name"]) > 100:
        errors["name"] = "At most 100 characters."
    if body.get("description") is not None and not isinstance(body["description"], str):
        errors["description"] = "Must be a string."
    parent_id = body.get("parent_id")
    if parent_id not in (None, ""):
        parent = state.reasons.get(str(parent_id))
        if parent is None:
            errors["parent_id"] = "No reason with this id."
        elif parent.get("parent_id") or parent["id"] == reason_id:
            errors["parent_id"] = "Reasons nest one level deep: choose a top-level reason."
        elif reason_id and any(r.get("parent_id") == reason_id for r in state.reasons.rows()):
            errors["parent_id"] = "This reason has subcategories, so it must stay top level."
    return errors


def _apply(row: Row, body: dict[str, Any]) -> None:
    if "name" in body:
        row["name"] = body["name"].strip()
    if "description" in body:
        row["description"] = body["description"] or ""
    if "parent_id" in body:
        row["parent_id"] = body["parent_id"] or None


@router.route("POST", "/reasons")
def reason_create(req: SandboxRequest):
    body = req.json_object()
    if errors := _errors(req.state, body, reason_id=None):
        raise invalid(errors)
    stamp = iso(now())
    row: Row = {"id": new_id(), "created_at": stamp, "updated_at": stamp, "name": "", "description": ""}
    row.update(is_global=False, parent_id=None)
    _apply(row, body)
    req.state.reasons.insert(row)
    return created(public(row))


@router.route("PUT", "/reasons/{reason_id}")
def reason_update(req: SandboxRequest, reason_id: str):
    current = req.state.reasons.get(reason_id.lower())
    if current is None:
        raise not_found("Reason")
    if current.get("is_global"):
        raise ApiError(403, "Blend-provided compounding reasons cannot be changed.")
    body = req.json_object()
    if errors := _errors(req.state, body, reason_id=current["id"]):
        raise invalid(errors)
    row = req.state.reasons.edit(current["id"])
    _apply(row, body)
    row["updated_at"] = iso(now())
    return ok(public(row))
