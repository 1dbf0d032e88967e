from __future__ import annotations

from django import forms


class AuditFilterForm(forms.Form):
    user = forms.CharField(required=False, max_length=150, label="User")
    action = forms.CharField(
        required=False,
        max_length=100,
        label="Action",
        widget=forms.TextInput(attrs={"list": "audit-actions", "placeholder": "e.g. order.pause"}),
    )
    target_id = forms.CharField(required=False, max_length=100, label="Target id")
    date_from = forms.DateField(required=False, label="From", widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(required=False, label="To", widget=forms.DateInput(attrs={"type": "date"}))

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
