"""Tasks (Blend's work items on orders, patients, prescriptions)."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from apps.blend.models.base import BlendModel


class TaskUser(BlendModel):
    id: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    role: str | None = None

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name) if p) or (self.id or "")


class Task(BlendModel):
    id: str = ""
    created_at: datetime | None = None
    completed_at: datetime | None = None
    name: str = ""
    description: str | None = None
    category_code: str | None = None
    category_name: str | None = None
    status_code: str | None = None
    status_name: str | None = None
    assignee: TaskUser | None = None
    assignee_id: str | None = None
    created_by_id: str | None = None
    order_id: str | None = None
    patient_id: str | None = None
    prescription_id: str | None = None
    watchers: list[TaskUser] = Field(default_factory=list)
    rank: float | None = None  # on search results
    result_type: str | None = None  # on search-all results

    @property
    def is_completed(self) -> bool:
        return self.completed_at is not None
