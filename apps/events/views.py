"""Blend's webhook receiver (`POST /webhooks/blend/`, no login: Blend's bearer secret instead) and the
/events/ page: what Blend sent, how processing went, and a replay."""

from __future__ import annotations

import logging

from django.contrib.auth.decorators import login_not_required, permission_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from apps.audit.actor import Actor
from apps.core.exports import csv_response, wants_csv
from apps.core.forms import TokenForm
from apps.core.htmx import HtmxHttpRequest, is_fragment
from apps.core.writes import Outcome, answer, send_once
from apps.events import rules, selectors, services
from apps.events.forms import EventFilterForm
from apps.events.receiver import read_limited
from apps.events.secrets import webhook_secret_matches

logger = logging.getLogger("blendadmin.events")

TEMPLATE = "events/list.html"


@csrf_exempt
@login_not_required
@never_cache
@require_POST
def webhook_blend(request: HttpRequest) -> JsonResponse:
    """Blend's deliveries: checked (bearer secret, size, JSON), stored once, answered at once; the
    event is processed on the queue."""
    if not webhook_secret_matches(request.headers.get("Authorization", "")):
        client = getattr(request, "client_ip", "?")
        logger.warning("Webhook refused: missing or wrong secret (from %s)", client)
        return JsonResponse({"error": "Missing or wrong webhook secret."}, status=401)
    body = read_limited(request)
    if body is None:
        return JsonResponse({"error": "The body is too large."}, status=413)
    try:
        received = services.event_receive(body=body)
    except services.MalformedEvent as exc:
        return JsonResponse({"error": str(exc)}, status=400)
    message = "Webhook received successfully"
    return JsonResponse({"message": message, "duplicate": received.duplicate}, status=200)


def _page(request: HtmxHttpRequest, form: EventFilterForm, *, status: int = 200) -> HttpResponse:
    data = selectors.events_page_data(**form.selector_kwargs()) if form.is_valid() else None
    context = {
        "form": form,
        "data": data,
        "replay_form": TokenForm(auto_id=False),
        "can_replay": request.user.has_perm(rules.REPLAY),
        "can_manage": request.user.has_perm(rules.MANAGE_NOTIFICATIONS),
    }
    template = f"{TEMPLATE}#results" if is_fragment(request) else TEMPLATE
    return render(request, template, context, status=status)


@require_GET
@permission_required(rules.VIEW, raise_exception=True)
@vary_on_headers("HX-Request")
def event_list(request: HtmxHttpRequest) -> HttpResponse:
    form = EventFilterForm(request.GET)
    if wants_csv(request) and form.is_valid():  # every event the filters select, streamed
        return csv_response(selectors.events_export(**form.selector_kwargs()))
    return _page(request, form, status=200 if form.is_valid() or not wants_csv(request) else 400)


@require_POST
@permission_required(rules.REPLAY, raise_exception=True)
def event_replay(request: HtmxHttpRequest, event_id: int) -> HttpResponse:
    form = TokenForm(request.POST)
    filters = EventFilterForm(request.GET)
    back = reverse("events:list") + (f"?{request.GET.urlencode()}" if request.GET else "")
    if not form.is_valid():
        outcome: Outcome = Outcome.invalid(form)
    else:
        outcome = send_once(
            token=form.cleaned_data["token"],
            call=lambda: services.event_replay(actor=Actor.from_request(request), event_id=event_id),
            verb="replay",
            target="this event",
            done=lambda event: f"The {event.event_code} event is queued to be processed again.",
        )
    return answer(request, outcome, after=back, fragment=lambda: _page(request, filters))
