"""What the catalog views share: permissions, the answer after a plain form, and after a timeout."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django_htmx.http import reswap

from apps.catalog.rules import EDIT
from apps.core.htmx import HtmxHttpRequest, add_toast, is_fragment
from apps.core.writes import Outcome

MESSAGE_LEVELS = {"success": messages.SUCCESS, "error": messages.ERROR, "info": messages.INFO}


def may_edit(request: HtmxHttpRequest) -> bool:
    return request.user.has_perm(EDIT)


def redirect_with(
    request: HtmxHttpRequest, url: str, message: str = "", level: str = "success"
) -> HttpResponse:
    """After a plain form: to `url`, the message shown there as a toast."""
    if message:
        messages.add_message(request, MESSAGE_LEVELS[level], message)
    return HttpResponseRedirect(url)


def answer_timeout(request: HtmxHttpRequest, url: str, outcome: Outcome) -> HttpResponse:
    """Blend did not answer a write in time: say so without waiting on Blend again."""
    if is_fragment(request):
        return reswap(add_toast(HttpResponse(status=200), outcome.message, "error"), "none")
    return redirect_with(request, url, outcome.message, "error")
