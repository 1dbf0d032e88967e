"""The one write path to Blend, used by every change any area sends.

`send_once` claims the form's one-time token (apps.core.once), runs the audited service, and turns
each outcome into what the user is told: Blend's answer and the caller's "done" message, or a
refusal (BlendAdmin's own `Refused`, or Blend's 409/422/404) with its message, level and Blend's field
errors. The token is given back whenever Blend certainly did nothing, so the same form may be sent
again; after a timeout on the write itself it stays claimed, because Blend may have acted.

Services keep one rule for this to hold: their reads (the re-check of the record's state) come
before their one write, so a timeout on a GET means the write was never sent.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from apps.blend.errors import (
    BlendConflict,
    BlendError,
    BlendNotFound,
    BlendTimeout,
    BlendValidationError,
)
from apps.core import once

Level = Literal["success", "error", "info"]

ALREADY_SENT = "That request was already sent once; it was not sent again. The page shows the current state."


class Refused(Exception):
    """BlendAdmin refused a change before sending it: the record's state (as just re-read) or the
    user's rights no longer allow it. `current`: that record, for the page to show."""

    def __init__(self, message: str, *, current: object = None) -> None:
        super().__init__(message)
        self.message = message
        self.current = current


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


def refused_message(verb: str, target: str, detail: str) -> str:
    return f"Blend refused to {verb} {target}: {detail}"


def timed_out_message(verb: str, target: str) -> str:
    return (
        f"Blend did not answer in time, so it is not known whether the request to {verb} {target} "
        "went through. Reload the page to see its state before trying again."
    )


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
        return Outcome(message=exc.message, level="error", current=exc.current)
    except BlendTimeout as exc:
        if exc.method == "GET" or not exc.request_sent:  # the write itself never left
            once.token_release(token)
        return Outcome(message=timed_out_message(verb, target), level="error", timed_out=True)
    except BlendValidationError as exc:
        once.token_release(token)
        detail = exc.message if exc.message != exc.user_message else "it did not accept the data sent."
        return Outcome(message=refused_message(verb, target, detail), level="error", fields=exc.fields)
    except BlendConflict:
        once.token_release(token)
        detail = "it changed since this page was shown. The page shows it as it is now."
        return Outcome(message=refused_message(verb, target, detail), level="error")
    except BlendNotFound as exc:
        once.token_release(token)
        if exc.method == "GET":  # the record itself is gone: the 404 page
            raise
        detail = "what was changed is no longer there. The page shows it as it is now."
        return Outcome(message=refused_message(verb, target, detail), level="error")
    except BlendError:  # Blend unavailable or failing: the error page or toast says so
        once.token_release(token)
        raise
    return Outcome(value=value, message=done(value))
