"""The poller's endpoint: 204 when nothing changed (the page does nothing), else the poller again
with the new cursor, and an `orders-changed` event when a change concerns the page (its regions
marked `data-live-url` are read again by static/js/app.js, which also tells screen readers)."""

from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.views.decorators.http import require_GET
from django_htmx.http import trigger_client_event

from apps.core.htmx import HtmxHttpRequest
from apps.live import selectors
from apps.live.forms import ChangesForm
from apps.orders import rules as orders_rules

POLLER = "live/poller.html"


@require_GET
@permission_required(orders_rules.VIEW, raise_exception=True)
def live_changes(request: HtmxHttpRequest) -> HttpResponse:
    form = ChangesForm(request.GET)
    if not form.is_valid():
        return HttpResponseBadRequest("Give since (an ISO 8601 time) and at most 100 orders.")
    answer = selectors.live_changes(**form.cleaned_data)
    if answer.poller is None:
        return HttpResponse(status=204)
    response = render(request, POLLER, {"live": answer.poller})
    if answer.changed:
        trigger_client_event(response, "orders-changed", {"message": answer.message})
    return response
