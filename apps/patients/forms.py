from __future__ import annotations

from django import forms


class PatientSearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=200, strip=True)
    page = forms.IntegerField(required=False, min_value=1, max_value=10_000)

    def values(self) -> tuple[str, int]:
        if not self.is_valid():
            return "", 1
        return self.cleaned_data["q"] or "", self.cleaned_data["page"] or 1
