"""What every write form shares: the one-time token (apps.core.once), and Blend's field errors put
at the form's fields."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Any, ClassVar

from django import forms

from apps.core import once

BLEND_REFUSED = "Blend refused the changes; see the messages below."
FORM_EXPIRED = "That form was out of date; nothing was sent. The page shows the current state — try again."


class OnceTokenField(forms.CharField):
    """A hidden one-time token, fresh each time an unbound form renders; only tokens this server
    signed within their lifetime are accepted."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("initial", once.token_new)
        kwargs.setdefault("max_length", once.TOKEN_MAX_LENGTH)
        kwargs.setdefault("error_messages", {"required": FORM_EXPIRED, "max_length": FORM_EXPIRED})
        super().__init__(**kwargs)

    def bound_data(self, data: str, initial: str) -> str:
        """A form shown again keeps its token unless that token is no good: then a fresh one."""
        return data if once.token_valid(data) else initial

    def validate(self, value: str) -> None:
        super().validate(value)
        if not once.token_valid(value):
            raise forms.ValidationError(FORM_EXPIRED, code="token")


def first_error(form: forms.Form) -> str:
    """The message a form refused before sending leads with: an out-of-date token (nothing else on
    the form matters then), else the first field's first error, else the first for the whole form."""
    errors = form.errors
    if "token" in errors:
        return errors["token"][0]
    for name in form.fields:
        if name in errors:
            return errors[name][0]
    return next((messages[0] for messages in errors.values() if messages), "")


class WriteForm(forms.Form):
    """Base of every form that sends a change to Blend."""

    token = OnceTokenField()

    def change_summary(self, *, secret: Collection[str] = ()) -> str:
        """What an edit changes, for the audit log: "Label: before → after; …" over the fields whose
        value differs from the form's initial one (the record as the form showed it). A field in
        `secret` (an SSN) says only that it changed."""
        parts = []
        for name in self.changed_data:
            field = self.fields[name]
            if name not in self.cleaned_data or isinstance(field.widget, forms.HiddenInput):
                continue
            label = field.label or name.replace("_", " ").capitalize()
            if name in secret:
                parts.append(f"{label}: changed")
                continue
            before = self.get_initial_for_field(field, name)
            parts.append(f"{label}: {_shown(before)} → {_shown(self.cleaned_data[name])}")
        return "; ".join(parts)


class TokenForm(WriteForm):
    """A write whose target is all in the URL (a button: deactivate, unlink, a new barcode): the
    one-time token only."""


def _shown(value: Any) -> str:
    if value in (None, "", [], ()):
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return ", ".join(str(item) for item in value)
    return str(value)


def apply_blend_errors(
    form: forms.Form,
    fields: dict[str, list[str]],
    message: str,
    aliases: dict[str, str] | None = None,
) -> None:
    """Put Blend's 422 field messages next to the form's fields (`address.zip_code` -> `zip_code`;
    `aliases` renames Blend's names, e.g. a line's `id` -> the form's `product`); a message for a
    field the form does not have, or a refusal without any, goes at the top of the form."""
    if not fields:
        form.add_error(None, message or BLEND_REFUSED)
        return
    for name, messages in fields.items():
        leaf = name.rsplit(".", 1)[-1]
        leaf = (aliases or {}).get(leaf, leaf)
        for text in messages:
            if leaf in form.fields:
                form.add_error(leaf, text)
            else:
                form.add_error(None, f"{name}: {text}")


class StateSelect(forms.Select):
    """The US state select of every address and licence form. Its 53 options, rendered through
    Django's widget templates, cost several ms each time (bench/README.md) and come out the same:
    each (name, value, attrs, options) is rendered once by Django and the HTML reused (a few hundred
    at most; anything beyond renders as usual)."""

    _rendered: ClassVar[dict[tuple, str]] = {}

    def render(self, name: str, value: Any, attrs: dict | None = None, renderer: Any = None) -> str:
        options = tuple(self.choices)
        key = (name, "" if value is None else str(value), _frozen(self.attrs), _frozen(attrs), options)
        html = self._rendered.get(key)
        if html is None:
            html = super().render(name, value, attrs, renderer)
            if renderer is None and len(self._rendered) < 512:
                self._rendered[key] = html
        return html


def _frozen(attrs: dict | None) -> tuple:
    return tuple(sorted((k, str(v)) for k, v in (attrs or {}).items()))
