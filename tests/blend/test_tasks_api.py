"""Tasks, through the real client against the sandbox."""

from __future__ import annotations

import pytest

from apps.blend.errors import BlendValidationError
from apps.blend.models.tasks import Task
from apps.sandbox.seed import SANDBOX_USER_ID


def teammate(sandbox) -> dict:
    return next(u for u in sandbox.state.users.rows() if u["id"] != SANDBOX_USER_ID)


def test_it_creates_a_task_with_defaults(blend, sandbox):
    task = blend.task_create(name="Confirm shelf-stability of recent batch")
    assert isinstance(task, Task) and task.id in sandbox.state.tasks
    assert (task.category_code, task.category_name) == ("T01", "Order")
    assert (task.status_code, task.status_name) == ("NEW", "New")
    assert task.created_by_id == SANDBOX_USER_ID
    assert task.completed_at is None and task.watchers == []


def test_it_creates_a_task_with_links_assignee_and_watchers(blend, sandbox):
    user = teammate(sandbox)
    order = next(iter(sandbox.state.orders.rows()))
    task = blend.task_create(
        name="Follow up on paused order",
        description="Patient is travelling.",
        category_code="T06",
        status_code="IN_PROGRESS",
        assignee_id=user["id"],
        watcher_ids=[SANDBOX_USER_ID],
        order_id=order["order_number"],
        patient_id=order["_patient_id"],
    )
    assert (task.order_id, task.patient_id) == (order["id"], order["_patient_id"])
    assert (task.assignee.id, task.assignee.full_name) == (
        user["id"],
        f"{user['first_name']} {user['last_name']}",
    )
    assert [w.id for w in task.watchers] == [SANDBOX_USER_ID]
    assert task.category_code == "T06" and task.status_name == "In Progress"


def test_it_requires_a_name(blend):
    with pytest.raises(BlendValidationError) as caught:
        blend.task_create(name=" ")
    assert caught.value.status_code == 422 and "name" in caught.value.fields


@pytest.mark.parametrize(
    ("field", "changes"),
    [
        ("category_code", {"category_code": "X99"}),
        ("status_code", {"status_code": "SOMEDAY"}),
        ("assignee", {"assignee_id": "dana"}),
        ("watchers", {"watcher_ids": ["not-a-uuid"]}),
        ("order_id", {"order_id": "ORD000000000000NONE"}),
        ("patient_id", {"patient_id": "00000000-0000-4000-8000-000000000000"}),
    ],
)
def test_it_names_each_invalid_field(blend, field, changes):
    with pytest.raises(BlendValidationError) as caught:
        blend.task_create(name="Check", **changes)
    assert field in caught.value.fields


def test_it_finds_a_new_task_by_search(blend):
    task = blend.task_create(name="Recalibrate the zymurgy scale", description="Before Friday.")
    results = blend.search_tasks(q="zymurgy")
    assert [t.id for t in results] == [task.id]
    assert results[0].rank == 0.7
