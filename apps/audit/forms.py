from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator

from apps.audit.wording import action_words, area_words
from apps.core.people import date_us

# The filter covers whole days in the local time zone: a day at the edge of what Python's dates hold
# (9999-12-31, 0001-01-01) has no next day or no UTC start, so such dates are refused at the field.
EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(9998, 12, 31)
DATE_RANGE_MESSAGE = f"Enter a date between {date_us(EARLIEST)} and {date_us(LATEST)}."
DATE_VALIDATORS = [
    MinValueValidator(EARLIEST, message=DATE_RANGE_MESSAGE),
    MaxValueValidator(LATEST, message=DATE_RANGE_MESSAGE),
]


class AuditFilterForm(forms.Form):
    """The audit log's filters. `actions`: the actions recorded so far; the Action select offers
    each of them and, per area, every action of that area ("order." matches order.pause, ...)."""

    user = forms.CharField(required=False, max_length=150, label="User")
    action = forms.ChoiceField(required=False, label="Action")
    target_id = forms.CharField(required=False, max_length=100, label="Target id")
    date_from = forms.DateField(
        required=False,
        label="From",
        validators=DATE_VALIDATORS,
        widget=forms.DateInput(attrs={"type": "date", "min": f"{EARLIEST}", "max": f"{LATEST}"}),
    )
    date_to = forms.DateField(
        required=False,
        label="To",
        validators=DATE_VALIDATORS,
        widget=forms.DateInput(attrs={"type": "date", "min": f"{EARLIEST}", "max": f"{LATEST}"}),
    )

    def __init__(self, *args: Any, actions: Sequence[str] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        areas = sorted({name.split(".", 1)[0] for name in actions if "." in name})
        self.fields["action"].choices = [
            ("", "Any action"),
            ("Every action of an area", [(f"{area}.", area_words(area)) for area in areas]),
            ("One action", sorted(((name, action_words(name)) for name in actions), key=lambda c: c[1])),
        ]

    def clean(self) -> dict:
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_from > date_to:
            self.add_error("date_to", "Must be on or after the From date.")
        return cleaned

    def selector_kwargs(self) -> dict:
        """The cleaned filters as keyword arguments of `audit_entry_list`."""
        data = self.cleaned_data
        return {
            "username": data["user"],
            "action": data["action"],
            "target_id": data["target_id"],
            "date_from": data["date_from"],
            "date_to": data["date_to"],
        }
