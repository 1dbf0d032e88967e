"""The one write path to Blend, used by every change any area sends, and its one answer.

`send_once` claims the form's one-time token (apps.core.once), runs the audited service, and turns
each outcome into what the user is told: Blend's answer and the caller's "done" message, or a
refusal (BlendAdmin's own `Refused`, or Blend's 409/422/404) with its message, level and Blend's field
errors. The token is given back whenever Blend certainly did nothing, so the same form may be sent
again; after a timeout on the write itself it stays claimed, because Blend may have acted.

Services keep one rule for this to hold: their reads (the re-check of the record's state) come
before their one write, so a timeout on a GET means the write was never sent.

`answer` turns an outcome (or a form refused before anything was sent: `Outcome.invalid(form)`) into
the response, the same way in every area: the message as a toast (HTMX) or a Django message (shown as
a toast on the next page), the swapped fragment or the redirect, Blend's field errors at the form's
fields, and after a timeout the page left as it is. An area says only which page or fragment follows.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from django import forms
from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.utils.functional import Promise
from django_htmx.http import reswap

from apps.blend.errors import (
    BlendConflict,
    BlendError,
    BlendNotFound,
    BlendTimeout,
    BlendValidationError,
)
from apps.core import once
from apps.core.forms import apply_blend_errors, first_error
from apps.core.htmx import HtmxHttpRequest, add_toast, is_fragment

Level = Literal["success", "error", "info"]

ALREADY_SENT = "That request was already sent once; it was not sent again. The page shows the current state."


class Refused(Exception):
    """BlendAdmin refused a change before sending it: the record's state (as just re-read) or the
    user's rights no longer allow it. `current`: that record, for the page to show; `field`: the form
    field the refusal is about (the message goes next to it)."""

    def __init__(self, message: str, *, current: object = None, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.current = current
        self.field = field


@dataclass(frozen=True)
class Outcome[T]:
    """What became of one write: `value` is Blend's answer when it was accepted."""

    value: T | None = None
    message: str = ""
    level: Level = "success"
    fields: dict[str, list[str]] = field(default_factory=dict)  # Blend's 422 messages by field
    current: object = None  # a refusal's record as just re-read
    timed_out: bool = False  # nothing is known: the page should not wait on Blend again

    @property
    def ok(self) -> bool:
        return self.level == "success"

    @classmethod
    def invalid(cls, form: forms.Form) -> Outcome:
        """A form refused before anything was sent (bad input, an out-of-date token): its first error."""
        return cls(message=first_error(form), level="error")

    @classmethod
    def info(cls, message: str) -> Outcome:
        """Nothing to send (nothing changed): said as information."""
        return cls(message=message, level="info")


def refused_message(verb: str, target: str, detail: str) -> str:
    return f"Blend refused to {verb} {target}: {detail}"


def timed_out_message(verb: str, target: str) -> str:
    return (
        f"Blend did not answer in time, so it is not known whether the request to {verb} {target} "
        "went through. Reload the page to see its state before trying again."
    )


def nothing_sent_message(verb: str, target: str) -> str:
    return f"Blend did not answer in time, so nothing was sent to {verb} {target}. Try again in a moment."


def blend_error_outcome(exc: BlendError, *, verb: str, target: str) -> Outcome | None:
    """What a Blend error means for one write, the same for a form (`send_once`) and a bulk run's
    order: a timeout (`timed_out`: whether the change went through is unknown, unless the write never
    left), a refusal in Blend's words (400 and 422 with their field messages, 409, 404), or None:
    Blend unavailable or failing, which the caller shows as such."""
    if isinstance(exc, BlendTimeout):
        never_sent = exc.method == "GET" or not exc.request_sent  # a re-read, or no connection
        message = nothing_sent_message(verb, target) if never_sent else timed_out_message(verb, target)
        return Outcome(message=message, level="error", timed_out=True)
    if isinstance(exc, BlendValidationError):
        detail = exc.message if exc.message != exc.user_message else "it did not accept the data sent."
        return Outcome(message=refused_message(verb, target, detail), level="error", fields=exc.fields)
    if isinstance(exc, BlendConflict):
        detail = "it changed since this page was shown. The page shows it as it is now."
        return Outcome(message=refused_message(verb, target, detail), level="error")
    if isinstance(exc, BlendNotFound):
        detail = "what was changed is no longer there. The page shows it as it is now."
        if exc.method == "GET":
            detail = "it is no longer there."
        return Outcome(message=refused_message(verb, target, detail), level="error")
    return None


