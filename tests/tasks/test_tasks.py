"""Tasks: search (Blend has no list), open one from a hit, create one from an order or patient page
with people picked by name, the tasks an order or patient page finds, Blend user ids on the team side."""

from __future__ import annotations

import re

import pytest

from apps.audit.models import AuditEntry
from apps.core.once import token_new
from apps.tasks.models import BlendUserId
from tests.orders.helpers import writes

BLEND_USER = "0b7e54f6-8c0a-4b43-9d3e-2a7d1f6c9e11"


def _task(sandbox):
    return sorted(sandbox.state.tasks.rows(), key=lambda t: t["id"])[0]


def _order(sandbox):
    return sorted(
        (o for o in sandbox.state.orders.rows() if o["status"] == "received"), key=lambda o: o["order_number"]
    )[0]


def test_it_finds_tasks_by_words_of_their_name(clinic_client, sandbox):
    task = _task(sandbox)
    html = clinic_client.get("/tasks/", {"q": task["name"].split()[0]}).content.decode()
    assert f'href="/tasks/{task["id"]}/"' in html
    assert AuditEntry.objects.filter(action="task.search").exists()


def test_it_answers_htmx_with_the_results_alone(clinic_client, sandbox, htmx_headers):
    task = _task(sandbox)
    html = clinic_client.get("/tasks/", {"q": task["name"]}, headers=htmx_headers).content.decode()
    assert html.lstrip().startswith('<section id="task-results"')


def test_a_short_search_asks_for_more(clinic_client, sandbox):
    assert "at least 2 characters" in clinic_client.get("/tasks/", {"q": "a"}).content.decode()


def test_a_task_opens_from_its_hit(clinic_client, sandbox):
    task = _task(sandbox)
    html = clinic_client.get(f"/tasks/{task['id']}/").content.decode()
    assert task["name"] in html


def test_an_unknown_task_is_not_found(clinic_client):
    assert clinic_client.get("/tasks/00000000-0000-0000-0000-000000000000/").status_code == 404


def test_the_header_search_links_task_hits(clinic_client, sandbox):
    task = _task(sandbox)
    html = clinic_client.get("/search/", {"q": task["name"]}).content.decode()
    assert f'href="/tasks/{task["id"]}/"' in html


def test_it_creates_a_task_for_an_order_with_people_picked_by_name(clinic_client, clinic_user, sandbox):
    clinic_user.first_name, clinic_user.last_name = "Casey", "Clinic"
    clinic_user.save()
    BlendUserId.objects.create(user=clinic_user, blend_user_id=BLEND_USER)
    order = _order(sandbox)
    form = clinic_client.get("/tasks/new/", {"order_id": order["id"]}).content.decode()
    assert "Casey Clinic" in form
    response = clinic_client.post(
        "/tasks/new/",
        {
            "token": token_new(),
            "name": f"Call about {order['order_number']}",
            "category_code": "T01",
            "assignee": BLEND_USER,
            "watchers": [BLEND_USER],
            "order_id": order["id"],
        },
    )
    created = max(sandbox.state.tasks.rows(), key=lambda t: t["created_at"])
    assert response["Location"] == f"/tasks/{created['id']}/"
    assert created["order_id"] == order["id"] and created["assignee_id"] == BLEND_USER
    assert AuditEntry.objects.get(action="task.create").target_id == created["id"]
    html = clinic_client.get(response["Location"]).content.decode()
    assert "Casey Clinic" in html


def test_an_id_nobody_recorded_shows_as_the_id(clinic_client, sandbox):
    task = next(t for t in sandbox.state.tasks.rows() if t.get("assignee_id"))
    assert task["assignee_id"] in clinic_client.get(f"/tasks/{task['id']}/").content.decode()


