"""The one place audit rows are written. Views never write them; audited services and selectors do."""

from __future__ import annotations

import functools
import inspect
import logging
from collections.abc import Callable, Mapping
from typing import Any, ParamSpec, TypeVar

from django.core.exceptions import PermissionDenied

from apps.audit.actor import Actor
from apps.audit.models import AuditEntry, Outcome
from apps.blend.errors import BlendError, BlendNotFound, BlendStatusError
from apps.core.converters import is_blend_id
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
    action: str | Callable[[dict[str, Any]], str],
    *,
    target_type: str,
    target_id_arg: str = "",
    created_id: Callable[[Any], str] | None = None,
    detail: Callable[[dict[str, Any], Any], str] | None = None,
) -> Decorator:
    """Record every call of a service/selector taking keyword-only `actor=` and `<target_id_arg>=`:
    `ok` on success, `refused` when Blend refused (400/403/404/409/422), `failed` otherwise. Errors
    are re-raised unchanged. An id Blend does not know (404) is kept only when it has the shape of
    an id Blend makes (a UUID, an order number): anything else was typed and may be patient data.
    `action` may be a function of the call's arguments (one service for several audited actions).
    A create has no id before Blend answers: `created_id(result)` names the new record on success
    (and the row of a refused or failed create has none).
    `detail(arguments, result)` gives a success row's Detail (what changed, e.g. a quantity before
    and after).

        @audited("order.pause", target_type="order", target_id_arg="order_id")
        def order_pause(*, actor: Actor, order_id: str) -> Order: ...

        @audited("patient.create", target_type="patient", created_id=lambda patient: patient.id)
        def patient_create(*, actor: Actor, fields: dict) -> Patient: ...
    """

    def decorator(func: Callable[P, R]) -> Callable[P, R]:
        signature = inspect.signature(func)
        for required in ("actor", target_id_arg) if target_id_arg else ("actor",):
            if required not in signature.parameters:
                raise TypeError(f"@audited function {func.__qualname__} has no {required!r} parameter")

        @functools.wraps(func)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            bound = signature.bind(*args, **kwargs)
            bound.apply_defaults()
            actor: Actor = bound.arguments["actor"]
            target_id = str(bound.arguments.get(target_id_arg, "")) if target_id_arg else ""
            name = action(bound.arguments) if callable(action) else action
            record = functools.partial(
                audit_record, actor=actor, action=name, target_type=target_type, target_id=target_id
            )
            try:
                result = func(*args, **kwargs)
            except PermissionDenied:
                raise  # audited once, by the 403 handler (apps.audit.views.permission_denied)
            except Exception as exc:
                outcome, message = _outcome_for(exc)
                if isinstance(exc, BlendNotFound) and not is_blend_id(target_id):
                    # Typed into a URL and unknown to Blend: it may be anything (an SSN), so not kept.
                    record = functools.partial(record, target_id="")
                try:
                    record(outcome=outcome, error_message=message)
                except Exception:
                    logger.exception("Could not write the audit entry for %s", action)
                raise
            if created_id is not None:
                record = functools.partial(record, target_id=created_id(result))
            record(outcome=Outcome.OK, error_message=detail(bound.arguments, result) if detail else "")
            return result

        return wrapper

    return decorator


def given_summary(arguments: dict[str, Any], result: Any) -> str:
    """An edit's Detail: the `summary` the caller gave (`WriteForm.change_summary`: before → after)."""
    return str(arguments.get("summary") or "")


# --- views of several records at once -------------------------------------------------------------
# A page that shows patient data without opening one record (a list, a search, an edit or confirm
# page) writes one row per view: action (e.g. "patient.list"), the kinds of record shown as the
# target type, and how many of each as the target ("patient: 25"). Never the search term or a filter:
# those may be patient data themselves.

Shown = Mapping[str, int]


def _shown_target(shown: Shown) -> tuple[str, str]:
    kinds = [kind for kind in shown if kind] or ["none"]
    return ",".join(kinds)[:50], ", ".join(f"{kind}: {count}" for kind, count in shown.items())[:100]


def audit_view(
    *, actor: Actor, action: str, shown: Shown, outcome: str = Outcome.OK, error_message: str = ""
) -> None:
    """Record that `actor` was shown `shown` (kind -> number of records) on the page `action`.

    audit_view(actor=actor, action="order.list", shown={"order": len(page.items)})
    """
    target_type, target_id = _shown_target(shown)
    audit_record(
        actor=actor,
        action=action,
        target_type=target_type,
        target_id=target_id,
        outcome=outcome,
        error_message=error_message,
    )


def audited_view(action: str, *, shown: Callable[[Any], Shown]) -> Decorator:
    """`audit_view` for a selector taking keyword-only `actor=`: one row per call, `shown(result)`
    naming what the page shows; when the selector raises, a `refused`/`failed` row with nothing shown
    (as `@audited`) and the error re-raised.

        @audited_view("order.search", shown=lambda page: {"order": len(page.items)})
        def order_search_page_data(*, actor: Actor, q: str) -> Page[Order]: ...
    """

    def decorator(func: Callable[P, R]) -> Callable[P, R]:
        signature = inspect.signature(func)
        if "actor" not in signature.parameters:
            raise TypeError(f"@audited_view function {func.__qualname__} has no 'actor' parameter")

        @functools.wraps(func)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            actor: Actor = signature.bind(*args, **kwargs).arguments["actor"]
            try:
                result = func(*args, **kwargs)
            except PermissionDenied:
                raise  # audited once, by the 403 handler
            except Exception as exc:
                outcome, message = _outcome_for(exc)
                try:
                    audit_view(actor=actor, action=action, shown={}, outcome=outcome, error_message=message)
                except Exception:
                    logger.exception("Could not write the audit entry for %s", action)
                raise
            audit_view(actor=actor, action=action, shown=shown(result))
            return result

        return wrapper

    return decorator


def audit_denied(*, actor: Actor, route: str) -> None:
    """A refused request (PermissionDenied): who, and which URL route name (never the path or
    query, which may hold patient data or a search term)."""
    audit_record(
        actor=actor, action="access.denied", target_type="route", target_id=route, outcome=Outcome.REFUSED
    )


def audit_export(*, actor: Actor, kind: str, count: int, filters: str, complete: bool = True) -> None:
    """Record a CSV export of a list of `kind` records: how many rows and with which filters (never
    the search words, which may be patient data); `complete` False when it stopped midway.

    audit_export(actor=actor, kind="order", count=2408, filters="status: received")
    """
    detail = f"filters: {filters or 'none'}"
    audit_record(
        actor=actor,
        action=f"{kind}.export",
        target_type=kind,
        target_id=f"{kind}: {count}",
        outcome=Outcome.OK if complete else Outcome.FAILED,
        error_message=detail if complete else f"stopped after {count} rows; {detail}",
    )
