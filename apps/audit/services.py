"""The one place audit rows are written. Views never write them; audited services and selectors do."""

from __future__ import annotations

import functools
import inspect
import logging
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from django.core.exceptions import PermissionDenied

from apps.audit.actor import Actor
from apps.audit.models import AuditEntry, Outcome
from apps.blend.errors import BlendError, BlendStatusError
from apps.core.writes import Refused

logger = logging.getLogger(__name__)

P = ParamSpec("P")
R = TypeVar("R")

# Blend statuses that mean "Blend refused this request" rather than "talking to Blend failed".
REFUSED_STATUSES = frozenset({400, 403, 404, 409, 422})


def audit_record(
    *, actor: Actor, action: str, target_type: str, target_id: str, outcome: str, error_message: str = ""
) -> None:
    user = actor.user if actor.user is not None and actor.user.is_authenticated else None
    AuditEntry.objects.create(
        user=user,
        username=user.get_username() if user is not None else "",
        role=actor.role,
        action=action,
        target_type=target_type,
        target_id=str(target_id)[:100],
        outcome=Outcome(outcome).value,
        error_message=error_message[:500],
        request_id=actor.request_id[:128],
        client_ip=actor.client_ip[:45],
    )


def _outcome_for(exc: Exception) -> tuple[str, str]:
    if isinstance(exc, Refused):  # BlendAdmin refused before sending
        return Outcome.REFUSED, exc.message
    if isinstance(exc, PermissionDenied):
        return Outcome.REFUSED, "Not permitted"
    if isinstance(exc, BlendStatusError) and exc.status_code in REFUSED_STATUSES:
        return Outcome.REFUSED, exc.message
    if isinstance(exc, BlendError):
        return Outcome.FAILED, exc.message
    # Not a Blend error (a bug): record the attempt, but only the class name, which holds no data.
    return Outcome.FAILED, f"Unexpected error ({type(exc).__name__})"


Decorator = Callable[[Callable[P, R]], Callable[P, R]]


def audited(
    action: str | Callable[[dict[str, Any]], str], *, target_type: str, target_id_arg: str
) -> Decorator:
    """Record every call of a service/selector taking keyword-only `actor=` and `<target_id_arg>=`:
    `ok` on success, `refused` when Blend refused (400/403/404/409/422), `failed` otherwise. Errors
    are re-raised unchanged. `action` may be a function of the call's arguments (one service for
    several audited actions).

        @audited("order.pause", target_type="order", target_id_arg="order_id")
        def order_pause(*, actor: Actor, order_id: str) -> Order: ...
    """

    def decorator(func: Callable[P, R]) -> Callable[P, R]:
        signature = inspect.signature(func)
        for required in ("actor", target_id_arg):
            if required not in signature.parameters:
                raise TypeError(f"@audited function {func.__qualname__} has no {required!r} parameter")

        @functools.wraps(func)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            bound = signature.bind(*args, **kwargs)
            bound.apply_defaults()
            actor: Actor = bound.arguments["actor"]
            target_id = str(bound.arguments.get(target_id_arg, ""))
            name = action(bound.arguments) if callable(action) else action
            record = functools.partial(
                audit_record, actor=actor, action=name, target_type=target_type, target_id=target_id
            )
            try:
                result = func(*args, **kwargs)
            except Exception as exc:
                outcome, message = _outcome_for(exc)
                try:
                    record(outcome=outcome, error_message=message)
                except Exception:
                    logger.exception("Could not write the audit entry for %s", action)
                raise
            record(outcome=Outcome.OK)
            return result

        return wrapper

    return decorator
