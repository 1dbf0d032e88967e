from __future__ import annotations

from django import forms

from apps.prescribers.forms import STATE_CHOICES, StateSelect, SupervisorAddForm


def _django_select(name: str, value: str, attrs: dict) -> str:
    return forms.Select(choices=STATE_CHOICES).render(name, value, attrs)


def test_the_state_select_renders_as_djangos_select_does():
    for value in ("", "MA", "Ohio"):
        attrs = {"id": "x-state", "required": True}
        first = StateSelect(choices=STATE_CHOICES).render("state", value, attrs)
        again = StateSelect(choices=STATE_CHOICES).render("state", value, attrs)
        assert first == again == _django_select("state", value, attrs)


def test_the_state_select_keeps_the_chosen_state_and_errors_of_a_bound_form():
    form = SupervisorAddForm({"supervisor_npi": "1", "state": "TX"})
    assert not form.is_valid()
    html = str(form["state"])
    assert '<option value="TX" selected>' in html
    assert html.count("selected") == 1
