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


def find_patient(state: SandboxState, patient_id: str, *, by_external_id: bool = False) -> Row:
    """A patient by Blend id; by the customer's `external_id` too only where Blend's docs say so
    (matching a prescription's patient). `/patients/{id}` takes the Blend id alone: Blend documents
    external ids in paths for orders only. 404 otherwise."""
    row = state.patients.get(patient_id) or state.patients.get(patient_id.lower())
    if row is None and by_external_id:
        row = next((r for r in state.patients.rows() if r.get("external_id") == patient_id), None)
    if row is None:
        raise not_found("Patient")
    return row
