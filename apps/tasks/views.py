"""Tasks: search (Blend has no task list), one task found by its id, a new task from an order or a
patient page, and the Blend user ids managers record so people are picked by name."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods
from django.views.decorators.vary import vary_on_headers

from apps.audit.actor import Actor
from apps.blend.concurrency import optional
from apps.core.htmx import HtmxHttpRequest, is_fragment
from apps.core.query import SEARCH_MIN_LENGTH
from apps.core.writes import Outcome, answer, send_once
from apps.tasks import rules, selectors, services
from apps.tasks.forms import BlendUserIdForm, LinkedTasksForm, TaskForm, TaskSearchForm
from apps.tasks.models import BlendUserId

SEARCH = "tasks/search.html"


@require_GET
@permission_required(rules.VIEW, raise_exception=True)
@vary_on_headers("HX-Request")
def task_search(request: HtmxHttpRequest) -> HttpResponse:
    form = TaskSearchForm(request.GET)
    q = form.cleaned_data["q"] if form.is_valid() else ""
    tasks = (
        selectors.task_search(actor=Actor.from_request(request), q=q) if len(q) >= SEARCH_MIN_LENGTH else None
    )
    names = selectors.people()
    context = {
        "form": form,
        "q": q,
        "tasks": None if tasks is None else [(t, selectors.named(t.assignee_id, names)) for t in tasks],
        "too_short": 0 < len(q) < SEARCH_MIN_LENGTH,
        "can_create": request.user.has_perm(rules.CREATE),
    }
    return render(request, f"{SEARCH}#results" if is_fragment(request) else SEARCH, context)


@require_GET
@permission_required(rules.VIEW, raise_exception=True)
def tasks_linked(request: HtmxHttpRequest) -> HttpResponse:
    """The tasks the search finds for an order or a patient (loaded into their page by HTMX, so the
    page itself still costs one Blend round trip): `q` is what names it (order number, patient's
    name), `order_id` / `patient_id` what the task must be linked to."""
    form = LinkedTasksForm(request.GET)
    if not form.is_valid() or not (form.cleaned_data["order_id"] or form.cleaned_data["patient_id"]):
        return HttpResponse(status=400)
    data = form.cleaned_data
    # Blend's task search is inferred: when it fails the panel says so (the page around it stands)
    tasks = optional(
        lambda: selectors.tasks_for(q=data["q"], order_id=data["order_id"], patient_id=data["patient_id"])
    )()
    names = selectors.people()
    context = {
        "tasks": None if tasks is None else [(t, selectors.named(t.assignee_id, names)) for t in tasks],
        "can_create": request.user.has_perm(rules.CREATE),
        "create_query": f"order_id={data['order_id']}"
        if data["order_id"]
        else f"patient_id={data['patient_id']}",
    }
    return render(request, "tasks/linked.html", context)


@require_GET
@permission_required(rules.VIEW, raise_exception=True)
def task_detail(request: HtmxHttpRequest, task_id: str) -> HttpResponse:
    page = selectors.task_page_data(actor=Actor.from_request(request), task_id=task_id)
    status = 200 if page.task is not None else 404
    task, names = page.task, page.names
    context = {
        "task": task,
        "assignee": selectors.named(task.assignee_id, names) if task else "",
        "watchers": [selectors.named(w.id, names) for w in task.watchers] if task else [],
    }
    return render(request, "tasks/detail.html", context, status=status)


@require_http_methods(["GET", "POST"])
@permission_required([rules.VIEW, rules.CREATE], raise_exception=True)
def task_create(request: HtmxHttpRequest) -> HttpResponse:
    initial = {k: request.GET.get(k, "")[:64] for k in ("order_id", "patient_id", "prescription_id")}
    initial["category_code"] = "T01" if initial["order_id"] else "T02" if initial["patient_id"] else "T01"
    form = TaskForm(
        request.POST if request.method == "POST" else None, initial=initial, people=selectors.person_choices()
    )

    def again() -> HttpResponse:
        return render(request, "tasks/create.html", {"form": form})

    if request.method == "GET":
        return again()
    if not form.is_valid():
        return answer(request, Outcome.invalid(form), form=form, again=again)
    outcome = send_once(
        token=form.cleaned_data["token"],
        call=lambda: services.task_create(actor=Actor.from_request(request), fields=form.for_blend()),
        verb="create",
        target="the task",
        done=lambda task: f"Task “{task.name}” was created at Blend.",
    )
    after = (lambda task: reverse("tasks:detail", args=[task.id])) if outcome.ok else None
    return answer(request, outcome, after=after, form=form, again=again, aliases={"assignee_id": "assignee"})


@require_http_methods(["GET", "POST"])
@permission_required(rules.MANAGE_PEOPLE, raise_exception=True)
def task_people(request: HtmxHttpRequest) -> HttpResponse:
    """Managers record each member's Blend user id (from Blend's dashboard)."""
    users = get_user_model().objects.filter(is_active=True).order_by("username")
    if request.method == "POST":
        form = BlendUserIdForm(request.POST)
        if form.is_valid():
            user = get_object_or_404(users, pk=form.cleaned_data["user_id"])
            blend_id = form.cleaned_data["blend_user_id"]
            taken = (
                blend_id and BlendUserId.objects.filter(blend_user_id=blend_id).exclude(user=user).exists()
            )
            if taken:
                messages.error(request, "Another member already has that Blend user id.")
            else:
                services.blend_user_id_set(
                    actor=Actor.from_request(request),
                    user=user,
                    blend_user_id=str(blend_id) if blend_id else None,
                )
                messages.success(request, f"Saved {user.get_username()}'s Blend user id.")
        else:
            messages.error(request, "That is not a Blend user id (a UUID).")
        return HttpResponseRedirect(reverse("tasks:people"))
    known = {link.user_id: str(link.blend_user_id) for link in BlendUserId.objects.all()}
    rows = [
        (
            user,
            BlendUserIdForm(
                initial={"user_id": user.pk, "blend_user_id": known.get(user.pk, "")},
                auto_id=f"u{user.pk}-%s",
            ),
        )
        for user in users
    ]
    return render(request, "tasks/people.html", {"rows": rows})
