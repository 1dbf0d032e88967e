"""One patient's record: identity, contact, guardian, health, risk factors and every order (paged;
an HTMX request for another page gets the orders section only)."""

from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from apps.audit.actor import Actor
from apps.core.htmx import HtmxHttpRequest, is_fragment
from apps.patients import selectors
from apps.patients.filters import PatientOrdersPageForm
from apps.patients.rules import VIEW
from apps.patients.views.common import DETAIL, orders_context, page_context


@require_GET
@permission_required(VIEW, raise_exception=True)
@vary_on_headers("HX-Request")
def patient_detail(request: HtmxHttpRequest, patient_id: str) -> HttpResponse:
    orders_page = PatientOrdersPageForm(request.GET).page()
    actor = Actor.from_request(request)
    if is_fragment(request):  # another page of the orders
        orders = selectors.patient_orders_data(actor=actor, patient_id=patient_id, page=orders_page)
        return render(request, f"{DETAIL}#orders", orders_context(request, orders))
    page = selectors.patient_page_data(actor=actor, patient_id=patient_id, orders_page=orders_page)
    return render(request, DETAIL, page_context(request, page))
