"""Reads of saved views: the ones a user sees (their own and those shared with their role), each
with its live count and the age of its oldest order, exact, from the order index with the query the
order list runs (`apps.orders.selectors.order_counts`: one database query per view, no Blend call)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.timesince import timesince

from apps.accounts.roles import ROLES, user_role
from apps.orders.selectors import order_counts, order_filters_text
from apps.savedviews import rules
from apps.savedviews.models import RoleQueue, SavedView


@dataclass(frozen=True)
class SavedViewCount:
    view: SavedView
    count: int | None  # None: the order index is being built for the first time
    oldest_at: datetime | None
    default_for: list[str] = field(default_factory=list)  # the roles whose default queue it is

    @property
    def oldest(self) -> str:
        """The age of its oldest order ("3 days"), "" when it has none."""
        return timesince(self.oldest_at, timezone.now(), depth=1) if self.oldest_at else ""

    @property
    def filters_text(self) -> str:
        return order_filters_text(self.view.filters) or "every order"


def _visible(user, role: str) -> Q:
    shared = Q(shared_with=role) if role in ROLES else Q(pk__in=[])
    return Q(owner=user) | shared


def _counted(views: Iterable[SavedView]) -> tuple[list[SavedViewCount], datetime | None]:
    views = list(views)
    defaults: dict[int, list[str]] = {}
    for queue in RoleQueue.objects.filter(view__in=views).order_by("role"):
        defaults.setdefault(queue.view_id, []).append(queue.role)
    counted = order_counts(filters={str(view.pk): view.filters for view in views}) if views else None
    rows = []
    for view in views:
        found = counted.counts.get(str(view.pk)) if counted else None
        rows.append(
            SavedViewCount(
                view,
                found.count if found else None,
                found.oldest if found else None,
                defaults.get(view.pk, []),
            )
        )
    return rows, counted.freshness.as_of if counted else None


def _with_owner(views: QuerySet[SavedView]) -> QuerySet[SavedView]:
    return views.select_related("owner").order_by("name", "id")


@dataclass(frozen=True)
class ViewsBar:
    """The order list's views: the role's default queue first, then the user's own and the shared."""

    views: list[SavedViewCount]
    as_of: datetime | None


def order_list_views(*, user) -> ViewsBar:
    role = user_role(user)
    views, as_of = _counted(_with_owner(SavedView.objects.filter(_visible(user, role))))
    views.sort(key=lambda v: (role not in v.default_for, v.view.name.casefold()))
    return ViewsBar(views, as_of)


@dataclass(frozen=True)
class SavedViewsPage:
    """The saved views page: the user's own views, those shared with their role by others, and for
    managers every other shared view and each role's default queue (`queues`: role -> view id)."""

    mine: list[SavedViewCount]
    shared: list[SavedViewCount]
    others: list[SavedViewCount]
    queues: dict[str, int | None]
    queue_choices: dict[str, list[tuple[int, str]]]  # role -> the views shared with it
    as_of: datetime | None
    manager: bool


def saved_views_page_data(*, user) -> SavedViewsPage:
    role = user_role(user)
    manager = user.has_perm(rules.MANAGE)
    views = SavedView.objects.filter(_visible(user, role))
    if manager:
        views = SavedView.objects.filter(_visible(user, role) | ~Q(shared_with=""))
    counted, as_of = _counted(_with_owner(views))
    mine = [v for v in counted if v.view.owner_id == user.pk]
    shared = [v for v in counted if v.view.owner_id != user.pk and v.view.shared_with == role]
    others = [v for v in counted if v.view.owner_id != user.pk and v.view.shared_with != role]
    queues: dict[str, int | None] = {}
    choices: dict[str, list[tuple[int, str]]] = {}
    if manager:
        set_views = dict(RoleQueue.objects.values_list("role", "view_id"))
        for each in ROLES:
            queues[each] = set_views.get(each)
            choices[each] = [(v.view.pk, _choice_name(v.view)) for v in counted if v.view.shared_with == each]
    return SavedViewsPage(mine, shared, others, queues, choices, as_of, manager)


def queue_choices() -> dict[str, list[tuple[int, str]]]:
    """Each role's possible default queues: the views shared with it (no counts: a form's choices)."""
    shared = _with_owner(SavedView.objects.exclude(shared_with=""))
    choices: dict[str, list[tuple[int, str]]] = {role: [] for role in ROLES}
    for view in shared:
        choices.setdefault(view.shared_with, []).append((view.pk, _choice_name(view)))
    return choices


def _choice_name(view: SavedView) -> str:
    return f"{view.name} (by {view.owner.get_username()})"


def role_queue_view(*, role: str) -> SavedView | None:
    """The role's default queue (None when no manager set one); the caller counts it with its own
    counts (`order_counts`), under the same "as of"."""
    queue = RoleQueue.objects.filter(role=role).select_related("view").first()
    return queue.view if queue is not None else None


def saved_view_editable(*, user, view_id: int) -> SavedView:
    """A view the user may rename, share or delete: their own, or (managers) a shared one. Any
    other view, even one shared with their role, is not found for them (404)."""
    view = SavedView.objects.filter(pk=view_id).select_related("owner").first()
    if view is None:
        raise Http404("No such saved view")
    if view.owner_id == user.pk or (view.shared_with and user.has_perm(rules.MANAGE)):
        return view
    raise Http404("No such saved view")
