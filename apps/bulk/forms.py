"""The bulk action forms: the selection sent from the order list, and the confirmation of a dry run."""

from __future__ import annotations

import re
from typing import Any

from django import forms

from apps.core.forms import WriteForm
from apps.orders import rules

ORDER_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")  # what the order URLs accept as an id
NOTHING_SELECTED = "Tick at least one order, or choose every order matching the filters."
SCOPES = [("selected", "The orders ticked"), ("filters", "Every order matching the filters")]


class OrderIdsField(forms.Field):
    widget = forms.MultipleHiddenInput

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(required=False, **kwargs)

    def to_python(self, value: Any) -> list[str]:
        ids = [str(v).strip() for v in value or () if str(v).strip()]
        bad = [i for i in ids if not ORDER_ID.match(i)]
        if bad:
            raise forms.ValidationError("That is not an order id.", code="invalid")
        return list(dict.fromkeys(ids))


class BulkSelectForm(forms.Form):
    """Which action, on which orders: those ticked (`order`, repeated) or every order the list's
    filters (`filters`, the list's query string) select."""

    action = forms.ChoiceField(label="Action")
    order = OrderIdsField()
    scope = forms.ChoiceField(choices=SCOPES, required=False)
    filters = forms.CharField(required=False, max_length=2000)

    def __init__(self, *args: Any, actions: list[rules.OrderAction], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", "Choose an action")] + [
            (a.name, a.verb.capitalize()) for a in actions
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("scope", "selected") != "filters" and not cleaned.get("order"):
            raise forms.ValidationError(
                "Tick at least one order, or choose every order matching the filters."
            )
        return cleaned


class BulkConfirmForm(WriteForm):
    """The confirmation of a dry run, with the comments or reason Blend takes for the action."""

    text = forms.CharField(label="Comments for Blend (optional)", required=False, max_length=1000,
                           widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip

    def __init__(self, *args: Any, action: rules.OrderAction, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not action.field:
            del self.fields["text"]
        elif action.field_required:
            self.fields["text"].required = True
            self.fields["text"].label = "Reason for Blend"
