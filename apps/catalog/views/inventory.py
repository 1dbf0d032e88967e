"""Inventory: every lot with its flags (expired, expiring, low stock), one lot's page, and for
managers adjusting a lot's quantity (never below zero, audited with before and after), creating
lots and linking a lot to products."""

from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from apps.audit.actor import Actor
from apps.blend.models.inventory import Lot
from apps.catalog import selectors, services
from apps.catalog.forms import AdjustForm, AssociationForm, LotForm
from apps.catalog.rules import EDIT, VIEW
from apps.catalog.views.common import answer_timeout, may_edit, redirect_with
from apps.core.forms import TokenForm, apply_blend_errors
from apps.core.htmx import HtmxHttpRequest, add_toast, is_fragment
from apps.core.writes import send_once

LIST = "catalog/inventory.html"
LOT = "catalog/lot.html"
LOT_CREATE = "catalog/lot_create.html"


@require_GET
@permission_required(VIEW, raise_exception=True)
@vary_on_headers("HX-Request")
def inventory_list(request: HtmxHttpRequest) -> HttpResponse:
    show = request.GET.get("show", "")
    page = selectors.inventory_page_data(show=show if show in selectors.LOT_FILTERS else "")
    context = {"page": page, "filters": selectors.LOT_FILTERS, "can_edit": may_edit(request)}
    return render(request, f"{LIST}#lots" if is_fragment(request) else LIST, context)


def _lot_context(
    request: HtmxHttpRequest,
    page: selectors.LotPage,
    *,
    adjust: AdjustForm | None = None,
    link: AssociationForm | None = None,
) -> dict[str, object]:
    """The lot page's context; the forms only for users who may edit."""
    editable = may_edit(request)
    held = page.lot.current_quantity or 0
    return {
        "page": page,
        "lot": page.lot,
        "row": page.row,
        "can_edit": editable,
        "adjust_form": (adjust or AdjustForm(held=held)) if editable else None,
        "link_form": (link or AssociationForm(products=page.products)) if editable else None,
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


def _after_write(request: HtmxHttpRequest, lot_id: str, message: str, level: str, **forms) -> HttpResponse:
    """The lot as Blend has it now: its page (or, for HTMX, its state section) with the message."""
    lot_url = reverse("catalog:lot", args=[lot_id])
    if not is_fragment(request) and not forms:
        return redirect_with(request, lot_url, message, level)
    page = selectors.lot_page_data(lot_id=lot_id)
    context = _lot_context(request, page, **forms)
    if not is_fragment(request):
        context["refusal"] = message if level == "error" else ""
        return render(request, LOT, context)
    response = render(request, f"{LOT}#state", context)
    return add_toast(response, message, level) if message else response


@require_POST
@permission_required([VIEW, EDIT], raise_exception=True)
def lot_adjust(request: HtmxHttpRequest, lot_id: str) -> HttpResponse:
    lot: Lot = selectors.lot_get(lot_id=lot_id)
    form = AdjustForm(request.POST, held=lot.current_quantity or 0)
    if not form.is_valid():  # bad input or below zero: nothing sent, the message at the field
        return _after_write(request, lot_id, "", "error", adjust=form)
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
        done=lambda result: f"Lot {lot.batch_number or lot_id}: {result.before} → {result.after}.",
    )
    if outcome.timed_out:
        return answer_timeout(request, reverse("catalog:lot", args=[lot_id]), outcome)
    if outcome.fields:
        apply_blend_errors(form, outcome.fields, outcome.message, aliases={"additional_quantity": "change"})
        return _after_write(request, lot_id, outcome.message, "error", adjust=form)
    return _after_write(request, lot_id, outcome.message, outcome.level)


@require_POST
@permission_required([VIEW, EDIT], raise_exception=True)
def lot_associate(request: HtmxHttpRequest, lot_id: str) -> HttpResponse:
    page = selectors.lot_page_data(lot_id=lot_id)
    form = AssociationForm(request.POST, products=page.products)
    if not form.is_valid():
        return _after_write(request, lot_id, "", "error", link=form)
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
        done=lambda _: "The product now draws on this lot.",
    )
    if outcome.timed_out:
        return answer_timeout(request, reverse("catalog:lot", args=[lot_id]), outcome)
    if outcome.fields:
        apply_blend_errors(form, outcome.fields, outcome.message, aliases={"product_id": "product"})
        return _after_write(request, lot_id, outcome.message, "error", link=form)
    return _after_write(request, lot_id, outcome.message, outcome.level)


@require_POST
@permission_required([VIEW, EDIT], raise_exception=True)
def lot_dissociate(request: HtmxHttpRequest, lot_id: str, product_type: str, product_id: str) -> HttpResponse:
    form = TokenForm(request.POST)  # the one-time token only
    if not form.is_valid():
        return _after_write(request, lot_id, next(iter(form.errors.values()))[0], "error")
    outcome = send_once(
        token=form.cleaned_data["token"],
        call=lambda: services.inventory_dissociate(
            actor=Actor.from_request(request), lot_id=lot_id, product_type=product_type, product_id=product_id
        ),
        verb="unlink a product from",
        target="the lot",
        done=lambda _: "The product no longer draws on this lot.",
    )
    if outcome.timed_out:
        return answer_timeout(request, reverse("catalog:lot", args=[lot_id]), outcome)
    return _after_write(request, lot_id, outcome.message, outcome.level)


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
            done=lambda lot: f"Lot {lot.batch_number} was created.",
        )
        if outcome.timed_out:
            return answer_timeout(request, reverse("catalog:inventory"), outcome)
        if outcome.level != "error":
            lot = outcome.value
            url = reverse("catalog:lot", args=[lot.id]) if lot and lot.id else reverse("catalog:inventory")
            return redirect_with(request, url, outcome.message, outcome.level)
        apply_blend_errors(form, outcome.fields, outcome.message, aliases={"product_id": "product"})
    return render(request, LOT_CREATE, {"form": form})
