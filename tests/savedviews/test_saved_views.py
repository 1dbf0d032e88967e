"""The saved views page (/orders/views/) and the order list's views: each view with its live count
and its oldest order's age; one's own views and those shared with one's role; rename, share,
delete; managers manage shared views and set each role's default queue."""

from __future__ import annotations

import pytest

from apps.accounts.roles import ROLE_CLINIC, ROLE_MANAGER, ROLE_SUPPORT
from apps.accounts.testing import make_user
from apps.savedviews.models import RoleQueue, SavedView
from tests.savedviews.helpers import audit_rows, index_now, post_form, saved, shown

pytestmark = pytest.mark.django_db

PAGE = "/orders/views/"
QUEUES = "/orders/views/queues/"


@pytest.fixture(autouse=True)
def indexed(sandbox):
    index_now()


def _exceptions(sandbox) -> list[dict]:
    return [r for r in sandbox.state.orders.rows() if r["status"] == "exception"]


def _rows(response) -> dict[str, object]:
    data = response.context["data"]
    return {row.view.name: row for row in [*data.mine, *data.shared, *data.others]}


def test_each_view_shows_its_live_count_and_oldest_order(support_client, support_user, sandbox):
    saved(support_user, "Exceptions", "status=exception")
    row = _rows(support_client.get(PAGE))["Exceptions"]
    assert row.count == len(_exceptions(sandbox))
    assert row.oldest_at.isoformat().startswith(min(r["created_at"] for r in _exceptions(sandbox))[:16])
    sandbox.state.orders.edit(_exceptions(sandbox)[0]["id"])["status"] = "paused"
    index_now()
    assert _rows(support_client.get(PAGE))["Exceptions"].count == len(_exceptions(sandbox))


def test_a_views_count_is_the_number_of_orders_its_link_shows(support_client, support_user):
    for name, query in [("Exceptions", "status=exception"), ("Unmatched", "unmatched=on"),
                        ("Old paused", "paused_long=on"), ("Cancel asks", "request=cancellation"),
                        ("Everything", "")]:  # fmt: skip
        saved(support_user, name, query)
    for row in _rows(support_client.get(PAGE)).values():
        assert shown(support_client, row.view.url) == row.count, row.view.name


def test_the_order_list_shows_the_views_with_their_counts(support_client, support_user, sandbox):
    view = saved(support_user, "Exceptions", "status=exception")
    html = support_client.get("/orders/").text
    assert 'aria-label="Saved views"' in html
    assert f'href="{view.url.replace("&", "&amp;")}"' in html
    assert f'<span class="saved-view-count">{len(_exceptions(sandbox))}</span>' in html
    assert 'aria-current="page"' in support_client.get("/orders/?status=exception").text


def test_a_private_view_is_seen_by_its_owner_only(support_client, support_user, sandbox):
    other = make_user(ROLE_SUPPORT)
    saved(other, "Theirs", "status=paused")
    saved(support_user, "Mine", "status=paused")
    assert set(_rows(support_client.get(PAGE))) == {"Mine"}
    assert "Theirs" not in support_client.get("/orders/").text


def test_a_shared_view_is_seen_by_everyone_in_its_role_only(support_client, clinic_client):
    saved(make_user(ROLE_SUPPORT), "Team exceptions", "status=exception", shared_with=ROLE_SUPPORT)
    assert "Team exceptions" in _rows(support_client.get(PAGE))
    assert "Team exceptions" in support_client.get("/orders/").text
    assert "Team exceptions" not in _rows(clinic_client.get(PAGE))
    assert "Team exceptions" not in clinic_client.get("/orders/").text


def test_the_owner_renames_and_shares_a_view(support_client, support_user):
    view = saved(support_user, "Exceptions", "status=exception")
    url = f"/orders/views/{view.pk}/edit/"
    post_form(support_client, PAGE, url, {"name": "Morning exceptions", "shared_with": ROLE_SUPPORT})
    view.refresh_from_db()
    assert (view.name, view.shared_with) == ("Morning exceptions", ROLE_SUPPORT)
    assert audit_rows("saved_view.update")[0].outcome == "ok"


def test_a_rename_to_an_empty_name_is_refused_at_the_field(support_client, support_user, htmx_headers):
    view = saved(support_user, "Exceptions", "status=exception")
    url = f"/orders/views/{view.pk}/edit/"
    response = post_form(support_client, PAGE, url, {"name": " ", "shared_with": ""}, headers=htmx_headers)
    assert "Give the view a name." in response.text and f'id="id_v{view.pk}_name_error"' in response.text
    view.refresh_from_db()
    assert view.name == "Exceptions"


def test_the_owner_deletes_a_view(support_client, support_user, htmx_headers):
    view = saved(support_user, "Exceptions", "status=exception")
    url = f"/orders/views/{view.pk}/delete/"
    response = post_form(support_client, PAGE, url, {}, headers=htmx_headers)
    assert "<html" not in response.text and 'id="saved-views-section"' in response.text
    assert "Deleted the view" in response.headers["HX-Trigger"]
    assert not SavedView.objects.exists()
    assert audit_rows("saved_view.delete")[0].outcome == "ok"


