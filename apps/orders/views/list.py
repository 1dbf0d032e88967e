"""The order list: search, status filters and page, all in the URL (the search box and the filters
are one form, so they combine)."""

from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from apps.audit.actor import Actor
from apps.core.exports import csv_response, wants_csv
from apps.core.htmx import HtmxHttpRequest, is_fragment
from apps.core.query import SEARCH_MIN_LENGTH
from apps.core.us_states import state_choices
from apps.live.selectors import ListWindow, live_poller
from apps.neworders import rules as neworders_rules
from apps.orders import rules, selectors, wording
from apps.orders.filters import PAGE_SIZES, REQUEST_CHOICES, SORT_CHOICES, OrderFilterForm
from apps.orders.views.common import LIST, list_rows, may_bulk
from apps.savedviews import rules as savedviews_rules
from apps.savedviews.forms import view_query
from apps.savedviews.selectors import order_list_views

NOT_FILTERS = ("page", "format", "part")


def _window(request: HtmxHttpRequest, found: selectors.OrderList) -> ListWindow | None:
    """The first page, newest first, hears of new orders its filters select (apps.live): those
    created at or after its oldest row when the page is full, any when it has room left."""
    filters = found.filters
    if filters.searching or filters.page != 1 or filters.sort not in ("", "-created"):
        return None
    query = request.GET.copy()
    for name in NOT_FILTERS:
        query.pop(name, None)
    full = found.page is not None and found.page.total_count > len(found.orders)
    oldest = min((o.created_at for o in found.orders if o.created_at), default=None)
    return ListWindow(query.urlencode(), oldest if full else None)


@require_GET
@permission_required(rules.VIEW, raise_exception=True)
@vary_on_headers("HX-Request")
def order_list(request: HtmxHttpRequest) -> HttpResponse:
    filters = OrderFilterForm(request.GET).filters()
    if wants_csv(request):  # every order the filters select, streamed
        return csv_response(selectors.order_export(actor=Actor.from_request(request), filters=filters))
    found = selectors.order_list_data(actor=Actor.from_request(request), filters=filters)
    filters = found.filters
    ignored = ", ".join(found.ignored_statuses)
    context = {
        "filters": filters,
        "found": found,
        "page": found.page,
        "rows": list_rows(request, found.orders, found.stuck),
        "status_names": found.status_names,
        "bulk": may_bulk(rules.request_permissions(request)),
        "product_choices": selectors.product_choices(),
        "state_choices": state_choices(),
        "request_choices": REQUEST_CHOICES,
        "sort_choices": [("", "Newest first"), *SORT_CHOICES[1:]],
        "bulk_actions": rules.bulk_actions(rules.request_permissions(request)),
        "bulk_query": request.GET.urlencode(),
        "default_page_size": PAGE_SIZES[0],
        "can_order": request.user.has_perm(neworders_rules.CREATE),
        "notice": wording.UNKNOWN_STATUS_FILTER.format(statuses=ignored) if ignored else "",
        "too_short": wording.SEARCH_TOO_SHORT.format(minimum=SEARCH_MIN_LENGTH) if filters.too_short else "",
        "refusal": found.refused,
        "live": live_poller(
            order_ids=[o.id for o in found.orders], statuses=filters.statuses, window=_window(request, found)
        ),
        "may_save_view": request.user.has_perm(savedviews_rules.SAVE),
    }
    if context["may_save_view"] and not is_fragment(request):  # the views bar is outside the results
        context["saved_views"] = order_list_views(user=request.user)
        context["current_query"] = view_query(filters)
    return render(request, f"{LIST}#results" if is_fragment(request) else LIST, context)
