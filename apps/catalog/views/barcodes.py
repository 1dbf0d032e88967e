"""Barcodes: verify a scanned code (the scan field keeps focus; a USB scanner types the code and
Enter), and a product's or lot's barcodes, printable, with a button for managers to make a new one."""

from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from apps.audit.actor import Actor
from apps.catalog import selectors, services, wording
from apps.catalog.forms import VerifyForm
from apps.catalog.rules import VIEW, may_edit
from apps.core.forms import TokenForm
from apps.core.htmx import HtmxHttpRequest, is_fragment
from apps.core.writes import Outcome, answer, send_once

VERIFY = "catalog/verify.html"
SHEET = "catalog/barcodes.html"
SHEET_TYPES = (*selectors.BARCODE_TYPES.values(), "inventory")


@require_http_methods(["GET", "POST"])
@permission_required(VIEW, raise_exception=True)
def barcode_verify(request: HtmxHttpRequest) -> HttpResponse:
    """Verifying changes nothing at Blend (Blend's verify is a POST, but only reads)."""
    form = VerifyForm(request.POST if request.method == "POST" else None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = selectors.barcode_verification(value=form.cleaned_data["code"])
    context = {"form": VerifyForm(), "bad": form if form.errors else None, "result": result}
    return render(request, f"{VERIFY}#result" if is_fragment(request) else VERIFY, context)


@require_http_methods(["GET", "POST"])
@permission_required(VIEW, raise_exception=True)
def barcode_sheet(request: HtmxHttpRequest, entity_type: str, entity_id: str) -> HttpResponse:
    if entity_type not in SHEET_TYPES:
        raise Http404("No barcodes for this kind of record")
    url = reverse("catalog:barcodes", args=[entity_type, entity_id])
    if request.method == "POST":
        if not may_edit(request.user):  # making a barcode is a manager's change
            raise PermissionDenied
        form = TokenForm(request.POST)
        if not form.is_valid():
            return answer(request, Outcome.invalid(form), after=url)
        outcome = send_once(
            token=form.cleaned_data["token"],
            call=lambda: services.barcode_create(
                actor=Actor.from_request(request), entity_type=entity_type, entity_id=entity_id
            ),
            verb="make",
            target="a barcode",
            done=lambda barcode: wording.barcode_made(barcode.barcode_value),
        )
        return answer(request, outcome, after=url)
    sheet = selectors.barcode_sheet_data(entity_type=entity_type, entity_id=entity_id)
    context = {"sheet": sheet, "form": TokenForm() if may_edit(request.user) else None}
    return render(request, SHEET, context)
