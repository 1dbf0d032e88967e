"""HTMX helpers: the typed request, fragment-or-page, server-sent toasts and announcements."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django_htmx.http import trigger_client_event
from django_htmx.middleware import HtmxDetails

TOAST_LEVELS = ("success", "error", "info")


class HtmxHttpRequest(HttpRequest):
    """An HttpRequest as BlendAdmin's middleware leaves it (for type hints only)."""

    htmx: HtmxDetails
    request_id: str
    client_ip: str


def is_fragment(request: HtmxHttpRequest) -> bool:
    """An HTMX request that swaps part of a page: the view answers with the template's partial. A
    history restore (Back after the cache expired) needs the whole page."""
    return bool(request.htmx) and not request.htmx.history_restore_request


def add_toast(response: HttpResponse, message: str, level: str = "success") -> HttpResponse:
    """Make the page show a toast when HTMX receives `response` (header `HX-Trigger: {"toast": ...}`)."""
    if level not in TOAST_LEVELS:
        raise ValueError(f"Toast level must be one of {TOAST_LEVELS}, not {level!r}")
    return trigger_client_event(response, "toast", {"level": level, "message": message})


def add_announcement(response: HttpResponse, message: str) -> HttpResponse:
    """Make screen readers say `message` when HTMX receives `response`, through the page's one live
    region (`#announcer` in base.html; header `HX-Trigger: {"announce": {"message": ...}}`). For what
    changed without a toast: a live page update, a bulk action's progress. A toast already says itself."""
    return trigger_client_event(response, "announce", {"message": message})
