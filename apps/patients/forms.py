"""The patient form, for a new patient and for an edit: Blend's fields and rules (required names
and date of birth, email, US phone of 10 digits, state codes, ZIP as text so leading zeros stay, a
date of birth not in the future, a guardian for a patient under 18 with a relationship from Blend's
list). A form with an error sends nothing. An edit sends only what changed.

SSN and driver-licence numbers never reach the page: their inputs start empty (the stored number is
shown masked beside them), are never filled back in, and an empty one keeps the stored number."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from django import forms

from apps.blend.models.patients import GuardianRelationshipType, Patient
from apps.core.forms import StateSelect, WriteForm
from apps.core.people import age_on, digits
from apps.core.us_states import state_choices
from apps.patients import wording

ADULT_AGE = 18
GENDERS = [("", "—"), ("female", "Female"), ("male", "Male")]
ADDRESS_FIELDS = ("address_1", "address_2", "city", "state", "zip_code")
ADDRESS_REQUIRED = ("address_1", "city", "state", "zip_code")
TEXT_FIELDS = (
    "first_name",
    "middle_name",
    "last_name",
    "gender",
    "email",
    "phone",
    "primary_language",
    "driver_license_state",
    "guardian_name",
    "guardian_relationship",
    "guardian_phone",
    "guardian_email",
    "external_id",
)
SECRET_FIELDS = ("ssn", "driver_license_number")
NUMBER_FIELDS = ("height_inches", "weight_pounds")
FLAG_FIELDS = ("is_smoker", "is_diabetic", "is_pregnant", "receive_sms", "receive_email")


class UnfilledTextInput(forms.TextInput):
    """A text input that never puts a value in the page, not even the one just typed."""

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        return super().get_context(name, None, attrs)


class USPhoneField(forms.CharField):
    """A US phone number as Blend takes it: 10 digits (punctuation and a leading 1 dropped)."""

    widget = forms.TextInput(attrs={"type": "tel", "autocomplete": "off", "inputmode": "tel"})

    def to_python(self, value: Any) -> str:
        text = super().to_python(value)
        if not text:
            return ""
        number = digits(text)
        if len(number) == 11 and number.startswith("1"):
            number = number[1:]
        if len(number) != 10 or not re.fullmatch(r"\+?[\d\s().-]+", text):
            raise forms.ValidationError(wording.PHONE_INVALID, code="phone")
        return number


def _with_current(choices: list[tuple[str, str]], current: str) -> list[tuple[str, str]]:
    """`choices`, plus the value Blend holds when it is not one of them (an edit keeps it as it is)."""
    if current and current not in {value for value, _ in choices}:
        return [*choices, (current, current)]
    return choices


def _number_for_blend(value: float | None) -> float | int | None:
    """72.0 -> 72 (Blend's examples send whole numbers as integers)."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


class PatientForm(WriteForm):
    """Blend's patient fields. `patient`: the record being edited (None for a new patient);
    `relationships`: Blend's guardian relationship types."""

    first_name = forms.CharField(max_length=100)
    middle_name = forms.CharField(max_length=100, required=False)
    last_name = forms.CharField(max_length=100)
    date_of_birth = forms.DateField(
        input_formats=["%Y-%m-%d", "%m/%d/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    gender = forms.ChoiceField(choices=GENDERS, required=False)
    email = forms.EmailField(max_length=254, required=False)
    phone = USPhoneField(required=False, max_length=20, help_text="10 digits, e.g. (555) 123-4567")
    primary_language = forms.CharField(
        label="Primary language", max_length=2, required=False, help_text="ISO 639-1 code, e.g. en or es"
    )
    receive_sms = forms.BooleanField(label="Text messages (SMS)", required=False)
    receive_email = forms.BooleanField(label="Email", required=False)

    address_1 = forms.CharField(label="Street address", max_length=200, required=False)
    address_2 = forms.CharField(label="Apartment, suite (optional)", max_length=200, required=False)
    city = forms.CharField(max_length=100, required=False)
    state = forms.ChoiceField(required=False, widget=StateSelect)
    zip_code = forms.CharField(label="ZIP code", max_length=10, required=False)

    ssn = forms.CharField(label="SSN", max_length=11, required=False, widget=UnfilledTextInput)
    driver_license_number = forms.CharField(
        label="Driver licence number", max_length=30, required=False, widget=UnfilledTextInput
    )
    driver_license_state = forms.ChoiceField(label="Driver licence state", required=False, widget=StateSelect)

    guardian_name = forms.CharField(label="Guardian's name", max_length=200, required=False)
    guardian_relationship = forms.ChoiceField(label="Relationship to the patient", required=False)
    guardian_phone = USPhoneField(label="Guardian's phone", required=False, max_length=20)
    guardian_email = forms.EmailField(label="Guardian's email", max_length=254, required=False)

    height_inches = forms.FloatField(label="Height (inches)", min_value=1, max_value=120, required=False)
    weight_pounds = forms.FloatField(label="Weight (pounds)", min_value=1, max_value=1500, required=False)
    is_smoker = forms.BooleanField(label="Smoker", required=False)
    is_diabetic = forms.BooleanField(label="Diabetic", required=False)
    is_pregnant = forms.BooleanField(label="Pregnant", required=False)

    external_id = forms.CharField(
        label="Your patient id (external id)",
        max_length=100,
        required=False,
        help_text="Blend matches incoming prescriptions to the patient by this id.",
    )
    seen_updated_at = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(
        self,
        data: Any = None,
        *,
        patient: Patient | None = None,
        relationships: Sequence[GuardianRelationshipType] | None = (),
    ) -> None:
        initial = self.initial_for(patient) if patient is not None else {}
        super().__init__(data, initial=initial)
        self.patient = patient
        # None: Blend's list (an inferred endpoint) could not be read; the form still works without it
        self.relationships_unread = relationships is None
        relationships = relationships or ()
        self.fields["state"].choices = state_choices(initial.get("state", ""))
        self.fields["driver_license_state"].choices = state_choices(initial.get("driver_license_state", ""))
        self.fields["gender"].choices = _with_current(GENDERS, initial.get("gender", ""))
        relationship_choices = [("", "—"), *((t.code, t.name or t.code) for t in relationships if t.code)]
        self.fields["guardian_relationship"].choices = _with_current(
            relationship_choices, initial.get("guardian_relationship", "")
        )
        if patient is None:
            del self.fields["seen_updated_at"]
            return
        if patient.ssn_masked:
            self.fields["ssn"].help_text = wording.KEEP_SECRET_HELP.format(masked=patient.ssn_masked)
        if patient.driver_license_masked:
            self.fields["driver_license_number"].help_text = wording.KEEP_SECRET_HELP.format(
                masked=patient.driver_license_masked
            )

    @staticmethod
    def initial_for(patient: Patient) -> dict[str, Any]:
        """The form's values for `patient` (never the SSN or driver-licence number)."""
        initial: dict[str, Any] = {name: getattr(patient, name) or "" for name in TEXT_FIELDS}
        initial["gender"] = initial["gender"].lower()
        initial["date_of_birth"] = patient.birth_date
        address = patient.address
        for name in ADDRESS_FIELDS:
            initial[name] = (getattr(address, name) or "") if address else ""
        for name in NUMBER_FIELDS:
            initial[name] = getattr(patient, name)
        for name in FLAG_FIELDS:
            initial[name] = bool(getattr(patient, name))
        initial["seen_updated_at"] = patient.updated_at.isoformat() if patient.updated_at else ""
        return initial

    # --- one field at a time -------------------------------------------------------------------

    def clean_date_of_birth(self) -> date:
        born = self.cleaned_data["date_of_birth"]
        if born > date.today():
            raise forms.ValidationError(wording.BIRTH_IN_FUTURE)
        if born.year < 1900:
            raise forms.ValidationError(wording.BIRTH_TOO_OLD)
        return born

    def clean_primary_language(self) -> str:
        code = self.cleaned_data["primary_language"].strip().lower()
        if code and not re.fullmatch(r"[a-z]{2}", code):
            raise forms.ValidationError(wording.LANGUAGE_INVALID)
        return code

    def clean_zip_code(self) -> str:
        zip_code = self.cleaned_data["zip_code"].strip()
        if zip_code and not re.fullmatch(r"\d{5}(-\d{4})?", zip_code):
            raise forms.ValidationError(wording.ZIP_INVALID)
        return zip_code

    def clean_ssn(self) -> str:
        text = self.cleaned_data["ssn"].strip()
        if text and not re.fullmatch(r"\d{3}-?\d{2}-?\d{4}", text):
            raise forms.ValidationError(wording.SSN_INVALID)
        return digits(text)

    def clean_driver_license_number(self) -> str:
        return "".join(self.cleaned_data["driver_license_number"].split()).upper()

    def clean_external_id(self) -> str:
        external_id = self.cleaned_data["external_id"]
        if not external_id and self.patient is not None and self.patient.external_id:
            raise forms.ValidationError(wording.EXTERNAL_ID_REQUIRED)
        return external_id

    # --- the whole record ----------------------------------------------------------------------

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        born = data.get("date_of_birth")
        if born is not None and age_on(born, date.today()) < ADULT_AGE:
            if "guardian_name" in data and not data["guardian_name"]:
                self.add_error("guardian_name", wording.GUARDIAN_NAME_REQUIRED)
            if "guardian_relationship" in data and not data["guardian_relationship"]:
                self.add_error("guardian_relationship", wording.GUARDIAN_RELATIONSHIP_REQUIRED)
        had_address = self.patient is not None and self.patient.address is not None
        if had_address or any(data.get(name) for name in ADDRESS_FIELDS):
            for name in ADDRESS_REQUIRED:
                if name in data and not data[name]:
                    self.add_error(name, wording.ADDRESS_INCOMPLETE)
        return data

    @property
    def name(self) -> str:
        """The patient's name as entered (for messages)."""
        return " ".join(self.cleaned_data.get(n) or "" for n in ("first_name", "last_name")).strip()

    def _address(self) -> dict[str, str] | None:
        data = self.cleaned_data
        if not any(data[name] for name in ADDRESS_FIELDS):
            return None
        address = self.patient.address if self.patient is not None else None
        country = (address.country if address else None) or "US"
        return {**{name: data[name] for name in ADDRESS_FIELDS}, "country": country}

    def _value(self, name: str) -> Any:
        value = self.cleaned_data[name]
        if name == "date_of_birth":
            return value.isoformat()
        if name in NUMBER_FIELDS:
            return _number_for_blend(value)
        return value

    def fields_for_blend(self) -> dict[str, Any]:
        """A new patient in Blend's shape: every field given (flags always), the address if any."""
        body: dict[str, Any] = {}
        for name in (*TEXT_FIELDS, *SECRET_FIELDS, "date_of_birth", *NUMBER_FIELDS):
            if self.cleaned_data[name] not in ("", None):
                body[name] = self._value(name)
        for name in FLAG_FIELDS:
            body[name] = self.cleaned_data[name]
        if (address := self._address()) is not None:
            body["address"] = address
        return body

    def changes(self) -> dict[str, Any]:
        """What differs from the patient as Blend had them, in Blend's shape: only the changed fields
        (the address whole when any part of it changed; an empty SSN or licence number keeps the
        stored one)."""
        assert self.patient is not None, "changes() is for an edit"
        data, before = self.cleaned_data, self.initial_for(self.patient)
        changes: dict[str, Any] = {}
        for name in (*TEXT_FIELDS, "date_of_birth", *NUMBER_FIELDS, *FLAG_FIELDS):
            if data[name] != before[name]:
                changes[name] = self._value(name)
        for name in SECRET_FIELDS:
            if data[name] and data[name] != (getattr(self.patient, name) or ""):
                changes[name] = data[name]
        if any(data[name] != before[name] for name in ADDRESS_FIELDS):
            changes["address"] = self._address()
        return changes


class RiskFactorTextForm(WriteForm):
    text = forms.CharField(
        label="Add allergies, conditions or medications",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Separate them with commas or semicolons, e.g. penicillin; asthma; levothyroxine. "
        "Blend matches the text to its list of risk factors.",
    )
