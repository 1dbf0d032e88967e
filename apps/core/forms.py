"""What every write form shares: the one-time token (apps.core.once)."""

from __future__ import annotations

from django import forms

from apps.core import once

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
