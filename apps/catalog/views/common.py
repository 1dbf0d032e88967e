"""What the catalog views share: whether the user may edit the catalog."""

from __future__ import annotations

from apps.catalog.rules import EDIT
from apps.core.htmx import HtmxHttpRequest


def may_edit(request: HtmxHttpRequest) -> bool:
    return request.user.has_perm(EDIT)
