"""Saving the order list's filters as a view: /orders/views/new/?<the list's query>."""

from __future__ import annotations

import pytest

from apps.accounts.roles import ROLE_MANAGER, ROLE_SUPPORT
from apps.savedviews.models import SavedView
from tests.savedviews.helpers import audit_rows, index_now, post_form, saved, token_for

pytestmark = pytest.mark.django_db

NEW = "/orders/views/new/"
QUERY = "status=exception&request=cancellation&page=3&q=Smith"


@pytest.fixture(autouse=True)
def indexed(sandbox):
    index_now()


def _save(client, query: str = QUERY, **data):
    return post_form(client, f"{NEW}?{query}", NEW, {"query": query, "name": "Exceptions", **data})


def test_the_list_offers_to_save_its_filters(support_client):
    html = support_client.get("/orders/?status=exception&page=2").text
    assert 'href="/orders/views/new/?status=exception"' in html


def test_the_page_shows_the_filters_in_words_and_their_count(support_client, sandbox):
    exceptions = [r for r in sandbox.state.orders.rows() if r["status"] == "exception"]
    html = support_client.get(f"{NEW}?status=exception").text
    assert "status: exception" in html and f"Today {len(exceptions)} orders" in html


def test_it_saves_the_filters_without_the_search_words_or_page(support_client, support_user):
    response = _save(support_client)
    view = SavedView.objects.get()
    assert (view.owner, view.name, view.shared_with) == (support_user, "Exceptions", "")
    assert view.query == "status=exception&request=cancellation"
    assert response.status_code == 302 and response.url == view.url  # from the index, newest first
    assert view.url == f"/orders/?{view.query}&sort=-created"
    (row,) = audit_rows("saved_view.create")
    assert (row.outcome, row.target_id) == ("ok", str(view.pk))


def test_it_says_the_search_words_are_not_saved(support_client):
    assert "The search words are not saved" in support_client.get(f"{NEW}?{QUERY}").text


def test_the_fragment_is_the_form_alone(support_client, htmx_headers):
    response = support_client.get(f"{NEW}?status=paused", headers=htmx_headers)
    assert "<html" not in response.text and 'id="saved-view-new"' in response.text


@pytest.mark.parametrize(
    ("name", "message"),
    [("", "Give the view a name."), ("   ", "Give the view a name."), ("x" * 81, "at most 80 characters")],
)
def test_a_bad_name_is_refused_at_its_field_and_nothing_saved(support_client, name, message):
    response = _save(support_client, name=name)
    assert response.status_code == 200 and message in response.text
    assert 'id="id_name_error"' in response.text
    assert not SavedView.objects.exists()


def test_a_name_already_used_is_refused_at_its_field(support_client, support_user):
    saved(support_user, "exceptions", "status=paused")
    response = _save(support_client)
    assert "There is already a view named" in response.text
    assert SavedView.objects.count() == 1
    assert audit_rows("saved_view.create")[0].outcome == "refused"


def test_the_same_form_sent_twice_saves_once(support_client):
    form_token = token_for(support_client.get(f"{NEW}?{QUERY}").text, NEW)
    data = {"token": form_token, "query": QUERY, "name": "Exceptions"}
    support_client.post(NEW, data)
    support_client.post(NEW, data)
    assert SavedView.objects.count() == 1


def test_support_may_share_with_its_own_role(support_client):
    _save(support_client, shared_with=ROLE_SUPPORT)
    assert SavedView.objects.get().shared_with == ROLE_SUPPORT


def test_support_may_not_share_with_another_role(support_client):
    response = _save(support_client, shared_with=ROLE_MANAGER)
    assert response.status_code == 200 and not SavedView.objects.exists()
    assert "Select a valid choice" in response.text


def test_a_manager_may_share_with_any_role(manager_client):
    _save(manager_client, shared_with=ROLE_SUPPORT)
    assert SavedView.objects.get().shared_with == ROLE_SUPPORT


@pytest.mark.parametrize("persona", ["clinic_client", "support_client", "manager_client"])
def test_every_role_may_save_a_view(persona, request):
    client = request.getfixturevalue(persona)
    assert client.get(f"{NEW}?status=paused").status_code == 200
    _save(client)
    assert SavedView.objects.count() == 1


def test_a_user_without_a_role_may_not(outsider_client):
    assert outsider_client.get(f"{NEW}?status=paused").status_code == 403
    assert outsider_client.post(NEW, {"name": "x"}).status_code == 403
    assert not SavedView.objects.exists()


def test_an_anonymous_visitor_is_asked_to_sign_in(client):
    assert "/accounts/login/" in client.get(NEW).url
