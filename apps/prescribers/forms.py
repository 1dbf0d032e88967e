"""Forms of the prescribers pages: plain Django forms define every field once (templates render
them); every form that sends a change to Blend is a `WriteForm` (one-time token)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from django import forms

from apps.blend.models.orders import Address
from apps.blend.models.prescribers import Credential, Prescriber, Qualification
from apps.core.forms import StateSelect, WriteForm
from apps.core.us_states import state_choices
from apps.prescribers import rules, wording

STATE_CHOICES = state_choices()
ADDRESS_FIELDS = ("address_1", "address_2", "city", "state", "zip_code")
DETAIL_FIELDS = (
    "first_name",
    "middle_name",
    "last_name",
    "npi",
    "credential_npi",
    "email",
    "phone",
    "gender",
    "date_of_birth",
    "dea",
    "spi",
)


def _digits(value: str) -> str:
    return re.sub(r"\D", "", value or "")


class NpiField(forms.CharField):
    """A 10-digit NPI whose check digit is right (spaces and dashes dropped)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", "NPI")
        kwargs.setdefault("max_length", 14)
        kwargs.setdefault("help_text", "10 digits, from the NPI registry.")
        super().__init__(**kwargs)
        self.widget.attrs.update(inputmode="numeric", autocomplete="off")

    def clean(self, value: Any) -> str:
        value = super().clean(value)
        if not value:
            return value
        digits = _digits(value)
        if len(digits) != 10 or re.sub(r"[\s-]", "", value) != digits:
            raise forms.ValidationError(wording.NPI_FORMAT)
        if not rules.npi_is_valid(digits):
            raise forms.ValidationError(wording.NPI_INVALID)
        return digits


class PrescriberForm(WriteForm):
    """A prescriber's details and practice address. With `prescriber` (edit) the form starts from
    their values and `changes()` gives only what differs; without (create) `details()` gives the body."""

    first_name = forms.CharField(max_length=100)
    middle_name = forms.CharField(max_length=100, required=False)
    last_name = forms.CharField(max_length=100)
    npi = NpiField()
    credentials = forms.MultipleChoiceField(
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
        help_text="From Blend's list. Hold Ctrl (⌘ on a Mac) for several.",
    )
    credential_npi = forms.CharField(
        label="Credential text (as in the NPI registry)", max_length=100, required=False
    )
    email = forms.EmailField(max_length=200, required=False)
    phone = forms.CharField(max_length=20, required=False, help_text="10 digits, US.")
    gender = forms.ChoiceField(
        choices=[("", "Not given"), ("Male", "Male"), ("Female", "Female")], required=False
    )
    date_of_birth = forms.DateField(
        required=False, widget=forms.DateInput(attrs={"type": "date"}), help_text="YYYY-MM-DD."
    )
    dea = forms.CharField(label="DEA number", max_length=9, required=False)
    spi = forms.CharField(label="SPI (Surescripts id)", max_length=40, required=False)
    address_1 = forms.CharField(label="Practice street address", max_length=200, required=False)
    address_2 = forms.CharField(label="Suite (optional)", max_length=200, required=False)
    city = forms.CharField(max_length=100, required=False)
    state = forms.ChoiceField(choices=STATE_CHOICES, required=False, widget=StateSelect)
    zip_code = forms.CharField(label="ZIP code", max_length=10, required=False)
    seen_updated_at = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(
        self,
        data: Any = None,
        *,
        credentials: Sequence[Credential] | None,
        prescriber: Prescriber | None = None,
    ) -> None:
        """`credentials`: Blend's list; None when it could not be read, and then the prescriber's
        credentials stay as they are (the field is shown, not changed, and says why)."""
        initial: dict[str, Any] = {}
        if prescriber is not None:
            seen = prescriber.updated_at.isoformat() if prescriber.updated_at else ""
            initial = {**self.initial_for(prescriber), "seen_updated_at": seen}
        super().__init__(data, initial=initial)
        self.prescriber = prescriber
        known = [(c.code, f"{c.code} · {c.name}" if c.name else c.code) for c in credentials or () if c.code]
        held = [c.code for c in prescriber.credentials] if prescriber else []
        known += [(code, code) for code in held if code not in {k for k, _ in known}]
        self.fields["credentials"].choices = known
        if credentials is None:
            self.fields["credentials"].disabled = True
            self.fields["credentials"].help_text = (
                wording.CREDENTIALS_UNAVAILABLE_EDIT if prescriber else wording.CREDENTIALS_UNAVAILABLE_NEW
            )
        address = self.practice_address(prescriber) if prescriber else None
        self.fields["state"].choices = state_choices(address.state if address else "")
        gender = prescriber.gender if prescriber else None
        if gender and gender not in ("Male", "Female"):  # Blend's value as it came, kept unless changed
            self.fields["gender"].choices = [*self.fields["gender"].choices, (gender, gender)]

    @staticmethod
    def practice_address(prescriber: Prescriber) -> Address | None:
        return next((a for a in prescriber.addresses if (a.type or "practice") == "practice"), None)

    @classmethod
    def initial_for(cls, prescriber: Prescriber) -> dict[str, Any]:
        address = cls.practice_address(prescriber)
        values: dict[str, Any] = {name: getattr(prescriber, name) or "" for name in DETAIL_FIELDS}
        values["credentials"] = [c.code for c in prescriber.credentials if c.code]
        values["date_of_birth"] = _date_or_none(prescriber.date_of_birth)
        for name in ADDRESS_FIELDS:
            values[name] = (getattr(address, name) or "") if address else ""
        return values

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"]
        if phone and len(_digits(phone)) != 10:
            raise forms.ValidationError(wording.PHONE_INVALID)
        return _digits(phone)

    def clean_dea(self) -> str:
        dea = self.cleaned_data["dea"].strip().upper()
        if dea and not re.fullmatch(r"[A-Z]{2}\d{7}", dea):
            raise forms.ValidationError(wording.DEA_INVALID)
        return dea

    def clean_zip_code(self) -> str:
        zip_code = self.cleaned_data["zip_code"].strip()
        if zip_code and not re.fullmatch(r"\d{5}(-\d{4})?", zip_code):
            raise forms.ValidationError(wording.ZIP_INVALID)
        return zip_code

    def clean_date_of_birth(self) -> date | None:
        born = self.cleaned_data["date_of_birth"]
        if born and born > date.today():
            raise forms.ValidationError(wording.DATE_FUTURE)
        return born

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        given = [name for name in ("address_1", "city", "state", "zip_code") if data.get(name)]
        if given and len(given) < 4:
            for name in ("address_1", "city", "state", "zip_code"):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, wording.ADDRESS_INCOMPLETE)
        return data

    def _values(self) -> dict[str, Any]:
        data = self.cleaned_data
        values = {name: data[name] for name in DETAIL_FIELDS}
        values["date_of_birth"] = data["date_of_birth"].isoformat() if data["date_of_birth"] else ""
        return values

    def _address(self) -> dict[str, Any] | None:
        data = self.cleaned_data
        if not data["address_1"]:
            return None
        return {**{name: data[name] for name in ADDRESS_FIELDS}, "country": "US", "type": "practice"}

    def details(self) -> dict[str, Any]:
        """The create body: every given field (an empty one is left out)."""
        body: dict[str, Any] = {k: v for k, v in self._values().items() if v and k != "npi"}
        if self.cleaned_data["credentials"]:
            body["credentials"] = [{"credential_code": code} for code in self.cleaned_data["credentials"]]
        if address := self._address():
            body["addresses"] = [address]
        return body

    def changes(self) -> dict[str, Any]:
        """What differs from the prescriber, in Blend's update shape (`None` clears a field)."""
        assert self.prescriber is not None
        before = self.initial_for(self.prescriber)
        before["date_of_birth"] = before["date_of_birth"].isoformat() if before["date_of_birth"] else ""
        changes: dict[str, Any] = {
            name: value or None for name, value in self._values().items() if value != before[name]
        }
        if sorted(self.cleaned_data["credentials"]) != sorted(before["credentials"]):
            changes["credentials"] = [{"credential_code": code} for code in self.cleaned_data["credentials"]]
        if any(self.cleaned_data[name] != before[name] for name in ADDRESS_FIELDS):
            others = [
                a.model_dump(exclude={"id"}, exclude_none=True)
                for a in self.prescriber.addresses
                if a is not self.practice_address(self.prescriber)
            ]
            address = self._address()
            changes["addresses"] = [address, *others] if address else others
        return changes


