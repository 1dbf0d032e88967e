"""The one write path: a token claimed once, each Blend outcome turned into the user's message, the
token given back when Blend certainly did nothing."""

from __future__ import annotations

import pytest

from apps.blend.errors import (
    BlendConflict,
    BlendNotFound,
    BlendServerError,
    BlendTimeout,
    BlendValidationError,
)
from apps.core import once
from apps.core.writes import Refused, send_once

pytestmark = pytest.mark.django_db


def _send(token, call):
    return send_once(token=token, call=call, verb="pause", target="order 1042", done=lambda v: f"done {v}")


def _raise(exc):
    def call():
        raise exc

    return call


def test_it_sends_and_says_done():
    outcome = _send(once.token_new(), lambda: "ok")
    assert (outcome.ok, outcome.value, outcome.message) == (True, "ok", "done ok")


def test_a_second_send_of_the_same_form_does_not_call_again():
    token, calls = once.token_new(), []
    _send(token, lambda: calls.append(1))
    outcome = _send(token, lambda: calls.append(2))
    assert calls == [1]
    assert outcome.level == "info" and "already sent once" in outcome.message


def test_a_refusal_by_blendadmin_gives_the_token_back():
    token = once.token_new()
    outcome = _send(token, _raise(Refused("Can't pause: it is shipped.", current="the order")))
    assert (outcome.level, outcome.message, outcome.current) == (
        "error",
        "Can't pause: it is shipped.",
        "the order",
    )
    assert once.token_claim(token)


def test_blends_field_errors_come_back_with_the_token_released():
    token = once.token_new()
    error = BlendValidationError("Bad zip", fields={"address.zip_code": ["Unknown ZIP"]}, method="PUT")
    outcome = _send(token, _raise(error))
    assert outcome.fields == {"address.zip_code": ["Unknown ZIP"]}
    assert outcome.message == "Blend refused to pause order 1042: Bad zip"
    assert once.token_claim(token)


def test_blends_conflict_is_explained():
    outcome = _send(once.token_new(), _raise(BlendConflict(method="PUT")))
    assert "changed since this page was shown" in outcome.message


def test_a_write_that_finds_nothing_is_explained():
    outcome = _send(once.token_new(), _raise(BlendNotFound(method="DELETE")))
    assert "no longer there" in outcome.message


def test_a_record_gone_before_the_write_is_the_404_page():
    token = once.token_new()
    with pytest.raises(BlendNotFound):
        _send(token, _raise(BlendNotFound(method="GET")))
    assert once.token_claim(token)


def test_a_timeout_on_the_write_keeps_the_token():
    token = once.token_new()
    outcome = _send(token, _raise(BlendTimeout(method="PUT", request_sent=True)))
    assert outcome.timed_out and "not known whether" in outcome.message
    assert not once.token_claim(token)


@pytest.mark.parametrize(
    "error",
    [BlendTimeout(method="GET"), BlendTimeout(method="PUT", request_sent=False)],
    ids=["the re-check read timed out", "the write never connected"],
)
def test_a_timeout_before_anything_was_sent_gives_the_token_back(error):
    token = once.token_new()
    outcome = _send(token, _raise(error))
    assert outcome.timed_out and "nothing was sent" in outcome.message
    assert once.token_claim(token)


def test_blend_failing_is_raised_for_the_error_page_and_the_token_given_back():
    token = once.token_new()
    with pytest.raises(BlendServerError):
        _send(token, _raise(BlendServerError(method="PUT")))
    assert once.token_claim(token)
