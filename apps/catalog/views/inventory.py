"""Inventory: every lot with its flags (expired, expiring, low stock), one lot's page, and for
managers adjusting a lot's quantity (never below zero, audited with before and after), creating
lots and linking a lot to products."""

from __future__ import annotations

from functools import partial

from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from apps.audit.actor import Actor
from apps.blend.models.inventory import Lot
from apps.catalog import selectors, services, wording
from apps.catalog.forms import AdjustForm, AssociationForm, InventoryFilterForm, LotForm
from apps.catalog.rules import EDIT, VIEW, may_edit
from apps.core.exports import csv_response, wants_csv
from apps.core.forms import TokenForm
from apps.core.htmx import HtmxHttpRequest, is_fragment
from apps.core.writes import Outcome, answer, send_once

LIST = "catalog/inventory.html"
LOT = "catalog/lot.html"
LOT_CREATE = "catalog/lot_create.html"


@require_GET
@permission_required(VIEW, raise_exception=True)
@vary_on_headers("HX-Request")
def inventory_list(request: HtmxHttpRequest) -> HttpResponse:
    show = InventoryFilterForm(request.GET).value()
    if wants_csv(request):  # the lots the filter selects
        return csv_response(selectors.inventory_export(show=show))
    page = selectors.inventory_page_data(show=show)
    context = {"page": page, "filters": wording.LOT_FILTERS, "can_edit": may_edit(request.user)}
    return render(request, f"{LIST}#lots" if is_fragment(request) else LIST, context)


def _lot_context(
    request: HtmxHttpRequest,
    page: selectors.LotPage,
    *,
    adjust: AdjustForm | None = None,
    link: AssociationForm | None = None,
) -> dict[str, object]:
    """The lot page's context; the forms only for users who may edit."""
    editable = may_edit(request.user)
    held = page.lot.current_quantity or 0
    return {
        "page": page,
        "lot": page.lot,
        "row": page.row,
        "can_edit": editable,
        "history_note": wording.LOT_HISTORY_NOTE,
        "adjust_form": (adjust or AdjustForm(held=held)) if editable else None,
        "link_form": (
            (link or AssociationForm(products=page.products)) if editable and page.catalog_read else None
        ),
        # each link its own unlink form (own one-time token)
        "links": [
            (kind, link, TokenForm(auto_id=False) if editable else None)
            for kind, items in (page.lot.associations.by_kind() if page.lot.associations else [])
            for link in items
        ],
    }


@require_GET
@permission_required(VIEW, raise_exception=True)
def lot_detail(request: HtmxHttpRequest, lot_id: str) -> HttpResponse:
    page = selectors.lot_page_data(lot_id=lot_id)
    return render(request, LOT, _lot_context(request, page))


def _lot(
    request: HtmxHttpRequest,
    lot_id: str,
    *,
    adjust: AdjustForm | None = None,
    link: AssociationForm | None = None,
) -> HttpResponse:
    """The lot as Blend has it now: its page, or for HTMX its state section; a form with errors open
    again."""
    page = selectors.lot_page_data(lot_id=lot_id)
    adjust, link = (form if form is not None and form.errors else None for form in (adjust, link))
    context = _lot_context(request, page, adjust=adjust, link=link)
    return render(request, f"{LOT}#state" if is_fragment(request) else LOT, context)


@require_POST
@permission_required([VIEW, EDIT], raise_exception=True)
def lot_adjust(request: HtmxHttpRequest, lot_id: str) -> HttpResponse:
    lot: Lot = selectors.lot_get(lot_id=lot_id)
    form = AdjustForm(request.POST, held=lot.current_quantity or 0)
    after, shown = reverse("catalog:lot", args=[lot_id]), partial(_lot, request, lot_id, adjust=form)
    if not form.is_valid():  # bad input or below zero: nothing sent, the message at the field
        return answer(request, Outcome.invalid(form), form=form, after=after, fragment=shown, again=shown)
    outcome = send_once(
        token=form.cleaned_data["token"],
        call=lambda: services.inventory_adjust(
            actor=Actor.from_request(request),
            lot_id=lot_id,
            change=form.cleaned_data["change"],
            reason=form.reason_label,
            note=form.cleaned_data["note"],
        ),
        verb="adjust",
        target=f"lot {lot.batch_number or lot_id}",
        done=lambda result: wording.lot_adjusted(lot.batch_number or lot_id, result.before, result.after),
    )
    return answer(
        request,
        outcome,
        form=form,
        aliases={"additional_quantity": "change"},
        after=after,
        fragment=shown,
        again=shown,
    )