def test_another_users_view_is_not_found(support_client):
    view = saved(make_user(ROLE_SUPPORT), "Theirs", "status=paused", shared_with=ROLE_SUPPORT)
    assert f"/orders/views/{view.pk}/edit/" not in support_client.get(PAGE).text  # seen, not editable
    for action in ("edit", "delete"):
        response = support_client.post(f"/orders/views/{view.pk}/{action}/", {"name": "Mine now"})
        assert response.status_code == 404
    assert SavedView.objects.get().name == "Theirs"


def test_a_view_that_does_not_exist_is_not_found(support_client):
    assert support_client.post("/orders/views/999999/delete/").status_code == 404


def test_a_manager_manages_views_others_shared(manager_client):
    view = saved(make_user(ROLE_CLINIC), "Clinic queue", "status=received", shared_with=ROLE_CLINIC)
    assert "Clinic queue" in _rows(manager_client.get(PAGE))
    post_form(
        manager_client, PAGE, f"/orders/views/{view.pk}/edit/", {"name": "Intake", "shared_with": ROLE_CLINIC}
    )
    view.refresh_from_db()
    assert view.name == "Intake"
    post_form(manager_client, PAGE, f"/orders/views/{view.pk}/delete/", {})
    assert not SavedView.objects.exists()


def test_a_manager_does_not_see_others_private_views(manager_client):
    view = saved(make_user(ROLE_CLINIC), "Private", "status=received")
    assert "Private" not in _rows(manager_client.get(PAGE))
    assert manager_client.post(f"/orders/views/{view.pk}/delete/").status_code == 404


def test_a_manager_sets_a_roles_default_queue(manager_client, support_client):
    view = saved(make_user(ROLE_SUPPORT), "Exceptions", "status=exception", shared_with=ROLE_SUPPORT)
    post_form(manager_client, PAGE, QUEUES, {"role": ROLE_SUPPORT, "view": view.pk})
    assert RoleQueue.objects.get(role=ROLE_SUPPORT).view == view
    (row,) = audit_rows("role_queue.set")
    assert (row.outcome, row.target_type, row.target_id) == ("ok", "role", ROLE_SUPPORT)
    home = support_client.get("/")
    assert "Support's queue:" in home.text and view.url.replace("&", "&amp;") in home.text
    assert home.context["home"].role_queue.count == shown(support_client, view.url)
    bar = support_client.get("/orders/").text
    assert bar.index("Exceptions") < bar.index("Manage views") and "(default queue)" in bar


def test_a_default_queue_must_be_shared_with_its_role(manager_client, manager_user):
    view = saved(manager_user, "Mine", "status=exception")
    response = post_form(manager_client, PAGE, QUEUES, {"role": ROLE_SUPPORT, "view": view.pk})
    assert response.status_code == 200 and not RoleQueue.objects.exists()


def test_a_view_no_longer_shared_stops_being_the_queue(manager_client, manager_user):
    view = saved(manager_user, "Exceptions", "status=exception", shared_with=ROLE_SUPPORT)
    RoleQueue.objects.create(role=ROLE_SUPPORT, view=view)
    post_form(
        manager_client, PAGE, f"/orders/views/{view.pk}/edit/", {"name": "Exceptions", "shared_with": ""}
    )
    assert not RoleQueue.objects.exists()


def test_only_managers_set_default_queues(support_client, clinic_client):
    view = saved(make_user(ROLE_SUPPORT), "Exceptions", "status=exception", shared_with=ROLE_SUPPORT)
    for client in (support_client, clinic_client):
        assert client.post(QUEUES, {"role": ROLE_SUPPORT, "view": view.pk}).status_code == 403
        assert "Each role's default queue" not in client.get(PAGE).text
    assert not RoleQueue.objects.exists()


@pytest.mark.parametrize("persona", ["clinic_client", "support_client", "manager_client"])
def test_every_role_sees_the_page(persona, request):
    response = request.getfixturevalue(persona).get(PAGE)
    assert response.status_code == 200 and "Your views" in response.text


def test_a_user_without_a_role_may_not_see_the_page(outsider_client):
    assert outsider_client.get(PAGE).status_code == 403


def test_the_fragment_is_the_views_section(support_client, htmx_headers):
    response = support_client.get(PAGE, headers=htmx_headers)
    assert "<html" not in response.text and 'id="saved-views-section"' in response.text


def test_counts_stand_when_blend_fails(support_client, support_user, sandbox):
    saved(support_user, "Exceptions", "status=exception")
    sandbox.faults.add("timeout", path="/orders", times=60)
    sandbox.faults.add(500, path="/orders/statuses", times=60)
    response = support_client.get(PAGE)
    assert response.status_code == 200 and _rows(response)["Exceptions"].count == len(_exceptions(sandbox))


def test_managers_role_name_is_offered_to_share_with(manager_client):
    assert f'value="{ROLE_MANAGER}"' in manager_client.get("/orders/views/new/?status=paused").text
