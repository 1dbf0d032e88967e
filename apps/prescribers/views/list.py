"""The prescriber list: search as you type, page and page size, all in the URL."""

from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from apps.core.exports import csv_response, wants_csv
from apps.core.htmx import HtmxHttpRequest, is_fragment
from apps.core.query import SEARCH_MIN_LENGTH
from apps.prescribers import rules, selectors
from apps.prescribers.filters import PrescriberFilterForm
from apps.prescribers.views.common import prescriber_url

LIST = "prescribers/list.html"


@require_GET
@permission_required(rules.VIEW, raise_exception=True)
@vary_on_headers("HX-Request")
def prescriber_list(request: HtmxHttpRequest) -> HttpResponse:
    form = PrescriberFilterForm(request.GET, auto_id="prescriber-%s")
    filters = form.filters()
    if wants_csv(request):  # every prescriber the list selects, streamed
        return csv_response(selectors.prescriber_export(filters=filters))
    found = selectors.prescriber_list_data(filters=filters)
    context = {
        "form": form.applied(),
        "refusal": found.refused,
        "found": found,
        "filters": found.filters,
        "page": found.page,
        # (prescriber, link): "" when Blend sent an id no page URL can carry (shown, not linked)
        "rows": [(p, prescriber_url(p.id)) for p in found.prescribers],
        "search_min_length": SEARCH_MIN_LENGTH,
        "can_edit": request.user.has_perm(rules.EDIT),
    }
    return render(request, f"{LIST}#results" if is_fragment(request) else LIST, context)
