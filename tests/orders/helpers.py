"""Finding seeded sandbox orders for the orders tests, and small assertions they share."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from apps.audit.models import AuditEntry
from apps.blend.models.orders import ORDER_STATUSES
from apps.sandbox.state import Row

ALL_STATUSES = ORDER_STATUSES


def find_order(sandbox, status: str, where: Callable[[Row], bool] = lambda row: True) -> Row:
    """A seeded order in `status` (matching `where`), oldest number first so tests are repeatable."""
    rows = sorted(
        (r for r in sandbox.state.orders.rows() if r["status"] == status and where(r)),
        key=lambda r: r["order_number"],
    )
    assert rows, f"the seed has no {status} order matching the test's needs"
    return rows[0]


def set_status(sandbox, order_id: str, status: str) -> None:
    """Change an order's status behind BlendAdmin's back (a page shown before is now stale)."""
    sandbox.state.orders.edit(order_id)["status"] = status


def blend_calls(sandbox, method: str, fragment: str = "") -> list[tuple[str, str]]:
    """The requests BlendAdmin sent to the sandbox with this method (and path fragment)."""
    return [(m, p) for m, p in sandbox.faults.seen if m == method and fragment in p]


def writes(sandbox) -> list[tuple[str, str]]:
    """The writes BlendAdmin sent to Blend (signing in to Blend is not one)."""
    return [
        (m, p)
        for m, p in sandbox.faults.seen
        if m in ("POST", "PUT", "PATCH", "DELETE") and not p.startswith("/auth/")
    ]


def toast(response) -> dict:
    """The toast an HTMX answer asks the page to show ({} when none)."""
    raw = response.headers.get("HX-Trigger")
    return json.loads(raw)["toast"] if raw else {}


def audit_rows(action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action))


def token_from(html: str, action: str = "") -> str:
    """The one-time token of the first form (for `action`, when given) in a rendered page."""
    if action:
        html = html[html.index(f"/actions/{action}/") :]
    found = re.search(r'name="token" value="([^"]+)"', html)
    assert found, "no one-time token in the page"
    return found.group(1)
