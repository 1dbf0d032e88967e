"""The order list (filters and page in the URL) and the search that replaces it while a query is typed."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import push_url

from apps.blend.concurrency import fetch_in_background
from apps.core.htmx import HtmxHttpRequest
from apps.orders import rules, selectors, wording
from apps.orders.forms import SEARCH_MIN_LENGTH, OrderFilters, OrderSearchForm
from apps.orders.views.common import LIST, is_fragment, list_rows


def _list_context(request: HtmxHttpRequest, query: QueryDict) -> dict[str, Any]:
    """The list's context. Blend's page is read in the background: the layout and the filters
    render while Blend answers, and the results wait for it."""
    names = selectors.order_status_names()
    choices = selectors.status_choices(names)
    filters = OrderFilters.from_query(query, known_statuses={slug for slug, _ in choices})
    page = fetch_in_background(lambda: selectors.order_list(**filters.for_blend()))
    ignored = ", ".join(filters.ignored_statuses)
    return {
        "status_choices": choices,
        "filters": filters,
        "page": page,
        "rows": SimpleLazyObject(lambda: list_rows(request, page.items, names)),
        "notice": wording.UNKNOWN_STATUS_FILTER.format(statuses=ignored) if ignored else "",
    }


def _page(request: HtmxHttpRequest, context: dict[str, Any]) -> HttpResponse:
    return render(request, f"{LIST}#results" if is_fragment(request) else LIST, context)


@require_GET
@permission_required(rules.VIEW, raise_exception=True)
@vary_on_headers("HX-Request")
def order_list(request: HtmxHttpRequest) -> HttpResponse:
    return _page(request, _list_context(request, request.GET))


@require_GET
@permission_required(rules.VIEW, raise_exception=True)
@vary_on_headers("HX-Request")
def order_search(request: HtmxHttpRequest) -> HttpResponse:
    form = OrderSearchForm(request.GET)
    q = form.cleaned_data["q"] if form.is_valid() else ""
    if not q:  # an emptied search box shows the list again
        if not is_fragment(request):
            return HttpResponseRedirect(reverse("orders:list"))
        return push_url(_page(request, _list_context(request, QueryDict())), reverse("orders:list"))
    context: dict[str, Any] = {"search": True, "q": q, "rows": [], "message": ""}
    names: dict[str, str] = {}
    if len(q) < SEARCH_MIN_LENGTH:
        context["message"] = wording.SEARCH_TOO_SHORT.format(minimum=SEARCH_MIN_LENGTH)
    else:
        found = selectors.order_search(q=q)
        context["rows"] = list_rows(request, found.results, found.status_names)
        context["message"] = "" if found.results else wording.SEARCH_NO_RESULTS.format(q=q)
        names = found.status_names
    if not is_fragment(request):
        names = names or selectors.order_status_names()
        context["status_choices"] = selectors.status_choices(names)
    return _page(request, context)
