"""Writes of the new-order steps: drafts (BlendAdmin's own table) and the one call that sends the
order to Blend (`order_send`, run by the review through the one write path)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from apps.audit.actor import Actor
from apps.audit.models import Outcome
from apps.audit.services import audit_record, audited
from apps.blend.runtime import get_blend
from apps.neworders import rules
from apps.neworders.models import DRAFT_LIFETIME, OrderDraft
from apps.neworders.plan import Plan

SENT_KEPT = timedelta(days=1)  # how long the result page of a sent draft stays (ids only)


def drafts_purge() -> int:
    """Delete every expired draft (a draft holds patient data: none outlives its lifetime)."""
    deleted, _ = OrderDraft.objects.filter(expires_at__lte=timezone.now()).delete()
    return deleted


def draft_start(*, user: Any, patient_id: str = "", prescriber_id: str = "") -> OrderDraft:
    """A new draft for `user`, with the patient and prescriber filled in when the order is started
    from their page."""
    drafts_purge()
    data: dict[str, Any] = {}
    if patient_id:
        data["patient"] = {"mode": ["existing"], "patient_id": [patient_id]}
    if prescriber_id:
        data["prescriber"] = {"mode": ["existing"], "prescriber_id": [prescriber_id]}
    return OrderDraft.objects.create(user=user, data=data, expires_at=timezone.now() + DRAFT_LIFETIME)


def draft_save(
    *, draft: OrderDraft, step: str, typed: dict[str, list[str]], keep_errors: bool = False
) -> None:
    """Keep what was typed at `step` (valid or not); Blend's earlier refusal of it is dropped unless
    `keep_errors` (the step was left without being checked again)."""
    draft.data[step] = typed
    if not keep_errors:
        (draft.data.get("blend_errors") or {}).pop(step, None)
    draft.touch()
    draft.save(update_fields=["data", "updated_at", "expires_at"])


def draft_refused(*, draft: OrderDraft, errors: dict[str, Any]) -> None:
    """Blend's refusal of the whole order, kept at the steps and fields it belongs to."""
    draft.data["blend_errors"] = errors
    draft.touch()
    draft.save(update_fields=["data", "updated_at", "expires_at"])


def draft_sent(*, draft: OrderDraft, result: SendResult) -> None:
    """The order is at Blend: the draft forgets what was typed and keeps only the ids of what Blend
    made or reused, for the result page."""
    draft.data = {"result": asdict(result)}
    draft.sent_at = timezone.now()
    draft.expires_at = draft.sent_at + SENT_KEPT
    draft.save()


@dataclass(frozen=True)
class Made:
    id: str
    created: bool


@dataclass(frozen=True)
class SendResult:
    order: Made
    patient: Made
    prescriber: Made | None = None
    electronic_prescription: Made | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SendResult:
        parts = {k: Made(**v) if v else None for k, v in data.items()}
        return cls(**parts)  # type: ignore[arg-type]


def _audit_made(actor: Actor, result: SendResult) -> None:
    """One row per record the order created (the order's own row is written by @audited)."""
    for kind in ("patient", "prescriber", "electronic_prescription"):
        made = getattr(result, kind)
        if made is not None and made.created:
            audit_record(
                actor=actor,
                action=f"{kind}.create",
                target_type="eprescription" if kind == "electronic_prescription" else kind,
                target_id=made.id,
                outcome=Outcome.OK,
                error_message="with a new order",
            )


def _send_detail(arguments: dict[str, Any], result: SendResult) -> str:
    plan: Plan = arguments["plan"]
    how = "composite" if plan.composite else "order"
    merged = "merged into the open order" if not result.order.created else "new order"
    return f"{how} call; {merged}{'; force_new' if arguments['force_new'] else ''}"


@audited("order.create", target_type="order", created_id=lambda result: result.order.id, detail=_send_detail)
def order_send(*, actor: Actor, plan: Plan, force_new: bool, open_order_id: str = "") -> SendResult:
    """Send the order as `plan` says: the composite call (all or nothing) when anything is new, else
    the plain order call. `open_order_id`: the patient's open order as the review showed it, to
    tell a merge from a new order (the plain call answers the order either way)."""
    user = actor.user
    if not user.has_perm(rules.CREATE):
        raise PermissionDenied
    if plan.patient_new and not user.has_perm(rules.CREATE_PATIENT):
        raise PermissionDenied
    if plan.prescriber_new and not user.has_perm(rules.CREATE_PRESCRIBER):
        raise PermissionDenied
    blend = get_blend()
    if plan.composite:
        body = plan.body
        made = blend.composite_create(
            patient=body.get("patient"),
            prescriber=body.get("prescriber"),
            electronic_prescription=body.get("electronic_prescription"),
            order=body.get("order"),
            force_new=force_new,
        )
        parts = {
            kind: Made(part.id, part.created) if (part := getattr(made, kind)) is not None else None
            for kind in ("patient", "prescriber", "electronic_prescription", "order")
        }
        result = SendResult(**parts)  # type: ignore[arg-type]
    else:
        order = blend.order_create(order=plan.body, force_new=force_new)
        merged = bool(open_order_id) and order.id == open_order_id and not force_new
        result = SendResult(order=Made(order.id, not merged), patient=Made(plan.patient_id, False))
    _audit_made(actor, result)
    return result
