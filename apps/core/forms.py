"""What every write form shares: the one-time token (apps.core.once), and Blend's field errors put
at the form's fields."""

from __future__ import annotations

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


class WriteForm(forms.Form):
    """Base of every form that sends a change to Blend."""

    token = OnceTokenField()


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
