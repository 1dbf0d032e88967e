"""Template helpers for the orders pages: status badges, durations, product kinds, phones, links."""

from __future__ import annotations

import re
from html import escape

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import SafeString

from apps.orders.selectors import status_name
from apps.orders.wording import KIND_LABELS

register = template.Library()

KNOWN_BADGES = frozenset(
    {
        "received",
        "data_entry",
        "picked",
        "verified",
        "shipped",
        "delivered",
        "paused",
        "exception",
        "cancelled",
    }
)


@register.simple_tag
def status_badge(slug: str, names: dict[str, str]) -> SafeString:
    """`<span class="badge badge-picked">Picked</span>`, named as Blend names the status (`names`:
    `order_status_names()`, so a status reads the same on every page); an unknown slug gets the
    neutral badge."""
    css = f"badge badge-{slug}" if slug in KNOWN_BADGES else "badge badge-unknown"
    # html.escape is what format_html would apply, without its per-argument overhead: the list
    # shows a badge on each of its rows.
    name = escape(status_name(slug, names or {}))  # a template variable Django could not resolve is ""
    return SafeString(f'<span class="{escape(css)}" data-status="{escape(slug)}">{name}</span>')


@register.filter
def duration(seconds: float | None) -> str:
    """Seconds as people say them: "45 s", "12 min", "2 h 15 min", "3 d 4 h"."""
    if seconds is None:
        return "—"
    total = round(seconds)
    if total < 60:
        return f"{total} s"
    minutes, _ = divmod(total, 60)
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    days, hours = divmod(hours, 24)
    return f"{days} d {hours} h" if hours else f"{days} d"


@register.filter
def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind.replace("_", " ").capitalize())


@register.filter
def safe_url(value: str | None) -> str:
    """`value` if it is an http(s) link (Blend's tracking and label links), else ""."""
    value = (value or "").strip()
    return value if re.match(r"https?://", value, re.IGNORECASE) else ""


@register.filter
def order_url(order_id: str) -> str:
    """The order page of `order_id`, or "" for an id no order URL can carry (Blend sent an odd one)."""
    try:
        return reverse("orders:detail", args=[order_id])
    except NoReverseMatch:
        return ""
