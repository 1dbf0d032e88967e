"""The home page: what the user's role starts the day from."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from apps.audit.actor import Actor
from apps.core.htmx import HtmxHttpRequest, is_fragment
from apps.home.selectors import home_page_data
from apps.live.selectors import live_poller

TEMPLATE = "home/home.html"


@require_GET
@vary_on_headers("HX-Request")
def home(request: HtmxHttpRequest) -> HttpResponse:
    """A user without a role gets a welcome page."""
    home = home_page_data(actor=Actor.from_request(request))
    if is_fragment(request):
        return render(request, f"{TEMPLATE}#queue", {"home": home})
    live = live_poller() if home.queue else None  # the queue counts every order: any change
    return render(request, TEMPLATE, {"home": home, "live": live})
