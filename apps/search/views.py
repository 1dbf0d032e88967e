"""The global search box's results page."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from apps.core.htmx import HtmxHttpRequest, is_fragment
from apps.search.forms import SearchForm
from apps.search.selectors import search_everything

TEMPLATE = "search/results.html"


@require_GET
@vary_on_headers("HX-Request")
def search_results(request: HtmxHttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    groups = search_everything(q=form.cleaned_data["q"], user=request.user) if form.is_valid() else []
    context = {"form": form, "q": form.cleaned_data.get("q", "") if form.is_valid() else "", "groups": groups}
    return render(request, f"{TEMPLATE}#results" if is_fragment(request) else TEMPLATE, context)
