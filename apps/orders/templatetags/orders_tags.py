"""Template helpers for the orders pages: status badges, durations, action buttons, patient links."""

from __future__ import annotations

import re
from html import escape

from django import template
from django.template.defaulttags import CsrfTokenNode
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import SafeString

from apps.blend.models.orders import Order
from apps.core.reversing import reverse_fast
from apps.orders import once, rules
from apps.orders.action_buttons import action_buttons_html, order_buttons
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
def status_badge(slug: str, names: dict[str, str] | None = None) -> SafeString:
    """`<span class="badge badge-picked">Picked</span>`; an unknown slug gets the neutral badge."""
    css = f"badge badge-{slug}" if slug in KNOWN_BADGES else "badge badge-unknown"
    # html.escape is what format_html would apply, without its per-argument overhead: the list
    # shows a badge on each of its rows.
    name = escape(status_name(slug, names or {}))
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
def phone(value: str | None) -> str:
    digits = re.sub(r"\D", "", value or "")
    if len(digits) == 10:
        return f"({digits[:3]}) {digits[3:6]}-{digits[6:]}"
    return value or ""


@register.filter
def safe_url(value: str | None) -> str:
    """`value` if it is an http(s) link (Blend's tracking and label links), else ""."""
    value = (value or "").strip()
    return value if re.match(r"https?://", value, re.IGNORECASE) else ""


@register.simple_tag
def patient_url(order: Order) -> str:
    """The patient page, when the patients area provides one (else "": the name shows unlinked)."""
    if order.patient is None or not order.patient.id:
        return ""
    try:
        return reverse("patients:detail", args=[order.patient.id])
    except NoReverseMatch:
        return ""


@register.simple_tag
def url_fast(name: str, *args: object) -> str:
    """`{% url %}` for links a page repeats (per product line, per button): the same URL, by a
    string replace on a pattern reversed once (see apps.core.reversing)."""
    return reverse_fast(name, *args)


@register.simple_tag
def form_token() -> str:
    """A fresh one-time token for a write form (see apps.orders.once)."""
    return once.token_new()


def _perms(context: template.Context) -> frozenset[str]:
    """The signed-in user's permissions, read once per request."""
    return rules.request_permissions(context["request"])


@register.simple_tag(takes_context=True)
def action_buttons(
    context: template.Context,
    order: Order,
    *,
    target: str,
    return_to: str,
    text_actions: str = "form",
    empty: str = "",
) -> SafeString:
    """The buttons this user may press on this order now (see apps.orders.action_buttons), with
    the page's CSRF input and a refused action's form (`failed`) open again."""
    return action_buttons_html(
        order_buttons(order, _perms(context)),
        target=target,
        return_to=return_to,
        csrf_html=CsrfTokenNode().render(context),
        text_actions="link" if text_actions == "link" else "form",
        failed=context.get("failed"),
        empty=empty,
    )
