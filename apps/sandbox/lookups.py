"""Finding and rendering rows that several handler modules share (orders embed their patient)."""

from __future__ import annotations

from apps.sandbox.http import not_found
from apps.sandbox.state import Row, SandboxState, public


def find_order(state: SandboxState, order_id: str) -> Row:
    """An order by UUID, order number or external id (404 otherwise)."""
    row = state.orders.get(order_id) or state.orders.get(order_id.lower())
    if row is None:
        wanted = order_id.upper()
        row = next(
            (
                r
                for r in state.orders.rows()
                if r.get("order_number") == wanted or (r.get("external_id") and r["external_id"] == order_id)
            ),
            None,
        )
    if row is None:
        raise not_found("Order")
    return row


def render_order(state: SandboxState, row: Row) -> Row:
    """The order as Blend sends it: with its patient embedded."""
    body = public(row) or {}
    patient = state.patients.get(row.get("_patient_id", ""))
    body["patient"] = public(patient)
    return body


def find_patient(state: SandboxState, patient_id: str) -> Row:
    row = state.patients.get(patient_id) or state.patients.get(patient_id.lower())
    if row is None:
        row = next((r for r in state.patients.rows() if r.get("external_id") == patient_id), None)
    if row is None:
        raise not_found("Patient")
    return row
