"""The one answer after a write (apps.core.writes.answer): the same toast, swap, redirect, field errors
and timeout reply for every area, whatever page the area says follows."""

from __future__ import annotations

import json

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.cache import SessionStore
from django.http import HttpResponse
from django.test import RequestFactory
from django_htmx.middleware import HtmxDetails

from apps.core import once
from apps.core.forms import FORM_EXPIRED, TokenForm, WriteForm, first_error
from apps.core.writes import Outcome, Refused, answer, send_once

pytestmark = pytest.mark.django_db


class CityForm(WriteForm):
    city = forms.CharField(max_length=20)
    zip_code = forms.CharField(max_length=5)


def _request(*, htmx: bool = False):
    headers = {"HX-Request": "true"} if htmx else {}
    request = RequestFactory().post("/somewhere/", headers=headers)
    request.htmx = HtmxDetails(request)
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def _said(request) -> list[tuple[str, str]]:
    return [(m.level_tag, m.message) for m in get_messages(request)]


def _toast(response: HttpResponse) -> dict:
    return json.loads(response["HX-Trigger"])["toast"]


def _city_form(**data: str) -> CityForm:
    form = CityForm({"token": once.token_new(), "city": "Boston", "zip_code": "02110", **data})
    assert form.is_valid() or data
    return form


DONE = Outcome(value="order 42", message="Order 42 paused.")
TIMED_OUT = Outcome(message="Blend did not answer in time.", level="error", timed_out=True)
REFUSED = Outcome(message="Blend refused: it changed.", level="error")


def test_it_swaps_the_fragment_in_with_a_toast_for_htmx():
    response = answer(_request(htmx=True), DONE, after="/orders/42/", fragment=lambda: HttpResponse("state"))
    assert response.content == b"state"
    assert _toast(response) == {"level": "success", "message": "Order 42 paused."}


def test_it_keeps_an_htmx_page_as_it_is_after_a_timeout():
    rendered = []
    response = answer(
        _request(htmx=True),
        TIMED_OUT,
        after="/orders/42/",
        fragment=lambda: rendered.append(1) or HttpResponse(),
    )
    assert rendered == []  # nothing read from Blend again
    assert response["HX-Reswap"] == "none"
    assert _toast(response) == {"level": "error", "message": "Blend did not answer in time."}


def test_it_redirects_a_plain_form_with_the_message():
    request = _request()
    response = answer(request, DONE, after="/orders/42/", fragment=lambda: HttpResponse("state"))
    assert (response.status_code, response["Location"]) == (302, "/orders/42/")
    assert _said(request) == [("success", "Order 42 paused.")]


def test_it_goes_to_the_page_made_from_blends_answer():
    response = answer(_request(), DONE, after=lambda value: f"/{value.replace(' ', '/')}/")
    assert response["Location"] == "/order/42/"


def test_a_plain_form_goes_back_after_a_timeout_with_the_message():
    request = _request()
    response = answer(request, TIMED_OUT, after="/orders/42/", again=lambda: HttpResponse("form"))
    assert response["Location"] == "/orders/42/"
    assert _said(request) == [("error", "Blend did not answer in time.")]


def test_blends_field_errors_go_next_to_the_fields_of_the_form_shown_again():
    request, form = _request(), _city_form()
    outcome = Outcome(message="Blend refused.", level="error", fields={"address.zip_code": ["Unknown ZIP"]})
    response = answer(request, outcome, form=form, after="/orders/42/", again=lambda: HttpResponse("form"))
    assert response.content == b"form"
    assert form.errors["zip_code"] == ["Unknown ZIP"]
    assert _said(request) == [("error", "Blend refused.")]


def test_aliases_rename_blends_fields():
    form = _city_form()
    outcome = Outcome(message="Blend refused.", level="error", fields={"town": ["Unknown town"]})
    answer(_request(), outcome, form=form, aliases={"town": "city"}, again=lambda: HttpResponse())
    assert form.errors["city"] == ["Unknown town"]


def test_a_refusal_with_nothing_to_correct_goes_to_the_page_as_it_is_now():
    request = _request()
    response = answer(request, REFUSED, form=_city_form(), after="/orders/42/", again=lambda: HttpResponse())
    assert response["Location"] == "/orders/42/"
    assert _said(request) == [("error", "Blend refused: it changed.")]


def test_a_create_that_did_not_happen_shows_its_form_with_the_message_at_the_top():
    request, form = _request(), _city_form()
    response = answer(
        request, TIMED_OUT, form=form, after=lambda p: f"/patients/{p}/", again=lambda: HttpResponse("form")
    )
    assert response.content == b"form"
    assert form.non_field_errors() == ["Blend did not answer in time."]
    assert _said(request) == []


def test_a_record_changed_meanwhile_is_shown_again_by_the_page_which_says_why():
    request = _request()
    outcome = Outcome(message="It changed at Blend.", level="error", current={"id": "42"})
    response = answer(
        request, outcome, form=_city_form(), after="/orders/42/", again=lambda: HttpResponse("now")
    )
    assert response.content == b"now"
    assert _said(request) == []  # the page shows outcome.message next to the record, not twice


def test_an_invalid_form_says_its_first_error_and_shows_the_form_again():
    request = _request()
    form = _city_form(zip_code="123456")
    response = answer(request, Outcome.invalid(form), form=form, again=lambda: HttpResponse("form"))
    assert response.content == b"form"
    assert _said(request) == [("error", "Ensure this value has at most 5 characters (it has 6).")]


def test_nothing_changed_is_said_as_information():
    request = _request()
    answer(request, Outcome.info("Nothing changed, so nothing was sent."), after="/orders/42/")
    assert _said(request) == [("info", "Nothing changed, so nothing was sent.")]


def test_a_plain_answer_needs_a_page_to_go_to():
    with pytest.raises(ValueError, match="after"):
        answer(_request(), DONE, fragment=lambda: HttpResponse())


def test_the_first_error_is_an_out_of_date_token_before_any_field():
    form = CityForm({"token": "made-up", "city": "", "zip_code": "02110"})
    assert not form.is_valid()
    assert first_error(form) == FORM_EXPIRED


def test_the_first_error_follows_the_fields_order():
    form = CityForm({"token": once.token_new(), "city": "", "zip_code": "123456"})
    assert not form.is_valid()
    assert first_error(form) == "This field is required."


def test_the_token_form_takes_only_a_token():
    assert list(TokenForm().fields) == ["token"]
    assert TokenForm({"token": once.token_new()}).is_valid()
    assert not TokenForm({"token": "made-up"}).is_valid()


def test_a_refusal_about_one_field_puts_its_message_there():
    def call():
        raise Refused("That NPI's check digit is wrong.", field="npi")

    outcome = send_once(token=once.token_new(), call=call, verb="create", target="x", done=str)
    assert outcome.fields == {"npi": ["That NPI's check digit is wrong."]}


def test_an_htmx_request_without_a_fragment_is_answered_like_a_plain_form():
    request = _request(htmx=True)
    response = answer(request, DONE, after="/catalog/barcodes/")
    assert response["Location"] == "/catalog/barcodes/"
    assert _said(request) == [("success", "Order 42 paused.")]
