"""Layout context for every page: navigation sections, search, signed-in role, sandbox badge."""

from __future__ import annotations

import functools

from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from apps.accounts.roles import user_role
from apps.core import nav
from apps.core.middleware import idle_slack, idle_warning_lead


def _reverse_or_none(name: str) -> str | None:
    """The section's URL, or None while that area is not built."""
    return _reversed(name, settings.ROOT_URLCONF)


@functools.cache
def _reversed(name: str, urlconf: str) -> str | None:
    # URLs do not change while the app runs: reversed once per URLconf.
    try:
        return reverse(name, urlconf=urlconf)
    except NoReverseMatch:
        return None


def nav_sections(user, current_path: str = "") -> list[dict[str, object]]:
    """The sections the user may open (each area adds its own: apps.core.nav); a section whose url
    name does not resolve stays hidden."""
    sections = []
    for section in nav.sections():
        if not user.has_perm(section.permission):
            continue
        url = _reverse_or_none(section.url_name)
        if url is not None:
            sections.append({"label": section.label, "url": url, "active": current_path.startswith(url)})
    return sections


def _on_search_page(request: HttpRequest) -> bool:
    match = getattr(request, "resolver_match", None)
    return match is not None and match.view_name == "search:results"


def blendadmin(request: HttpRequest) -> dict[str, object]:
    from apps.blend.runtime import sandbox_active  # lazy: runtime builds the Blend client

    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    timeout = settings.SESSION_IDLE_TIMEOUT
    # The search page has its own box: the header's is left out there (one box on a page).
    header_search = signed_in and not _on_search_page(request)
    return {
        "idle": {"timeout": timeout, "warn": idle_warning_lead(timeout), "slack": idle_slack(timeout)}
        if signed_in
        else None,
        "nav_sections": nav_sections(user, request.path) if signed_in else [],
        "search_url": _reverse_or_none("search:results") if header_search else None,
        "user_role": user_role(user) if signed_in else "",
        "sandbox_active": sandbox_active(),
    }
