"""Tasks are found through Blend's task search (it has no task list or get): by words of their name
or description, or by id. People are named from the Blend user ids managers recorded."""

from __future__ import annotations

from dataclasses import dataclass

from apps.audit.actor import Actor
from apps.audit.services import audited_view
from apps.blend.models.tasks import Task
from apps.blend.runtime import get_blend
from apps.tasks.models import BlendUserId

SEARCH_LIMIT = 50


def people() -> dict[str, str]:
    """Blend user id -> the BlendAdmin user's name, for every recorded id."""
    links = BlendUserId.objects.select_related("user")
    return {str(link.blend_user_id): link.user.get_full_name() or link.user.get_username() for link in links}


def named(blend_user_id: str | None, names: dict[str, str]) -> str:
    """A Blend user as people know them: the recorded member's name, else the id as it is."""
    if not blend_user_id:
        return ""
    return names.get(blend_user_id.lower(), blend_user_id)


def person_choices() -> list[tuple[str, str]]:
    return sorted(people().items(), key=lambda item: item[1].lower())


@audited_view("task.search", shown=lambda tasks: {"task": len(tasks)})
def task_search(*, actor: Actor, q: str) -> list[Task]:
    return get_blend().search_tasks(q=q, limit=SEARCH_LIMIT)


@dataclass(frozen=True)
class TaskPage:
    task: Task | None
    names: dict[str, str]


@audited_view("task.view", shown=lambda page: {"task": 1 if page.task else 0})
def task_page_data(*, actor: Actor, task_id: str) -> TaskPage:
    """The task with this id, found by searching for its id (Blend has no task get)."""
    hits = get_blend().search_tasks(q=task_id, limit=10)
    task = next((t for t in hits if t.id.lower() == task_id.lower()), None)
    return TaskPage(task, people())


def tasks_for(*, q: str, order_id: str = "", patient_id: str = "") -> list[Task]:
    """The tasks the search finds for an order or a patient: those linked to it among the hits for `q`
    (Blend's task search matches names and descriptions, so a linked task that never names the order
    or patient is not found)."""
    hits = get_blend().search_tasks(q=q, limit=SEARCH_LIMIT)
    return [
        t
        for t in hits
        if (order_id and t.order_id == order_id) or (patient_id and t.patient_id == patient_id)
    ]
