"""The task form (people picked by name from the Blend user ids managers recorded) and the form
that records one user's Blend user id."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms

from apps.core.forms import WriteForm
from apps.core.query import SearchField

CATEGORIES = [
    ("T01", "Order"),
    ("T02", "Patient"),
    ("T03", "Prescription"),
    ("T04", "Prescriber"),
    ("T05", "Product"),
    ("T06", "Quality"),
    ("T07", "Shipping"),
    ("T08", "Billing"),
    ("T09", "Other"),
]
ID = r"[A-Za-z0-9_-]{1,64}"


class TaskSearchForm(forms.Form):
    q = SearchField(label="Find tasks")


class LinkedTasksForm(forms.Form):
    q = SearchField()
    order_id = forms.RegexField(regex=ID, required=False)
    patient_id = forms.RegexField(regex=ID, required=False)


class TaskForm(WriteForm):
    name = forms.CharField(max_length=200)
    description = forms.CharField(max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 4}))
    category_code = forms.ChoiceField(label="Category", choices=CATEGORIES)
    assignee = forms.ChoiceField(label="Assignee", required=False)
    watchers = forms.MultipleChoiceField(
        required=False, widget=forms.CheckboxSelectMultiple, help_text="They follow the task at Blend."
    )
    order_id = forms.RegexField(regex=ID, required=False, widget=forms.HiddenInput)
    patient_id = forms.RegexField(regex=ID, required=False, widget=forms.HiddenInput)
    prescription_id = forms.RegexField(
        regex=ID, label="E-prescription id (optional)", required=False, max_length=64
    )

    def __init__(self, *args: Any, people: Sequence[tuple[str, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [("", "Nobody yet"), *people]
        self.fields["watchers"].choices = list(people)
        if not people:
            self.fields["assignee"].help_text = "No one's Blend user id is recorded yet (a manager does it)."

    def for_blend(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "description": data["description"],
            "category_code": data["category_code"],
            "assignee_id": data["assignee"] or None,
            "watcher_ids": list(data["watchers"]),
            "order_id": data["order_id"] or None,
            "patient_id": data["patient_id"] or None,
            "prescription_id": data["prescription_id"] or None,
        }


class BlendUserIdForm(forms.Form):
    user_id = forms.IntegerField(widget=forms.HiddenInput)
    blend_user_id = forms.UUIDField(label="Blend user id", required=False)