@require_POST
@permission_required([VIEW, EDIT], raise_exception=True)
def lot_associate(request: HtmxHttpRequest, lot_id: str) -> HttpResponse:
    page = selectors.lot_page_data(lot_id=lot_id)
    products = page.products if page.catalog_read else selectors.catalog_by_kind()  # needed to check it
    form = AssociationForm(request.POST, products=products)
    after, shown = reverse("catalog:lot", args=[lot_id]), partial(_lot, request, lot_id, link=form)
    if not form.is_valid():
        return answer(request, Outcome.invalid(form), form=form, after=after, fragment=shown, again=shown)
    kind, product_id = form.product()
    outcome = send_once(
        token=form.cleaned_data["token"],
        call=lambda: services.inventory_associate(
            actor=Actor.from_request(request),
            lot_id=lot_id,
            product_type=kind,
            product_id=product_id,
            units_per_product=form.cleaned_data["units_per_product"],
        ),
        verb="link a product to",
        target=f"lot {page.lot.batch_number or lot_id}",
        done=lambda _: wording.LOT_LINKED,
    )
    return answer(
        request,
        outcome,
        form=form,
        aliases={"product_id": "product"},
        after=after,
        fragment=shown,
        again=shown,
    )


@require_POST
@permission_required([VIEW, EDIT], raise_exception=True)
def lot_dissociate(request: HtmxHttpRequest, lot_id: str, product_type: str, product_id: str) -> HttpResponse:
    form = TokenForm(request.POST)  # the one-time token only
    after, shown = reverse("catalog:lot", args=[lot_id]), partial(_lot, request, lot_id)
    if not form.is_valid():
        return answer(request, Outcome.invalid(form), after=after, fragment=shown)
    outcome = send_once(
        token=form.cleaned_data["token"],
        call=lambda: services.inventory_dissociate(
            actor=Actor.from_request(request), lot_id=lot_id, product_type=product_type, product_id=product_id
        ),
        verb="unlink a product from",
        target="the lot",
        done=lambda _: wording.LOT_UNLINKED,
    )
    return answer(request, outcome, after=after, fragment=shown)


@require_http_methods(["GET", "POST"])
@permission_required([VIEW, EDIT], raise_exception=True)
def lot_create(request: HtmxHttpRequest) -> HttpResponse:
    products = selectors.catalog_by_kind()
    initial = {"product": request.GET.get("product", "")}
    form = LotForm(request.POST if request.method == "POST" else None, products=products, initial=initial)
    if request.method == "POST" and form.is_valid():
        kind, product_id = form.product()
        outcome = send_once(
            token=form.cleaned_data["token"],
            call=lambda: services.inventory_lot_create(
                actor=Actor.from_request(request),
                product_type=kind,
                product_id=product_id,
                units_per_product=form.cleaned_data["units_per_product"],
                lot=form.lot(),
            ),
            verb="create",
            target="the lot",
            done=lambda lot: wording.lot_added(lot.batch_number),
        )
        return answer(
            request,
            outcome,
            form=form,
            aliases={"product_id": "product"},
            after=lambda lot: (
                reverse("catalog:lot", args=[lot.id]) if lot.id else reverse("catalog:inventory")
            ),
            again=lambda: render(request, LOT_CREATE, {"form": form}),
        )
    return render(request, LOT_CREATE, {"form": form})
