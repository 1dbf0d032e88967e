"""/orders/views/: saved views of the order list (save the list's filters under a name, private or
shared with a role; rename, share, delete), and each role's default queue (managers). Every change
goes through the one write path (one-time form token, `send_once`) and an audited service; each
answer is the page (for HTMX, its views section) as it is now, with a toast, through `answer`."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from apps.accounts.roles import ROLES
from apps.audit.actor import Actor
from apps.core.forms import TokenForm, WriteForm
from apps.core.htmx import HtmxHttpRequest, is_fragment
from apps.core.writes import Outcome, answer, send_once
from apps.orders import rules as orders_rules
from apps.orders.filters import OrderFilterForm
from apps.orders.selectors import order_counts, order_filters_text
from apps.savedviews import rules, selectors, services
from apps.savedviews.forms import RoleQueueForm, SavedViewCreateForm, SavedViewForm, canonical_query

TEMPLATE = "savedviews/list.html"
NEW_TEMPLATE = "savedviews/new.html"


SAVED_VIEWS = reverse_lazy("savedviews:list")


def _page(request: HtmxHttpRequest, *, forms: dict[str, WriteForm] | None = None) -> HttpResponse:
    """The saved views page, or for HTMX its views section; `forms`: a form sent, with its errors,
    by its key ("edit:<id>", "queue:<role>")."""
    data = selectors.saved_views_page_data(user=request.user)
    given = forms or {}
    roles = services.share_roles(Actor.from_request(request))

    def edit_form(row: selectors.SavedViewCount) -> WriteForm:
        view = row.view
        return given.get(f"edit:{view.pk}") or SavedViewForm(
            initial={"name": view.name, "shared_with": view.shared_with},
            roles=sorted({*roles, view.shared_with} - {""}),
            auto_id=f"id_v{view.pk}_%s",
        )

    def rows(views: list[selectors.SavedViewCount]) -> list[tuple[selectors.SavedViewCount, WriteForm]]:
        return [(row, edit_form(row)) for row in views]

    queue_forms = [
        (
            role,
            given.get(f"queue:{role}")
            or RoleQueueForm(
                initial={"role": role, "view": view_id},
                choices=data.queue_choices[role],
                auto_id=f"id_q{index}_%s",
            ),
        )
        for index, (role, view_id) in enumerate(data.queues.items())
    ]
    context = {
        "data": data,
        "mine": rows(data.mine),
        "shared": data.shared,
        "others": rows(data.others),
        "queue_forms": queue_forms,
        "token_form": TokenForm(auto_id=False),
    }
    return render(request, f"{TEMPLATE}#views" if is_fragment(request) else TEMPLATE, context)


@require_GET
@permission_required([orders_rules.VIEW, rules.SAVE], raise_exception=True)
@vary_on_headers("HX-Request")
def saved_view_list(request: HtmxHttpRequest) -> HttpResponse:
    return _page(request)


def _new_page(request: HtmxHttpRequest, form: SavedViewCreateForm, query: str) -> HttpResponse:
    """The new view's form, with its filters in words and how many orders they select now."""
    filters = OrderFilterForm(QueryDict(query)).filters()
    counted = order_counts(filters={"new": filters})
    context = {
        "form": form,
        "filters_text": order_filters_text(filters) or "every order (no filter chosen)",
        "searched": bool(request.GET.get("q", "").strip()),
        "count": counted.counts.get("new"),
        "as_of": counted.freshness.as_of,
        "back": reverse("orders:list") + (f"?{query}" if query else ""),
    }
    return render(request, f"{NEW_TEMPLATE}#form" if is_fragment(request) else NEW_TEMPLATE, context)


