from __future__ import annotations

import re

from apps.audit.models import AuditEntry


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
