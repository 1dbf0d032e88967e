"""Template helpers for the orders pages: status badges, durations, product kinds, phones, links."""

from __future__ import annotations

import re

from django import template
from django.urls import NoReverseMatch, reverse

from apps.blend.models.catalog import KIND_HEADINGS
from apps.blend.models.orders import ORDER_STATUSES
from apps.orders.selectors import status_name

register = template.Library()


@register.inclusion_tag("includes/status_badge.html")
def status_badge(slug: str, names: dict[str, str]) -> dict[str, str]:
    """The status's badge, named as Blend names the status (`names`: `order_status_names()`, so a
    status reads the same on every page); an unknown slug gets the neutral badge."""
    return {
        "css": slug if slug in ORDER_STATUSES else "unknown",
        "slug": slug,
        "name": status_name(slug, names or {}),  # a template variable Django could not resolve is ""
    }


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
    return KIND_HEADINGS.get(kind, kind.replace("_", " ").capitalize())


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
