"""The saved views' forms: each a WriteForm (its one-time token), like every other write."""

from __future__ import annotations

from dataclasses import replace

from django import forms
from django.http import QueryDict

from apps.accounts.roles import ROLES
from apps.core.forms import WriteForm
from apps.orderindex.selectors import DEFAULT_SORT
from apps.orders.filters import OrderFilterForm, OrderFilters, filters_query
from apps.savedviews.models import NAME_MAX, QUERY_MAX

PRIVATE = ""
NAME_REQUIRED = "Give the view a name."
NAME_TOO_LONG = f"A view's name is at most {NAME_MAX} characters."


def share_choices(roles: list[str]) -> list[tuple[str, str]]:
    return [(PRIVATE, "Only me"), *((role, f"Everyone in {role}") for role in roles)]


def view_query(filters: OrderFilters) -> str:
    """What a view keeps of the list's filters: no search words, no page, the default order unsaid."""
    return filters_query(replace(filters, sort="") if filters.sort == DEFAULT_SORT else filters)


def canonical_query(query: str) -> str:
    """The list's filters of the query string `query`, as a view keeps them."""
    return view_query(OrderFilterForm(QueryDict(query)).filters())


class SavedViewForm(WriteForm):
    """A view's name and who sees it; `roles`: the roles the user may share with."""

    name = forms.CharField(
        label="Name",
        max_length=NAME_MAX,
        error_messages={"required": NAME_REQUIRED, "max_length": NAME_TOO_LONG},
    )
    shared_with = forms.ChoiceField(label="Who sees it", required=False, choices=share_choices(list(ROLES)))

    def __init__(self, *args, roles: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["shared_with"].choices = share_choices(roles)

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(NAME_REQUIRED, code="required")
        return name


class SavedViewCreateForm(SavedViewForm):
    """A new view of the list's current filters (`query`: the list's query string)."""

    query = forms.CharField(widget=forms.HiddenInput, required=False, max_length=QUERY_MAX)

    def clean_query(self) -> str:
        return canonical_query(self.cleaned_data["query"])


class RoleQueueForm(WriteForm):
    """Each role's default queue: one of the views shared with that role, or none."""

    role = forms.ChoiceField(label="Role", choices=[(role, role) for role in ROLES], widget=forms.HiddenInput)
    view = forms.TypedChoiceField(label="Default queue", coerce=int, required=False, empty_value=None)

    def __init__(self, *args, choices: list[tuple[int, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["view"].choices = [("", "None"), *choices]
