"""One order on one screen; `order_id` may be its UUID, its order number or its external id."""

from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from apps.audit.actor import Actor
from apps.core.htmx import HtmxHttpRequest, is_fragment
from apps.live.selectors import live_poller
from apps.orders import rules, selectors
from apps.orders.views.common import DETAIL, page_context, render_state

LIVE_PARTS = ("state", "cards")  # the regions of the page that update themselves


@require_GET
@permission_required(rules.VIEW, raise_exception=True)
@vary_on_headers("HX-Request")
def order_detail(request: HtmxHttpRequest, order_id: str) -> HttpResponse:
    page = selectors.order_page_data(actor=Actor.from_request(request), order_id=order_id)
    part = request.GET.get("part")
    if is_fragment(request) and part in LIVE_PARTS:  # read again when the order changed (apps/live)
        return render(request, f"{DETAIL}#{part}", page_context(request, page))
    if is_fragment(request):  # "Refresh": the parts that change
        return render_state(request, page)
    context = page_context(request, page)
    context["live"] = live_poller(order_ids=[page.order.id])
    return render(request, DETAIL, context)
