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
from apps.core.search import Matches, search_by_name
from apps.orders import rules as orders_rules
from apps.orders.selectors import order_status_names
from apps.patients import rules as patients_rules
from apps.prescribers import rules as prescribers_rules
from apps.tasks import rules as tasks_rules

SEARCH_LIMIT = 50
# result_type -> (heading, permission needed to see it). A kind not listed here is never shown.
KINDS: dict[str, tuple[str, str]] = {
    "patient": ("Patients", patients_rules.VIEW),
    "prescriber": ("Prescribers", prescribers_rules.VIEW),
    "order": ("Orders", orders_rules.VIEW),
    "product": ("Products", catalog_rules.VIEW),
    "task": ("Tasks", tasks_rules.VIEW),
}
# Kinds in the order they come when their best matches rank the same: people first.
KIND_ORDER = list(KINDS)
PEOPLE = frozenset({"patient", "prescriber"})
# The area's own list that searches one kind (`?q=`), for "all matching" links.
FULL_LISTS: dict[str, str] = {
    "order": "orders:list",
    "patient": "patients:list",
    "prescriber": "prescribers:list",
    "product": "catalog:list",
    "task": "tasks:search",
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
    refused: str = ""  # why Blend refused the search term, for the search box


def may_search(user) -> bool:
    return any(user.has_perm(permission) for permission in SEARCH_PERMISSIONS)


def _best_first(groups: list[SearchGroup]) -> list[SearchGroup]:
    """The groups by their best match, people before orders on a tie. An order found through its
    patient's details (`is_patient_order`) counts at most as much as the best person found: the
    person whose name matches comes before the orders that mention them."""
    people = [hit.rank for g in groups if g.kind in PEOPLE for hit in g.hits]
    best_person = max(people, default=None)

    def weight(hit: SearchHit) -> float:
        if best_person is not None and getattr(hit.item, "is_patient_order", False):
            return min(hit.rank, best_person)
        return hit.rank

    def key(group: SearchGroup) -> tuple[float, int]:
        return -max(weight(hit) for hit in group.hits), KIND_ORDER.index(group.kind)

    return sorted(groups, key=key)


@audited_view("search.results", shown=lambda found: {g.kind: len(g.hits) for g in found.groups})
def search_everything(*, actor: Actor, q: str) -> SearchResults:
    """Blend's search-all results for `q` (a name as the app shows it or as "Last, First": see
    `apps.core.search`), grouped by kind, the best group first, permitted kinds only."""
    blend = get_blend()
    found = fetch_concurrently(
        hits=lambda: search_by_name(lambda term: blend.search_all(q=term, limit=SEARCH_LIMIT), q),
        status_names=order_status_names,
    )
    matches: Matches[SearchHit] = found["hits"]
    groups: dict[str, SearchGroup] = {}
    for hit in matches.items:
        known = KINDS.get(hit.result_type)
        if known is None or not actor.user.has_perm(known[1]):
            continue
        group = groups.setdefault(hit.result_type, SearchGroup(hit.result_type, known[0]))
        group.hits.append(hit)
    return SearchResults(
        _best_first(list(groups.values())),
        limit=SEARCH_LIMIT,
        maybe_more=len(matches.items) >= SEARCH_LIMIT,
        status_names=found["status_names"],
        refused=matches.refused,
    )
