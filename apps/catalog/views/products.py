"""The catalog: every product or one kind's (paged, searchable, filtered by status), one product's
page, the formulas (Blend cannot list them: those BlendAdmin added and those products name), and for
managers creating and editing products and creating formulas."""

from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods
from django.views.decorators.vary import vary_on_headers

from apps.audit.actor import Actor
from apps.blend.models.catalog import KIND_HEADINGS, KIND_LABELS, PRODUCT_KINDS
from apps.catalog import selectors, services, wording
from apps.catalog.forms import CatalogFilterForm, FormulaForm, ProductForm
from apps.catalog.rules import EDIT, VIEW, may_edit
from apps.core.exports import csv_response, wants_csv
from apps.core.htmx import HtmxHttpRequest, is_fragment
from apps.core.writes import Outcome, answer, send_once

LIST = "catalog/list.html"
DETAIL = "catalog/detail.html"
EDIT_PAGE = "catalog/edit.html"
FORMULA = "catalog/formula.html"
FORMULAS = "catalog/formulas.html"


def _tabs() -> list[tuple[str, str, str]]:
    """The catalog's tabs: (key, label, url), every kind in the plural, then the formulas."""
    tabs = [("", wording.ALL_PRODUCTS, reverse("catalog:list"))]
    tabs += [(kind, KIND_HEADINGS[kind], reverse("catalog:kind", args=[kind])) for kind in PRODUCT_KINDS]
    return [*tabs, ("formulas", wording.FORMULAS, reverse("catalog:formulas"))]


@require_GET
@permission_required(VIEW, raise_exception=True)
@vary_on_headers("HX-Request")
def catalog_list(request: HtmxHttpRequest, kind: str | None = None) -> HttpResponse:
    form = CatalogFilterForm(request.GET)
    q, status, page = form.values()
    query = selectors.CatalogQuery(kind=kind, q=q, status=status, page=page)
    if wants_csv(request):  # every product the filters select
        return csv_response(selectors.catalog_export(query=query))
    context = {
        "form": form,
        "query": query,
        "page": selectors.catalog_list_data(query=query),
        "kind": kind,
        "heading": wording.heading(kind),
        "tab": kind or "",
        "tabs": _tabs(),
        "list_url": reverse("catalog:kind", args=[kind]) if kind else reverse("catalog:list"),
        "can_edit": may_edit(request.user),
        "new_kind": kind or "prescription",
        "new_label": KIND_LABELS[kind or "prescription"],
    }
    return render(request, f"{LIST}#results" if is_fragment(request) else LIST, context)


@require_GET
@permission_required(VIEW, raise_exception=True)
@vary_on_headers("HX-Request")
def formula_list(request: HtmxHttpRequest) -> HttpResponse:
    """The formulas: those BlendAdmin added and those Blend's products name (Blend lists none)."""
    form = CatalogFilterForm(request.GET)
    q, _, page = form.values()
    context = {
        "form": form,
        "page": selectors.formulas_page_data(q=q, page=page),
        "heading": wording.FORMULAS,
        "note": wording.FORMULAS_NOTE,
        "products_unavailable": wording.FORMULA_PRODUCTS_UNAVAILABLE,
        "tab": "formulas",
        "tabs": _tabs(),
        "list_url": reverse("catalog:formulas"),
        "can_edit": may_edit(request.user),
    }
    return render(request, f"{FORMULAS}#results" if is_fragment(request) else FORMULAS, context)


@require_GET
@permission_required(VIEW, raise_exception=True)
def product_detail(request: HtmxHttpRequest, kind: str, product_id: str) -> HttpResponse:
    page = selectors.product_page_data(kind=kind, product_id=product_id)
    context = {"page": page, "product": page.product, "kind": kind, "kind_label": KIND_LABELS[kind]}
    context["kind_heading"], context["can_edit"] = KIND_HEADINGS[kind], may_edit(request.user)
    return render(request, DETAIL, context)


def _edit_page(request: HtmxHttpRequest, form: ProductForm, kind: str, product: object) -> HttpResponse:
    context = {"form": form, "kind": kind, "kind_label": KIND_LABELS[kind], "product": product}
    context["kind_heading"] = KIND_HEADINGS[kind]
    return render(request, EDIT_PAGE, context)


@require_http_methods(["GET", "POST"])
@permission_required([VIEW, EDIT], raise_exception=True)
def product_create(request: HtmxHttpRequest, kind: str) -> HttpResponse:
    initial = {"formula_id": request.GET.get("formula_id", "")[:100]} if kind == "prescription" else None
    form = ProductForm(request.POST if request.method == "POST" else None, kind=kind, initial=initial)
    if request.method == "POST" and form.is_valid():
        outcome = send_once(
            token=form.cleaned_data["token"],
            call=lambda: services.product_create(
                actor=Actor.from_request(request), kind=kind, values=form.values()
            ),
            verb="create",
            target=f"the {KIND_LABELS[kind].lower()}",
            done=lambda product: wording.product_added(product.name),
        )
        return answer(
            request,
            outcome,
            form=form,
            after=lambda created: (
                reverse("catalog:detail", args=[kind, created.id])
                if created.id
                else reverse("catalog:kind", args=[kind])
            ),
            again=lambda: _edit_page(request, form, kind, None),
        )
    return _edit_page(request, form, kind, None)


@require_http_methods(["GET", "POST"])
@permission_required([VIEW, EDIT], raise_exception=True)
def product_edit(request: HtmxHttpRequest, kind: str, product_id: str) -> HttpResponse:
    product = selectors.product_find(kind=kind, product_id=product_id)
    detail_url = reverse("catalog:detail", args=[kind, product.id])
    form = ProductForm(request.POST if request.method == "POST" else None, kind=kind, product=product)
    if request.method == "POST" and form.is_valid():
        changes = form.changes()
        if not changes:
            return answer(request, Outcome.info(wording.NOTHING_CHANGED), after=detail_url)
        outcome = send_once(
            token=form.cleaned_data["token"],
            call=lambda: services.product_update(
                actor=Actor.from_request(request),
                kind=kind,
                product_id=product.id,
                changes=changes,
                summary=form.change_summary(),
            ),
            verb="change",
            target=product.name or "the product",
            done=lambda updated: wording.product_saved(updated.name),
        )
        return answer(
            request,
            outcome,
            form=form,
            after=detail_url,
            again=lambda: _edit_page(request, form, kind, product),
        )
    return _edit_page(request, form, kind, product)


@require_http_methods(["GET", "POST"])
@permission_required([VIEW, EDIT], raise_exception=True)
def formula_create(request: HtmxHttpRequest) -> HttpResponse:
    form = FormulaForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        outcome = send_once(
            token=form.cleaned_data["token"],
            call=lambda: services.formula_create(actor=Actor.from_request(request), **form.values()),
            verb="create",
            target="the formula",
            done=lambda formula: wording.formula_added(formula.name, formula.id),
        )
        return answer(
            request,
            outcome,
            form=form,
            after=reverse("catalog:formulas"),
            again=lambda: render(request, FORMULA, {"form": form}),
        )
    return render(request, FORMULA, {"form": form})
