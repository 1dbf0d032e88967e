"""Search across Blend (`GET /search`), keeping only the kinds of record the user may see."""

from __future__ import annotations

from dataclasses import dataclass, field

from apps.blend.models.search import SearchHit
from apps.blend.runtime import get_blend

SEARCH_LIMIT = 50
# result_type -> (heading, permission needed to see it)
KINDS: dict[str, tuple[str, str]] = {
    "order": ("Orders", "accounts.view_orders"),
    "patient": ("Patients", "accounts.view_patients"),
    "prescriber": ("Prescribers", "accounts.view_prescribers"),
    "product": ("Products", "accounts.view_catalog"),
    "task": ("Tasks", "accounts.view_orders"),
}


@dataclass
class SearchGroup:
    kind: str
    heading: str
    hits: list[SearchHit] = field(default_factory=list)


def search_everything(*, q: str, user) -> list[SearchGroup]:
    """Blend's search-all results for `q`, grouped by kind (best group first), permitted kinds only."""
    groups: dict[str, SearchGroup] = {}
    for hit in get_blend().search_all(q=q, limit=SEARCH_LIMIT):
        heading, permission = KINDS.get(hit.result_type, (hit.result_type.title() or "Other", ""))
        if permission and not user.has_perm(permission):
            continue
        group = groups.setdefault(hit.result_type, SearchGroup(hit.result_type, heading))
        group.hits.append(hit)
    return list(groups.values())
