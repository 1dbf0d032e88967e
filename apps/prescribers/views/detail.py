"""One prescriber on one screen: details, licences per state, supervision, and what Blend can say
about their orders."""

from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from apps.core.htmx import HtmxHttpRequest, is_fragment
from apps.prescribers import rules, selectors
from apps.prescribers.views.common import DETAIL, page_context


@require_GET
@permission_required(rules.VIEW, raise_exception=True)
@vary_on_headers("HX-Request")
def prescriber_detail(request: HtmxHttpRequest, prescriber_id: str) -> HttpResponse:
    page = selectors.prescriber_page_data(prescriber_id=prescriber_id)
    template = f"{DETAIL}#sections" if is_fragment(request) else DETAIL  # "Refresh": the parts that change
    return render(request, template, page_context(request, page))
