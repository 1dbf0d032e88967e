"""Saved views made directly (a test's starting point) and the forms' one-time tokens."""

from __future__ import annotations

import re

from apps.audit.models import AuditEntry
from apps.orderindex import services
from apps.savedviews.models import SavedView


def index_now() -> None:
    services.order_index_sync()


def saved(owner, name: str, query: str, shared_with: str = "") -> SavedView:
    return SavedView.objects.create(owner=owner, name=name, query=query, shared_with=shared_with)


def token_for(html: str, action: str) -> str:
    """The one-time token of the form posting to `action`."""
    found = re.search(rf'action="{re.escape(action)}".*?name="token" value="([^"]+)"', html, re.DOTALL)
    assert found, f"no form for {action} in the page"
    return found.group(1)


def post_form(client, page_url: str, action: str, data: dict, **kwargs):
    token = token_for(client.get(page_url).text, action)
    return client.post(action, {"token": token, **data}, **kwargs)


def audit_rows(action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action))


def shown(client, href: str) -> int:
    """How many orders the order list at `href` says it shows."""
    found = re.search(r"Orders [\d,]+–[\d,]+ of ([\d,]+)", client.get(href).text)
    return int(found.group(1).replace(",", "")) if found else 0
