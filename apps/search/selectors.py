"""Search across Blend (`GET /search`), keeping only the kinds of record the app knows and the user
may see. Each search is audited: the kinds and how many of each were shown, never the search term."""

from __future__ import annotations

from dataclasses import dataclass, field

from apps.audit.actor import Actor
from apps.audit.services import audited_view
from apps.blend.concurrency import fetch_concurrently
from apps.blend.models.search import SearchHit
from apps.blend.runtime import get_blend
from apps.catalog import rules as catalog_rules
from apps.orders import rules as orders_rules
from apps.orders.selectors import order_status_names
from apps.patients import rules as patients_rules
from apps.prescribers import rules as prescribers_rules

SEARCH_LIMIT = 50
# result_type -> (heading, permission needed to see it). A kind not listed here is never shown.
KINDS: dict[str, tuple[str, str]] = {
    "order": ("Orders", orders_rules.VIEW),
    "patient": ("Patients", patients_rules.VIEW),
    "prescriber": ("Prescribers", prescribers_rules.VIEW),
    "product": ("Products", catalog_rules.VIEW),
    "task": ("Tasks", orders_rules.VIEW),
}
# The area's own list that searches one kind (`?q=`), for "all matching" links.
FULL_LISTS: dict[str, str] = {
    "order": "orders:list",
    "patient": "patients:list",
    "prescriber": "prescribers:list",
    "product": "catalog:list",
}
# Searching needs the permission of at least one kind it can show.
SEARCH_PERMISSIONS = frozenset(permission for _, permission in KINDS.values())


@dataclass
class SearchGroup:
    kind: str
    heading: str
    hits: list[SearchHit] = field(default_factory=list)

    @property
    def full_list(self) -> str:
        """The URL name of the area's list that searches this kind alone ("" when there is none)."""
        return FULL_LISTS.get(self.kind, "")


@dataclass
class SearchResults:
    groups: list[SearchGroup]
    limit: int  # how many results Blend was asked for
    maybe_more: bool  # Blend gave that many: more may match
    status_names: dict[str, str]  # order statuses as Blend names them


def may_search(user) -> bool:
    return any(user.has_perm(permission) for permission in SEARCH_PERMISSIONS)


@audited_view("search.results", shown=lambda found: {g.kind: len(g.hits) for g in found.groups})
def search_everything(*, actor: Actor, q: str) -> SearchResults:
    """Blend's search-all results for `q`, grouped by kind (best group first), permitted kinds only."""
    groups: dict[str, SearchGroup] = {}
    found = fetch_concurrently(
        hits=lambda: get_blend().search_all(q=q, limit=SEARCH_LIMIT), status_names=order_status_names
    )
    hits = found["hits"]
    for hit in hits:
        known = KINDS.get(hit.result_type)
        if known is None or not actor.user.has_perm(known[1]):
            continue
        group = groups.setdefault(hit.result_type, SearchGroup(hit.result_type, known[0]))
        group.hits.append(hit)
    return SearchResults(
        list(groups.values()),
        limit=SEARCH_LIMIT,
        maybe_more=len(hits) >= SEARCH_LIMIT,
        status_names=found["status_names"],
    )
