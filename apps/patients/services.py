"""Writes to patients, each audited and keyword-only, each run through the one write path
(apps.core.writes.send_once) by its view. A service checks the actor's permission and re-reads what
it checks before its one write (never after); when the record no longer allows the change it
raises `Refused` without calling Blend. Blend's own refusals (422 with field errors, 404) come
through as the client's errors. A refusal's message goes to the audit log too, so it names no
patient and no risk factor."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from apps.audit.actor import Actor
from apps.audit.services import audited, given_summary
from apps.blend.models.patients import Patient, RiskFactor, RiskFactorText
from apps.blend.runtime import get_blend
from apps.core.writes import Refused
from apps.patients import wording
from apps.patients.rules import EDIT


def _may_edit(actor: Actor) -> None:
    if not actor.user.has_perm(EDIT):
        raise PermissionDenied


@audited("patient.create", target_type="patient", created_id=lambda patient: patient.id)
def patient_create(*, actor: Actor, fields: dict[str, Any]) -> Patient:
    """A new patient (`fields` in Blend's shape, from PatientForm.fields_for_blend)."""
    _may_edit(actor)
    return get_blend().patient_create(patient=fields)


@audited("patient.update", target_type="patient", target_id_arg="patient_id", detail=given_summary)
def patient_update(
    *, actor: Actor, patient_id: str, changes: dict[str, Any], seen_updated_at: str = "", summary: str = ""
) -> Patient:
    """Send the changed fields only. `seen_updated_at`: the patient's `updated_at` (ISO) when the
    form was shown; if Blend's differs, the change is refused, so nobody overwrites values they have
    not seen. `summary`: what changed, before → after, for the audit log."""
    _may_edit(actor)
    patient = get_blend().patient_get(patient_id=patient_id)
    current = patient.updated_at.isoformat() if patient.updated_at else ""
    if seen_updated_at and seen_updated_at != current:
        raise Refused(wording.EDIT_STALE, current=patient)
    return get_blend().patient_update(patient_id=patient.id, changes=changes)


def _current_factor(actor: Actor, patient_id: str, risk_factor_id: str) -> RiskFactor:
    _may_edit(actor)
    factors = get_blend().patient_risk_factors(patient_id=patient_id)
    factor = next((f for f in factors.all if f.id == risk_factor_id), None)
    if factor is None:
        raise Refused(wording.RISK_FACTOR_GONE)
    if not factor.is_active:
        raise Refused(wording.RISK_FACTOR_ALREADY_INACTIVE)
    return factor


@audited("patient.risk_factor_confirm", target_type="patient", target_id_arg="patient_id")
def patient_risk_factor_confirm(*, actor: Actor, patient_id: str, risk_factor_id: str) -> RiskFactor:
    """Confirm that Blend matched the risk factor right."""
    factor = _current_factor(actor, patient_id, risk_factor_id)
    if factor.matched:
        raise Refused(wording.RISK_FACTOR_ALREADY_CONFIRMED)
    return get_blend().patient_risk_factor_confirm(patient_id=patient_id, risk_factor_id=risk_factor_id)


@audited("patient.risk_factor_deactivate", target_type="patient", target_id_arg="patient_id")
def patient_risk_factor_deactivate(*, actor: Actor, patient_id: str, risk_factor_id: str) -> RiskFactor:
    """Deactivate a risk factor (Blend keeps it, inactive)."""
    _current_factor(actor, patient_id, risk_factor_id)
    return get_blend().patient_risk_factor_deactivate(patient_id=patient_id, risk_factor_id=risk_factor_id)


@audited("patient.risk_factors_text", target_type="patient", target_id_arg="patient_id")
def patient_risk_factors_text_add(*, actor: Actor, patient_id: str, text: str) -> RiskFactorText:
    """Free text for Blend to match to risk factors; Blend answers 202 and matches it a little later."""
    _may_edit(actor)
    return get_blend().patient_risk_factor_text_add(patient_id=patient_id, text=text)
