"""Shared steps of the bulk tests."""

from __future__ import annotations

import re

from apps.bulk.models import BulkRun


def orders_in(sandbox, status: str, count: int, where=lambda row: True) -> list[dict]:
    rows = sorted(
        (r for r in sandbox.state.orders.rows() if r["status"] == status and where(r)),
        key=lambda r: r["order_number"],
    )
    assert len(rows) >= count, f"the seed has fewer than {count} {status} orders"
    return rows[:count]


def dry_run(client, action: str, ids: list[str]) -> BulkRun:
    response = client.post("/orders/bulk/new/", {"action": action, "order": ids, "scope": "selected"})
    assert response.status_code == 302, response.content[:300]
    run = BulkRun.objects.order_by("-id").first()
    assert response["Location"] == f"/orders/bulk/{run.pk}/"
    return run


def confirm_token(client, run: BulkRun) -> str:
    html = client.get(f"/orders/bulk/{run.pk}/").content.decode()
    found = re.search(r'name="token" value="([^"]+)"', html)
    assert found, "no confirmation form"
    return found.group(1)


def puts(sandbox, order_id: str = "") -> list[tuple[str, str]]:
    return [(m, p) for m, p in sandbox.faults.seen if m == "PUT" and order_id in p]
