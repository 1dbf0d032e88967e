"""Forms of /settings/notifications/: every field defined once; the event choices are Blend's."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms

from apps.blend.models.notifications import EventType
from apps.core.forms import WriteForm

ALL = "all"


def _event_choices(event_types: Sequence[EventType]) -> list[tuple[str, str]]:
    return [
        (ALL, "Every event"),
        *((event.event_code, event.name or event.event_code) for event in event_types),
    ]


class EventsField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def clean(self, value: Any) -> list[str]:
        codes = super().clean(value)
        return [ALL] if ALL in codes else codes


class _EventsForm(WriteForm):
    event_codes = EventsField(label="Events", error_messages={"required": "Choose at least one event."})

    def __init__(self, *args: Any, event_types: Sequence[EventType] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["event_codes"].choices = _event_choices(event_types)


class WebhookForm(_EventsForm):
    url = forms.URLField(
        label="Receiver URL",
        max_length=500,
        assume_scheme="https",
        help_text="Where Blend posts the events: BlendAdmin's own receiver unless you know better.",
    )
    field_order = ["url", "event_codes"]


class EmailForm(_EventsForm):
    pass


class SampleForm(WriteForm):
    event_code = forms.ChoiceField(label="Event")

    def __init__(self, *args: Any, event_types: Sequence[EventType] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["event_code"].choices = [(e.event_code, e.name or e.event_code) for e in event_types]


class PreviewForm(forms.Form):
    """?event_code=...: the sample payload shown (a read: no token)."""

    event_code = forms.ChoiceField(label="Event")

    def __init__(self, *args: Any, event_types: Sequence[EventType] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["event_code"].choices = [(e.event_code, e.name or e.event_code) for e in event_types]