@require_http_methods(["GET", "POST"])
@permission_required([orders_rules.VIEW, rules.SAVE], raise_exception=True)
@vary_on_headers("HX-Request")
def saved_view_new(request: HtmxHttpRequest) -> HttpResponse:
    """Save the order list's filters (this page's query string) under a name."""
    actor = Actor.from_request(request)
    roles = services.share_roles(actor)
    if request.method == "GET":
        query = canonical_query(request.GET.urlencode())
        form = SavedViewCreateForm(initial={"query": query}, roles=roles)
        return _new_page(request, form, query)
    form = SavedViewCreateForm(request.POST, roles=roles)
    query = canonical_query(request.POST.get("query", ""))
    again: Callable[[], HttpResponse] = lambda: _new_page(request, form, query)  # noqa: E731
    if not form.is_valid():
        return answer(request, Outcome.invalid(form), form=form, fragment=again, again=again)
    data = form.cleaned_data
    outcome = send_once(
        token=data["token"],
        call=lambda: services.saved_view_create(
            actor=actor, name=data["name"], query=data["query"], shared_with=data["shared_with"]
        ),
        verb="save",
        target="the view",
        done=lambda view: (
            f"Saved the view “{view.name}”"
            + (f", shared with {view.shared_with}." if view.shared_with else ".")
        ),
    )
    if not outcome.ok:
        return answer(request, outcome, form=form, fragment=again, again=again)
    return answer(request, outcome, after=lambda view: view.url)


@require_POST
@permission_required([orders_rules.VIEW, rules.SAVE], raise_exception=True)
def saved_view_edit(request: HtmxHttpRequest, view_id: int) -> HttpResponse:
    actor = Actor.from_request(request)
    view = selectors.saved_view_editable(user=request.user, view_id=view_id)
    roles = sorted({*services.share_roles(actor), view.shared_with} - {""})
    form = SavedViewForm(request.POST, roles=roles, auto_id=f"id_v{view_id}_%s")
    page = partial(_page, request, forms={f"edit:{view_id}": form})
    if not form.is_valid():
        return answer(request, Outcome.invalid(form), after=SAVED_VIEWS, form=form, fragment=page, again=page)
    data = form.cleaned_data
    outcome = send_once(
        token=data["token"],
        call=lambda: services.saved_view_update(
            actor=actor, view_id=view_id, name=data["name"], shared_with=data["shared_with"]
        ),
        verb="change",
        target="the view",
        done=lambda view: (
            f"The view “{view.name}” is "
            + (f"shared with {view.shared_with}." if view.shared_with else "seen only by its owner.")
        ),
    )
    return answer(request, outcome, after=SAVED_VIEWS, form=form, fragment=page, again=page)


@require_POST
@permission_required([orders_rules.VIEW, rules.SAVE], raise_exception=True)
def saved_view_delete(request: HtmxHttpRequest, view_id: int) -> HttpResponse:
    selectors.saved_view_editable(user=request.user, view_id=view_id)  # another's view: 404
    form, page = TokenForm(request.POST), partial(_page, request)
    if not form.is_valid():
        return answer(request, Outcome.invalid(form), after=SAVED_VIEWS, fragment=page, again=page)
    outcome = send_once(
        token=form.cleaned_data["token"],
        call=lambda: services.saved_view_delete(actor=Actor.from_request(request), view_id=view_id),
        verb="delete",
        target="the view",
        done=lambda view: f"Deleted the view “{view.name}”.",
    )
    return answer(request, outcome, after=SAVED_VIEWS, fragment=page, again=page)


@require_POST
@permission_required([orders_rules.VIEW, rules.MANAGE], raise_exception=True)
def role_queue_set(request: HtmxHttpRequest) -> HttpResponse:
    every = [choice for choices in selectors.queue_choices().values() for choice in choices]
    form = RoleQueueForm(request.POST, choices=every)
    role = request.POST.get("role", "")
    page = partial(_page, request, forms={f"queue:{role}": form} if role in ROLES else {})
    if not form.is_valid():
        return answer(request, Outcome.invalid(form), after=SAVED_VIEWS, form=form, fragment=page, again=page)
    role, view_id = form.cleaned_data["role"], form.cleaned_data["view"]
    outcome = send_once(
        token=form.cleaned_data["token"],
        call=lambda: services.role_queue_set(actor=Actor.from_request(request), role=role, view_id=view_id),
        verb="set",
        target="the default queue",
        done=lambda view: (
            f"{role} now starts from “{view.name}”." if view else f"{role} has no default queue now."
        ),
    )
    return answer(request, outcome, after=SAVED_VIEWS, form=form, fragment=page, again=page)