def _date_or_none(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value or "")
    except ValueError:
        return None


class LicenceForm(WriteForm):
    """A licence to add (state, number, description, expiry)."""

    state = forms.ChoiceField(choices=STATE_CHOICES, widget=StateSelect)
    license_number = forms.CharField(label="Licence number", max_length=50)
    description = forms.CharField(
        max_length=200, required=False, help_text="E.g. Nurse Practitioner, Family."
    )
    expiration_date = forms.DateField(
        label="Expires on", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "licence-new-%s")
        super().__init__(*args, **kwargs)

    def clean_license_number(self) -> str:
        return self.cleaned_data["license_number"].strip()

    def licence(self) -> dict[str, Any]:
        data = self.cleaned_data
        body: dict[str, Any] = {"state": data["state"], "license_number": data["license_number"]}
        if data["description"]:
            body["description"] = data["description"]
        if data["expiration_date"]:
            body["expiration_date"] = data["expiration_date"].isoformat()
        return body


class LicenceUpdateForm(WriteForm):
    """An active licence's number, description and expiry; a new number replaces the licence."""

    license_number = forms.CharField(label="Licence number", max_length=50)
    description = forms.CharField(max_length=200, required=False)
    expiration_date = forms.DateField(
        label="Expires on", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, licence: Qualification | None = None, **kwargs: Any) -> None:
        if licence is not None:
            kwargs.setdefault("auto_id", f"licence-{licence.id}-%s")
            kwargs["initial"] = {
                "license_number": licence.license_number,
                "description": licence.description or "",
                "expiration_date": licence.expires_on,
            }
        super().__init__(*args, **kwargs)
        self.licence = licence

    def clean_license_number(self) -> str:
        return self.cleaned_data["license_number"].strip()

    def changes(self, licence: Qualification) -> dict[str, Any]:
        data = self.cleaned_data
        expires = data["expiration_date"].isoformat() if data["expiration_date"] else None
        changes: dict[str, Any] = {}
        if data["license_number"] != licence.license_number:
            changes["license_number"] = data["license_number"]
        if (data["description"] or None) != (licence.description or None):
            changes["description"] = data["description"] or None
        if expires != (licence.expiration_date or None):
            changes["expiration_date"] = expires
        return changes


class SupervisorAddForm(WriteForm):
    supervisor_npi = NpiField(
        label="Supervisor's NPI", help_text="The supervising prescriber's 10-digit NPI."
    )
    state = forms.ChoiceField(
        choices=STATE_CHOICES, widget=StateSelect, help_text="The supervisor needs an active licence there."
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "supervisor-%s")
        super().__init__(*args, **kwargs)


class SupervisorRemoveForm(WriteForm):
    state = forms.ChoiceField(choices=STATE_CHOICES, widget=forms.HiddenInput)
