"""An order's action buttons, rendered in Python like the list's rows and the product lines: one
string format per button, every value escaped with `html.escape` (what Django's `escape` does).

Each button is a small POST form with its own one-time token; an action that takes text (comments,
a reason) opens a form under its button on the order page, and is a link to its confirmation page
in the list's row menu. As a template loop with an include per button, the buttons were about a
fifth of the order page's rendering after Blend answered."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any, Literal

from django.utils.safestring import SafeString

from apps.blend.models.orders import OrderSummary
from apps.core.reversing import reverse_fast
from apps.orders import once, rules
from apps.orders.rules import OrderAction

# Filled with escaped values only.
BUTTON_FORM = (
    '<form method="post" action="{url}" class="action-form"'
    ' hx-post="{url}" hx-target="{target}" hx-swap="outerHTML"'
    ' hx-confirm="{confirm}" hx-vals=\'{{"confirmed": "1"}}\' hx-disabled-elt="find button">'
    "{csrf}"
    '<input type="hidden" name="token" value="{token}">'
    '<input type="hidden" name="return_to" value="{return_to}">'
    '<button type="submit" class="btn btn-small {style}" data-action="{name}">{label}</button>'
    "</form>\n"
)
FIELD_FORM = (
    '<details class="action-details"{open}>'
    '<summary class="btn btn-small {style}">{label}</summary>'
    '<form method="post" action="{url}" class="card"'
    ' hx-post="{url}" hx-target="{target}" hx-swap="outerHTML"'
    ' hx-confirm="{confirm}" hx-vals=\'{{"confirmed": "1"}}\' hx-disabled-elt="find button">'
    "{csrf}"
    '<input type="hidden" name="token" value="{token}">'
    '<input type="hidden" name="return_to" value="{return_to}">'
    '<div class="field{has_error}">'
    '<label for="{field_id}">{field_label}</label>'
    '<textarea id="{field_id}" name="{field}" rows="3" maxlength="1000"{required}>{text}</textarea>'
    "{errors}"
    "</div>"
    '<button type="submit" class="btn btn-small {style}" data-action="{name}">{submit}</button>'
    "</form></details>\n"
)
CONFIRM_LINK = '<a class="btn btn-small {style}" href="{url}">{label}…</a>\n'
FIELD_ERROR = '<p class="field-error">{}</p>'
FIELD_LABELS = {"reason": "Why is a replacement needed?", "comments": "Comments for Blend (optional)"}
EMPTY = '<span class="muted small">{}</span>'


@dataclass(frozen=True)
class ActionButton:
    action: OrderAction
    url: str
    token: str
    confirm: str

    @property
    def name(self) -> str:
        return self.action.name


def confirm_text(action: OrderAction, order: OrderSummary) -> str:
    patient = order.patient.full_name if order.patient and order.patient.full_name else "this patient"
    return action.text.confirm.format(number=order.reference, patient=patient)


def order_buttons(order: OrderSummary, perms: Collection[str]) -> list[ActionButton]:
    """The buttons a user with `perms` may press on this order now, each with its own one-time token."""
    return [
        ActionButton(
            action=action,
            url=reverse_fast("orders:action", order.id, action.name),
            token=once.token_new(),
            confirm=confirm_text(action, order),
        )
        for action in rules.allowed_actions(order, perms)
    ]


def action_buttons_html(
    buttons: Sequence[ActionButton],
    *,
    target: str,
    return_to: str,
    csrf_html: str,
    text_actions: Literal["form", "link"] = "form",
    failed: Mapping[str, Any] | None = None,
    empty: str = "",
) -> SafeString:
    """The buttons' HTML. `target`: what an HTMX answer replaces; `text_actions`: whether an action
    taking text opens its form in place or links to its confirmation page; `failed`: a refused
    action's {"action", "errors", "text"}, shown again in its open form; `empty`: the text shown
    when there is no button."""
    if not buttons:
        return SafeString(EMPTY.format(escape(empty)) if empty else "")
    shared = {"target": escape(target), "return_to": escape(return_to), "csrf": csrf_html}
    return SafeString("".join(_button(b, shared, text_actions, failed or {}) for b in buttons))


def _button(
    button: ActionButton, shared: dict[str, str], text_actions: str, failed: Mapping[str, Any]
) -> str:
    action = button.action
    values = {
        "url": escape(button.url),
        "style": escape(action.style),
        "label": escape(action.text.label),
        "name": escape(button.name),
        "confirm": escape(button.confirm),
        "token": escape(button.token),
    }
    if not action.field:
        return BUTTON_FORM.format(**values, **shared)
    if text_actions == "link":
        return CONFIRM_LINK.format(**values)
    this_failed = failed.get("action") == button.name
    errors = failed.get("errors") or () if this_failed else ()
    return FIELD_FORM.format(
        **values,
        **shared,
        open=" open" if this_failed else "",
        has_error=" has-error" if this_failed else "",
        field=escape(action.field),
        field_id=escape(f"{button.name}-{action.field}"),
        field_label=escape(FIELD_LABELS.get(action.field, action.field.capitalize())),
        required=" required" if action.field_required else "",
        text=escape(str(failed.get("text") or "")) if this_failed else "",
        errors="".join(FIELD_ERROR.format(escape(str(error))) for error in errors),
        submit=escape(action.text.submit or action.text.label),
    )