def test_the_order_page_shows_the_tasks_the_search_finds_for_it(clinic_client, sandbox, htmx_headers):
    order = _order(sandbox)
    clinic_client.post(
        "/tasks/new/",
        {
            "token": token_new(),
            "name": f"Check {order['order_number']}",
            "category_code": "T01",
            "order_id": order["id"],
        },
    )
    page = clinic_client.get(f"/orders/{order['id']}/").content.decode()
    linked = re.search(r'hx-get="(/tasks/linked/[^"]+)"', page).group(1).replace("&amp;", "&")
    html = clinic_client.get(linked, headers=htmx_headers).content.decode()
    assert f"Check {order['order_number']}" in html


def test_bad_input_shows_at_the_field_and_nothing_is_sent(clinic_client, sandbox):
    html = clinic_client.post(
        "/tasks/new/", {"token": token_new(), "name": "", "category_code": "T01"}
    ).content.decode()
    assert "This field is required." in html[html.index('name="name"') :].split("</div>")[0]
    assert writes(sandbox) == []


def test_blends_refusal_shows_at_the_field(clinic_client, sandbox):
    sandbox.faults.add(422, method="POST", path="/tasks", fields={"name": ["Blend says no."]})
    html = clinic_client.post(
        "/tasks/new/", {"token": token_new(), "name": "x", "category_code": "T01"}
    ).content.decode()
    assert "Blend says no." in html[html.index('name="name"') :].split("</div>")[0]


@pytest.mark.parametrize("fault", ["timeout", 503])
def test_the_search_shows_blend_unavailable_when_blend_fails(fault, clinic_client, sandbox):
    sandbox.faults.add(fault, path="/search/tasks", times=5)
    assert clinic_client.get("/tasks/", {"q": "reorder"}).status_code == 503


def test_a_create_that_times_out_says_it_is_not_known(clinic_client, sandbox):
    sandbox.faults.add("timeout", method="POST", path="/tasks")
    html = clinic_client.post(
        "/tasks/new/", {"token": token_new(), "name": "x", "category_code": "T01"}
    ).content.decode()
    assert "not known whether" in html


@pytest.mark.parametrize(
    ("persona", "status"), [("support_client", 200), ("manager_client", 200), ("outsider_client", 403)]
)
def test_each_role_may_or_may_not_use_tasks(persona, status, request):
    client = request.getfixturevalue(persona)
    assert client.get("/tasks/").status_code == status
    assert client.get("/tasks/new/").status_code == status


def test_managers_record_blend_user_ids_and_others_may_not(manager_client, clinic_client, clinic_user):
    assert clinic_client.get("/tasks/people/").status_code == 403
    assert "Blend user ids (for tasks)" in manager_client.get("/team/").content.decode()
    manager_client.post("/tasks/people/", {"user_id": clinic_user.pk, "blend_user_id": BLEND_USER})
    assert str(BlendUserId.objects.get(user=clinic_user).blend_user_id) == BLEND_USER
    assert AuditEntry.objects.filter(action="team.blend_user_id").exists()
    response = manager_client.post("/tasks/people/", {"user_id": clinic_user.pk, "blend_user_id": "nope"})
    assert response.status_code == 302 and BlendUserId.objects.filter(user=clinic_user).exists()


@pytest.mark.parametrize("fault", ["timeout", 503, 404])
def test_the_linked_tasks_panel_says_so_when_blends_task_search_fails(
    clinic_client, sandbox, htmx_headers, fault
):
    """Blend's task search is inferred: the panel on an order's page gives way to a note."""
    order = sorted(sandbox.state.orders.rows(), key=lambda r: r["id"])[0]
    page = clinic_client.get(f"/orders/{order['id']}/").content.decode()
    linked = re.search(r'hx-get="(/tasks/linked/[^"]+)"', page).group(1).replace("&amp;", "&")
    sandbox.faults.add(fault, path="/search/tasks", times=10)
    response = clinic_client.get(linked, headers=htmx_headers)
    assert response.status_code == 200
    assert "task search is unavailable just now" in response.content.decode()
