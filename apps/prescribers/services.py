"""Writes to prescribers, each audited and keyword-only, each run through the one write path
(apps.core.writes.send_once) by its view. Every service checks the actor's permission and re-reads
what it checks before its one write, raising `Refused` (nothing sent) when BlendAdmin refuses."""

from __future__ import annotations

from datetime import UTC, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from apps.audit.actor import Actor
from apps.audit.services import audited, given_summary
from apps.blend.models.prescribers import Prescriber, Qualification, Supervision
from apps.blend.runtime import get_blend
from apps.core.writes import Refused
from apps.prescribers import rules, wording

NPI_MATCHES = 10  # an NPI is one prescriber's: a few results hold it, if Blend has it
# A record Blend made this long before the create was sent was there already (clocks differ a little).
CLOCK_SKEW = timedelta(minutes=5)


def _current(actor: Actor, prescriber_id: str) -> Prescriber:
    if not actor.user.has_perm(rules.EDIT):
        raise PermissionDenied
    return get_blend().prescriber_get(prescriber_id=prescriber_id)


@audited(
    "prescriber.create", target_type="prescriber", target_id_arg="npi", created_id=lambda found: found.id
)
def prescriber_create(*, actor: Actor, npi: str, details: dict[str, Any]) -> Prescriber:
    """Create a prescriber, or find the one on file (`created` False: the caller says "already on
    file" and opens that record). Blend's docs say a known NPI gets the prescriber Blend has back
    (one not yet linked to this account is linked), but not how the answer tells the two apart; so
    the NPI is searched first, and a prescriber found is returned without sending anything. Else
    the create's answer is new unless Blend made it before the request was sent (an NPI another
    account had). The audit row names the prescriber, or the NPI tried when the create was refused
    or failed."""
    if not actor.user.has_perm(rules.EDIT):
        raise PermissionDenied
    if not rules.npi_is_valid(npi):
        raise Refused(wording.NPI_INVALID, field="npi")
    blend = get_blend()
    on_file = next((p for p in blend.search_prescribers(q=npi, limit=NPI_MATCHES) if p.npi == npi), None)
    if on_file is not None:
        return on_file.model_copy(update={"created": False})
    sent_at = timezone.now()
    answer = blend.prescriber_create(prescriber={**details, "npi": npi})
    made = answer.created_at
    if made is not None and timezone.is_naive(made):
        made = made.replace(tzinfo=UTC)  # Blend's naive times are UTC
    answer.created = made is None or made >= sent_at - CLOCK_SKEW
    return answer


@audited("prescriber.update", target_type="prescriber", target_id_arg="prescriber_id", detail=given_summary)
def prescriber_update(
    *, actor: Actor, prescriber_id: str, changes: dict[str, Any], seen_updated_at: str = "", summary: str = ""
) -> Prescriber:
    """Send only `changes`. `seen_updated_at`: the prescriber's `updated_at` (ISO) when the form was
    shown; if Blend's differs, the change is refused so nobody overwrites values they have not seen.
    `summary`: what changed, before → after, for the audit log."""
    prescriber = _current(actor, prescriber_id)
    if seen_updated_at and seen_updated_at != (
        prescriber.updated_at.isoformat() if prescriber.updated_at else ""
    ):
        raise Refused(wording.EDIT_STALE, current=prescriber)
    if "npi" in changes and not rules.npi_is_valid(changes["npi"]):
        raise Refused(wording.NPI_INVALID, field="npi")
    return get_blend().prescriber_update(prescriber_id=prescriber_id, changes=changes)


@audited("prescriber.licence_add", target_type="prescriber", target_id_arg="prescriber_id")
def licence_add(*, actor: Actor, prescriber_id: str, licence: dict[str, Any]) -> Qualification:
    prescriber = _current(actor, prescriber_id)
    state, number = licence["state"], licence["license_number"]
    if any(
        q.is_active and q.state == state and q.license_number == number for q in prescriber.qualifications
    ):
        raise Refused(wording.LICENCE_ON_FILE.format(state=state), field="license_number")
    return get_blend().prescriber_qualification_create(prescriber_id=prescriber_id, qualification=licence)


def _licence(prescriber: Prescriber, licence_id: str) -> Qualification:
    found = next((q for q in prescriber.qualifications if q.id == licence_id), None)
    if found is None:
        raise Refused(wording.LICENCE_GONE)
    if not found.is_active:
        raise Refused(wording.LICENCE_INACTIVE.format(state=found.state))
    return found


@audited("prescriber.licence_update", target_type="prescriber", target_id_arg="prescriber_id")
def licence_update(
    *, actor: Actor, prescriber_id: str, licence_id: str, changes: dict[str, Any]
) -> Qualification:
    """Change an active licence. A new `license_number` makes Blend deactivate this licence and
    answer the new, current one for the state."""
    current = _licence(_current(actor, prescriber_id), licence_id)
    body = {"state": current.state, "license_number": current.license_number, **changes}
    return get_blend().prescriber_qualification_update(
        prescriber_id=prescriber_id, qualification_id=licence_id, qualification=body
    )


@audited("prescriber.licence_deactivate", target_type="prescriber", target_id_arg="prescriber_id")
def licence_deactivate(*, actor: Actor, prescriber_id: str, licence_id: str) -> Qualification:
    _licence(_current(actor, prescriber_id), licence_id)
    return get_blend().prescriber_qualification_deactivate(
        prescriber_id=prescriber_id, qualification_id=licence_id
    )


def _by_npi(npi: str) -> Prescriber | None:
    hits = get_blend().search_prescribers(q=npi, limit=10)
    return next((p for p in hits if p.npi == npi), None)


@audited("prescriber.supervisor_add", target_type="prescriber", target_id_arg="prescriber_id")
def supervisor_add(*, actor: Actor, prescriber_id: str, supervisor_npi: str, state: str) -> Supervision:
    """The prescriber with NPI `supervisor_npi` supervises `prescriber_id` in `state`. BlendAdmin asks
    more than Blend (a valid licence in any state): an active, unexpired licence in `state`."""
    supervisee = _current(actor, prescriber_id)
    found = _by_npi(supervisor_npi)
    if found is None:
        raise Refused(wording.SUPERVISOR_UNKNOWN.format(npi=supervisor_npi), field="supervisor_npi")
    if found.id == supervisee.id:
        raise Refused(wording.SUPERVISOR_SELF, field="supervisor_npi")
    supervisor = get_blend().prescriber_get(prescriber_id=found.id)  # its licences as they are now
    if not rules.holds_current_licence(supervisor, state):
        message = wording.SUPERVISOR_UNLICENSED.format(name=supervisor.display_name, state=state)
        raise Refused(message, field="supervisor_npi")
    return get_blend().prescriber_supervisor_add(
        prescriber_id=prescriber_id, supervisor_id=supervisor.id, state=state
    )


@audited("prescriber.supervisor_remove", target_type="prescriber", target_id_arg="prescriber_id")
def supervisor_remove(*, actor: Actor, prescriber_id: str, supervisor_id: str, state: str) -> str:
    _current(actor, prescriber_id)
    links = get_blend().prescriber_supervisors(prescriber_id=prescriber_id)
    if not any(link.prescriber.id == supervisor_id and link.state.upper() == state for link in links):
        raise Refused(wording.SUPERVISION_GONE.format(state=state))
    return get_blend().prescriber_supervisor_remove(
        prescriber_id=prescriber_id, supervisor_id=supervisor_id, state=state
    )