def send_once[T](
    *, token: str, call: Callable[[], T], verb: str, target: str, done: Callable[[T], str]
) -> Outcome[T]:
    """Run `call` (an audited service) at most once for `token`. `verb` and `target` name the change
    in messages ("pause", "order 1042"); `done(value)` is the message once Blend accepted."""
    if not once.token_claim(token):
        return Outcome(message=ALREADY_SENT, level="info")
    try:
        value = call()
    except Refused as exc:
        once.token_release(token)
        fields = {exc.field: [exc.message]} if exc.field else {}
        return Outcome(message=exc.message, level="error", current=exc.current, fields=fields)
    except BlendError as exc:
        outcome = blend_error_outcome(exc, verb=verb, target=target)
        if not (isinstance(exc, BlendTimeout) and exc.method != "GET" and exc.request_sent):
            once.token_release(token)  # only a write that left and got no answer keeps its token
        if outcome is None or (isinstance(exc, BlendNotFound) and exc.method == "GET"):
            raise  # Blend failing: the error page or toast; the record itself gone: the 404 page
        return outcome
    return Outcome(value=value, message=done(value))


_MESSAGE_LEVELS = {"success": messages.SUCCESS, "error": messages.ERROR, "info": messages.INFO}


def answer[T](
    request: HtmxHttpRequest,
    outcome: Outcome[T],
    *,
    after: str | Promise | Callable[[T], str] | None = None,
    fragment: Callable[[], HttpResponse] | None = None,
    again: Callable[[], HttpResponse] | None = None,
    form: forms.Form | None = None,
    aliases: Mapping[str, str] | None = None,
) -> HttpResponse:
    """The response to a write, the same in every area. The area says what follows:

    - `after`: the page a plain (non-HTMX) form goes to once the write is done or refused with
      nothing to correct: a URL, or one made from Blend's answer (a new record's page);
    - `fragment`: for an HTMX request, the part of the page to swap in, as Blend has it now;
    - `again`: for a plain form, the page with the `form` sent shown again: used when there is
      something to correct (errors at its fields), when there is no `after` page (a create that did
      not happen), and after a refusal that re-read the record (`outcome.current`: the page shows it
      as it is now, with `outcome.message`);
    - `form`: the form sent; Blend's field errors go next to its fields (`aliases` renames Blend's
      names), and a refusal with nothing for a field goes at its top when it is shown `again`.

    The message is a toast: in the HX-Trigger header for HTMX, a Django message otherwise (a toast on
    the page that follows). After a timeout nothing is read from Blend again: an HTMX page stays as it
    is, and a plain form goes to `after` (or is shown again) with the message."""
    if form is not None and outcome.fields:
        apply_blend_errors(form, outcome.fields, outcome.message, dict(aliases or {}))
    if is_fragment(request) and outcome.timed_out:  # nothing is known: the page stays as it is
        return reswap(add_toast(HttpResponse(), outcome.message, "error"), "none")
    if is_fragment(request) and fragment is not None:
        return _toast(fragment(), outcome)
    url = after(outcome.value) if callable(after) and outcome.value is not None else after
    url = str(url) if isinstance(url, str | Promise) and url else None  # a reverse_lazy() too
    to_correct = outcome.level == "error" and (
        (form is not None and bool(form.errors)) or outcome.current is not None
    )
    if again is not None and (url is None or to_correct):
        if form is not None and not form.errors and not outcome.ok and outcome.current is None:
            form.add_error(None, outcome.message)  # nothing for a field: at the top of the form
        elif outcome.current is None:  # (with `current`, the page says why next to the record)
            _say(request, outcome)
        return again()
    if url is None:
        raise ValueError("answer() needs `after` or `again` for a plain request")
    _say(request, outcome)
    return HttpResponseRedirect(url)


def _say(request: HtmxHttpRequest, outcome: Outcome) -> None:
    """The message as a toast on the page that follows."""
    if outcome.message:
        messages.add_message(request, _MESSAGE_LEVELS[outcome.level], outcome.message)


def _toast(response: HttpResponse, outcome: Outcome) -> HttpResponse:
    return add_toast(response, outcome.message, outcome.level) if outcome.message else response
