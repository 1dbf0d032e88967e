"""Tasks. Only creation is documented; tasks are found again through `search_tasks`."""

from __future__ import annotations

from collections.abc import Sequence

from apps.blend.api.base import APIBase
from apps.blend.models.tasks import Task


class TasksAPI(APIBase):
    def task_create(
        self,
        *,
        name: str,
        description: str = "",
        category_code: str | None = None,
        status_code: str | None = None,
        assignee_id: str | None = None,
        watcher_ids: Sequence[str] = (),
        order_id: str | None = None,
        patient_id: str | None = None,
        prescription_id: str | None = None,
    ) -> Task:
        body = {
            "name": name,
            "description": description or None,
            "category_code": category_code,
            "status_code": status_code,
            "assignee": assignee_id,
            "watchers": [{"id": watcher} for watcher in watcher_ids] or None,
            "order_id": order_id,
            "patient_id": patient_id,
            "prescription_id": prescription_id,
        }
        return self._one(Task, "POST", "/tasks", json={k: v for k, v in body.items() if v is not None})
