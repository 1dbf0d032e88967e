from __future__ import annotations

import json

import pytest
from django.http import HttpResponse
from django_htmx.http import trigger_client_event

from apps.core.htmx import add_toast


def test_it_adds_a_toast_event():
    response = add_toast(HttpResponse(), "Order 42 paused.")
    assert json.loads(response["HX-Trigger"]) == {
        "toast": {"level": "success", "message": "Order 42 paused."}
    }


def test_it_keeps_other_events():
    response = add_toast(trigger_client_event(HttpResponse(), "orderChanged"), "Saved", level="info")
    assert json.loads(response["HX-Trigger"]) == {
        "orderChanged": {},
        "toast": {"level": "info", "message": "Saved"},
    }


def test_it_rejects_an_unknown_level():
    with pytest.raises(ValueError, match="level"):
        add_toast(HttpResponse(), "Hmm", level="panic")
