"""The team page's forms: every one a WriteForm (its one-time token), so a re-sent form changes
nothing twice."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model

from apps.accounts.roles import ROLES
from apps.core.forms import WriteForm

NO_ROLE = ""
ROLE_CHOICES = [(NO_ROLE, "No role"), *((role, role) for role in ROLES)]


class InviteForm(WriteForm):
    username = forms.CharField(max_length=150, label="Username")
    email = forms.EmailField(max_length=254, label="Email")
    role = forms.ChoiceField(choices=ROLE_CHOICES[1:], label="Role")

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip()
        field = get_user_model()._meta.get_field("username")
        for validator in field.validators:
            validator(username)
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise forms.ValidationError("A user with this username already exists.")
        return username


class RoleForm(WriteForm):
    role = forms.ChoiceField(choices=ROLE_CHOICES, label="Role", required=False)
