"""The global search box's results page."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from apps.audit.actor import Actor
from apps.core.htmx import HtmxHttpRequest, is_fragment
from apps.search.forms import SearchForm
from apps.search.selectors import may_search, search_everything

TEMPLATE = "search/results.html"


@require_GET
@vary_on_headers("HX-Request")
def search_results(request: HtmxHttpRequest) -> HttpResponse:
    # Not @permission_required: searching needs any one of the permissions of the kinds it shows.
    if not may_search(request.user):
        raise PermissionDenied
    form = SearchForm(request.GET)
    q = form.cleaned_data["q"] if form.is_valid() else ""
    found = search_everything(actor=Actor.from_request(request), q=q) if q else None
    context = {
        "form": form,
        "q": q,
        "groups": found.groups if found else [],
        "maybe_more": found.maybe_more if found else False,
        "limit": found.limit if found else 0,
        "status_names": found.status_names if found else {},
        "refused": found.refused if found else "",
    }
    return render(request, f"{TEMPLATE}#results" if is_fragment(request) else TEMPLATE, context)
