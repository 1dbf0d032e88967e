"""Template helpers for the orders pages: status badges, durations, action buttons, patient links."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

from django import template
from django.template.defaulttags import CsrfTokenNode
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import SafeString

from apps.blend.models.orders import Order, OrderLine
from apps.core.reversing import reverse_fast
from apps.orders import once, rules
from apps.orders.action_buttons import action_buttons_html
from apps.orders.line_rows import LineForms, line_rows_html
from apps.orders.rules import OrderAction
from apps.orders.selectors import status_name
from apps.orders.wording import KIND_LABELS

register = template.Library()

LINE_FORMS = "orders.line_forms"  # render-context key: one LineForms per page render

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


@register.simple_tag
def order_flags(order: Order) -> SafeString:
    """The order's request and replacement badges, as the list's rows show them."""
    from apps.orders import rows  # rows imports status_badge from here

    return rows.flags_html(rows.order_flags(order))


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


@dataclass(frozen=True)
class ActionButton:
    action: OrderAction
    url: str
    token: str
    confirm: str

    @property
    def name(self) -> str:
        return self.action.name


def confirm_text(action: OrderAction, order: Order) -> str:
    patient = order.patient.full_name if order.patient and order.patient.full_name else "this patient"
    return action.text.confirm.format(number=order.reference, patient=patient)


def _perms(context: template.Context) -> frozenset[str]:
    """The signed-in user's permissions, read once per request."""
    return rules.request_permissions(context["request"])


@register.simple_tag(takes_context=True)
def order_actions(context: template.Context, order: Order) -> list[ActionButton]:
    """The buttons this user may press on this order now, each with its own one-time token."""
    return [
        ActionButton(
            action=action,
            url=reverse_fast("orders:action", order.id, action.name),
            token=once.token_new(),
            confirm=confirm_text(action, order),
        )
        for action in rules.allowed_actions(order, _perms(context))
    ]


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
        order_actions(context, order),
        target=target,
        return_to=return_to,
        csrf_html=CsrfTokenNode().render(context),
        text_actions="link" if text_actions == "link" else "form",
        failed=context.get("failed"),
        empty=empty,
    )


@register.simple_tag(takes_context=True)
def may_edit(context: template.Context, order: Order) -> bool:
    return rules.may_edit(_perms(context))


@register.simple_tag(takes_context=True)
def may_change_lines(context: template.Context, order: Order) -> bool:
    return rules.may_change_lines(order, _perms(context))


@register.simple_tag(takes_context=True)
def product_lines(
    context: template.Context, order: Order, kind: str, lines: list[OrderLine], can_change: bool
) -> SafeString:
    """The rows of one kind's product table (see apps.orders.line_rows), with the quantity and
    remove forms when `can_change`, and a refused change's message (`line_error`) on its line."""
    forms = None
    if can_change:
        forms = context.render_context.get(LINE_FORMS)
        if forms is None:
            forms = LineForms.for_page(
                context["request"],
                order,
                csrf_html=CsrfTokenNode().render(context),  # what {% csrf_token %} renders on this page
                error_key=context.get("line_error_key") or "",
                error=context.get("line_error") or "",
            )
            context.render_context[LINE_FORMS] = forms
    return line_rows_html(lines, kind, forms)
