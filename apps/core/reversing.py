"""`reverse()` remembered per process: URL patterns do not change while the app runs, and a page
that reverses the same names on every request (or for every row) should not pay for it each time."""

from __future__ import annotations

import functools

from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse


def reverse_once(name: str, args: tuple[str, ...] = ()) -> str | None:
    """`reverse(name, args=args)`, or None when there is no such URL, computed once per URLconf and
    script prefix."""
    return _reversed(name, args, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())


@functools.cache
def _reversed(name: str, args: tuple[str, ...], urlconf: str, script_prefix: str) -> str | None:
    try:
        return reverse(name, args=list(args))
    except NoReverseMatch:
        return None
