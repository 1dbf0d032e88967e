"""One order on one screen; `order_id` may be its UUID, its order number or its external id."""

from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from apps.audit.actor import Actor
from apps.core.frames import PageFrame
from apps.core.htmx import HtmxHttpRequest
from apps.orders import rules, selectors
from apps.orders.views.common import DETAIL, is_fragment, render_page, render_state


@require_GET
@permission_required(rules.VIEW, raise_exception=True)
@vary_on_headers("HX-Request")
def order_detail(request: HtmxHttpRequest, order_id: str) -> HttpResponse:
    actor = Actor.from_request(request)
    if is_fragment(request):  # "Refresh": the parts that change
        return render_state(request, selectors.order_record(actor=actor, order_id=order_id))
    reads = selectors.order_reads_start(order_id=order_id)  # the frame renders while Blend answers
    frame = PageFrame.render(request, DETAIL)
    detail = selectors.order_record(actor=actor, order_id=order_id, reads=reads)
    return render_page(request, detail, frame=frame)
