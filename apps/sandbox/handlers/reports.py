"""Reports computed from the sandbox's orders, patients and e-prescriptions.

`GET /reports/orders`: orders whose `created_at` day (UTC) lies in [start_date, end_date], both ends
included, cancelled ones left out. `orders_by_status` lists the statuses that occur, in the order of the
statuses table (`status_code`/`status_name` from it; an unknown slug is listed with a null code and the
slug as its name). `orders_by_product` counts units (the lines' `quantity`) per product, most first.

`GET /reports/daily`: one entry per calendar day, ascending, zero-filled, with new patients (by
`created_at`), new e-prescriptions (by `created_at`, not counted when cancelled) and new orders (not
cancelled); default range: the 30 days ending today (UTC).

Both read each row's `created_at[:10]`, so a report over 2,000 orders is a single pass of string work.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, timedelta
from typing import Any

from apps.sandbox.http import ApiError, SandboxRequest, now, ok, router
from apps.sandbox.reference import ORDER_STATUSES, PRODUCT_KINDS
from apps.sandbox.state import Row

INCLUDE_PARTS = ("status", "count", "products")
CANCELLED = frozenset({"cancelled", "canceled", "Cancelled"})
DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _day(req: SandboxRequest, name: str, default: date | None) -> date:
    raw = (req.query.get(name) or "").strip()
    if not raw:
        if default is None:
            raise ApiError(400, f"Query parameter '{name}' is required (YYYY-MM-DD).")
        return default
    try:
        if not DAY.match(raw):
            raise ValueError
        return date.fromisoformat(raw)
    except ValueError:
        raise ApiError(400, f"Query parameter '{name}' must be a date (YYYY-MM-DD).") from None


def _check_range(start: date, end: date) -> None:
    if start > end:
        raise ApiError(400, "start_date must not be after end_date.")


def _is_cancelled(row: Row) -> bool:
    return row.get("status") in CANCELLED


def _prescription_cancelled(row: Row) -> bool:
    """Cancelled as a whole, or every one of its medications is."""
    if row.get("status") in CANCELLED:
        return True
    medications = row.get("medications")
    if not medications:
        return False
    return all(medication.get("status") in CANCELLED for medication in medications)


def _includes(req: SandboxRequest) -> set[str]:
    raw = req.query.get("include")
    if raw is None or not raw.strip():
        return set(INCLUDE_PARTS)
    parts = {part.strip().lower() for part in raw.split(",") if part.strip()}
    unknown = sorted(parts - set(INCLUDE_PARTS))
    if unknown:
        raise ApiError(400, f"Unknown include value(s): {', '.join(unknown)}. Use status, count, products.")
    return parts


@router.route("GET", "/reports/orders")
def report_orders(req: SandboxRequest):
    start, end = _day(req, "start_date", None), _day(req, "end_date", None)
    _check_range(start, end)
    parts = _includes(req)
    first, last = start.isoformat(), end.isoformat()
    total = 0
    statuses: Counter[str] = Counter()
    units: dict[str, dict[str, int]] = {kind: {} for kind in PRODUCT_KINDS}
    names: dict[str, str] = {}
    with_products = "products" in parts
    for order in req.state.orders.rows():
        day = (order.get("created_at") or "")[:10]
        status = order.get("status") or ""
        if day < first or day > last or status in CANCELLED:
            continue
        total += 1
        statuses[status] += 1
        if with_products:
            _count_units(order, units, names)
    body: dict[str, Any] = {"date_range": f"{first} to {last}"}
    if "count" in parts:
        body["total_orders"] = total
    if "status" in parts:
        body["orders_by_status"] = _status_counts(statuses)
    if "products" in parts:
        body["orders_by_product"] = {
            kind: _product_counts(req, counter, names) for kind, counter in units.items()
        }
    return ok(body)


def _count_units(order: Row, units: dict[str, dict[str, int]], names: dict[str, str]) -> None:
    for kind, lines in (order.get("products") or {}).items():
        counts = units.get(kind)
        if counts is None:
            counts = units[kind] = {}
        for line in lines or ():
            product_id = line.get("id")
            if product_id:
                counts[product_id] = counts.get(product_id, 0) + (line.get("quantity") or 0)
                if product_id not in names:
                    names[product_id] = line.get("name") or ""


def _status_counts(counts: Counter[str]) -> list[dict[str, Any]]:
    listed: list[dict[str, Any]] = []
    for status in ORDER_STATUSES:
        if counts.get(status["slug"]):
            listed.append(
                {
                    "status_code": status["code"],
                    "status_name": status["name"],
                    "count": counts[status["slug"]],
                }
            )
    known = {status["slug"] for status in ORDER_STATUSES}
    for slug in sorted(set(counts) - known):
        listed.append({"status_code": None, "status_name": slug, "count": counts[slug]})
    return listed


def _product_counts(
    req: SandboxRequest, counter: Counter[str], names: dict[str, str]
) -> list[dict[str, Any]]:
    rows = []
    for product_id, count in counter.items():
        product = req.state.products.get(product_id)
        rows.append(
            {"name": (product or {}).get("name") or names[product_id], "id": product_id, "count": count}
        )
    rows.sort(key=lambda row: (-row["count"], row["name"].lower(), row["id"]))
    return rows


@router.route("GET", "/reports/daily")
def report_daily(req: SandboxRequest):
    today = now().date()
    end = _day(req, "end_date", today)
    start = _day(req, "start_date", end - timedelta(days=29))
    _check_range(start, end)
    first, last = start.isoformat(), end.isoformat()
    days = [(start + timedelta(days=offset)).isoformat() for offset in range((end - start).days + 1)]

    def per_day(rows: Any, skip: Any = None) -> Counter[str]:
        counts: Counter[str] = Counter()
        for row in rows:
            day = (row.get("created_at") or "")[:10]
            if first <= day <= last and (skip is None or not skip(row)):
                counts[day] += 1
        return counts

    patients = per_day(req.state.patients.rows())
    prescriptions = per_day(req.state.eprescriptions.rows(), _prescription_cancelled)
    orders = per_day(req.state.orders.rows(), _is_cancelled)
    entries = [
        {
            "date": day,
            "new_patients": patients[day],
            "new_prescriptions": prescriptions[day],
            "new_orders": orders[day],
        }
        for day in days
    ]
    totals = {
        "new_patients": sum(patients.values()),
        "new_prescriptions": sum(prescriptions.values()),
        "new_orders": sum(orders.values()),
    }
    return ok({"date_range": f"{first} to {last}", "days": entries, "totals": totals})
