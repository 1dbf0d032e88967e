"""Submitting an NCPDP SCRIPT e-prescription, audited, through the one write path."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from apps.audit.actor import Actor
from apps.audit.services import audited
from apps.blend.models.prescriptions import ElectronicPrescription
from apps.blend.runtime import get_blend
from apps.prescriptions import rules


@audited("eprescription.create", target_type="eprescription", created_id=lambda erx: erx.id)
def prescription_submit_xml(*, actor: Actor, xml: bytes) -> ElectronicPrescription:
    """Send the (well-formed) NCPDP SCRIPT document to Blend as it is."""
    if not actor.user.has_perm(rules.SUBMIT):
        raise PermissionDenied
    return get_blend().eprescription_create_xml(xml=xml)
