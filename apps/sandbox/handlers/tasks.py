"""Tasks: create. (Blend's sidebar has a Tasks group but only "Create a task" was readable; tasks
are also found through `GET /search/tasks`.)

Choices where Blend's docs are silent: `name` is required; `category_code` defaults to T01 (Order)
and `status_code` to NEW, each must be a known code; `assignee` (or `assignee_id`) is a user UUID,
`watchers` a list of `{id}` objects (bare UUID strings accepted); a known user is embedded with
their name and role, an unknown one with its id only; `order_id` accepts an order number or
external id like every order path, and it and `patient_id` must exist (422 otherwise).
"""

from __future__ import annotations

from typing import Any

from apps.sandbox.handlers.patients import check_uuid
from apps.sandbox.http import ApiError, SandboxRequest, created, invalid, iso, new_id, now, router
from apps.sandbox.lookups import find_order, find_patient
from apps.sandbox.reference import TASK_CATEGORIES, TASK_STATUSES
from apps.sandbox.state import Row, SandboxState


def _user(state: SandboxState, user_id: str) -> Row:
    user = state.users.get(user_id) or {}
    return {
        "id": user_id,
        "first_name": user.get("first_name"),
        "last_name": user.get("last_name"),
        "role": user.get("role"),
    }


def _watcher_ids(value: Any) -> tuple[list[str], str | None]:
    if value is None:
        return [], None
    if not isinstance(value, list):
        return [], "Must be a list of {id} objects."
    ids = [item.get("id") if isinstance(item, dict) else item for item in value]
    if any(check_uuid(i) for i in ids):
        return [], "Every watcher needs a user UUID as id."
    return list(dict.fromkeys(i.lower() for i in ids)), None


def _link(state: SandboxState, body: dict[str, Any], errors: dict[str, str]) -> dict[str, str | None]:
    links: dict[str, str | None] = {}
    for name, find in (("order_id", find_order), ("patient_id", find_patient)):
        value = body.get(name)
        links[name] = None
        if value in (None, ""):
            continue
        try:
            links[name] = find(state, str(value))["id"]
        except ApiError:
            errors[name] = f"No {name.removesuffix('_id')} with this id."
    prescription_id = body.get("prescription_id")
    if prescription_id not in (None, "") and not isinstance(prescription_id, str):
        errors["prescription_id"] = "Must be a string."
    links["prescription_id"] = prescription_id or None
    return links


@router.route("POST", "/tasks")
def task_create(req: SandboxRequest):
    body = req.json_object()
    errors: dict[str, str] = {}
    name = body.get("name")
    if not (isinstance(name, str) and name.strip()):
        errors["name"] = "This field is required."
    if body.get("description") is not None and not isinstance(body["description"], str):
        errors["description"] = "Must be a string."
    category = body.get("category_code") or "T01"
    if category not in TASK_CATEGORIES:
        errors["category_code"] = f"Must be one of {', '.join(TASK_CATEGORIES)}."
    status = body.get("status_code") or "NEW"
    if status not in TASK_STATUSES:
        errors["status_code"] = f"Must be one of {', '.join(TASK_STATUSES)}."
    assignee = body.get("assignee", body.get("assignee_id"))
    if isinstance(assignee, dict):
        assignee = assignee.get("id")
    if assignee not in (None, "") and (message := check_uuid(assignee)):
        errors["assignee"] = message
    watchers, message = _watcher_ids(body.get("watchers"))
    if message:
        errors["watchers"] = message
    links = _link(req.state, body, errors)
    if errors:
        raise invalid(errors)
    assignee_id = assignee.lower() if assignee else None
    row: Row = {
        "id": new_id(),
        "created_at": iso(now()),
        "completed_at": iso(now()) if status == "COMPLETED" else None,
        "name": name.strip(),
        "description": body.get("description") or "",
        "category_code": category,
        "category_name": TASK_CATEGORIES[category],
        "status_code": status,
        "status_name": TASK_STATUSES[status],
        "assignee_id": assignee_id,
        "assignee": _user(req.state, assignee_id) if assignee_id else None,
        "created_by_id": (req.user or {}).get("id"),
        **links,
        "watchers": [_user(req.state, watcher) for watcher in watchers],
    }
    req.state.tasks.insert(row)
    return created(dict(row))
