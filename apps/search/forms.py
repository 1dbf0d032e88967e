from __future__ import annotations

from django import forms


class SearchForm(forms.Form):
    q = forms.CharField(
        max_length=200,
        strip=True,
        error_messages={"required": "Type an order number, a name, an email, a phone or an id."},
    )
