"""What the fuzz tests check on every request: the URL reaches the view meant (not a 404 for a route
that no longer exists), no 500, what was sent to Blend, and whether the user was told no."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

from django.contrib.messages import get_messages
from django.urls import resolve

from tests.orders.helpers import writes


def reaches(path: str, view) -> None:
    """`path` resolves to `view`: a fuzz test of a route that is gone fails here instead of fuzzing
    the 404 page."""
    found = resolve(urlsplit(path).path).func
    assert found is view, f"{path} reaches {found.__module__}.{found.__name__}, not {view.__name__}"


def told_no(response) -> bool:
    """What a user sees when their input is refused: a 4xx page, an error next to a field or at the
    top of the form, or an error toast (HTMX's, or a message on the page a plain form goes to)."""
    if 400 <= response.status_code < 500:
        return True
    if any(message.level_tag == "error" for message in get_messages(response.wsgi_request)):
        return True
    trigger = json.loads(response.headers.get("HX-Trigger") or "{}")
    if isinstance(trigger, dict) and (trigger.get("toast") or {}).get("level") == "error":
        return True
    body = response.content.decode(errors="replace")
    return 'class="field-error"' in body or 'class="form-error"' in body


def send(client, sandbox, method: str, path: str, view, data=None, **extra):
    """(response, how many writes reached Blend) for one request to `path`, which must reach `view`."""
    reaches(path, view)
    before = len(writes(sandbox))
    response = getattr(client, method)(path, data or {}, **extra)
    assert response.status_code < 500, (path, data, response.status_code)
    return response, len(writes(sandbox)) - before
