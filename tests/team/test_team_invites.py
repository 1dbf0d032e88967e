"""Invites: the link has a Copy button, can be made again, and a member who has not chosen a password
yet shows as "Invited" (issue 20, item 11)."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from apps.accounts.roles import ROLE_SUPPORT
from apps.accounts.testing import make_user
from tests.team.helpers import audit_rows, post_form

LINK = re.compile(r'id="invitation-link" type="text" readonly value="http://testserver([^"]+)"')


@pytest.fixture
def invited(manager_client):
    post_form(
        manager_client,
        "/team/",
        "/team/invite/",
        {"username": "newbie", "email": "n@example.com", "role": ROLE_SUPPORT},
    )
    return get_user_model().objects.get(username="newbie")


@pytest.fixture
def signed_up(db):
    return make_user(ROLE_SUPPORT, password="a-long-password-1")


def _status_cell(html: str, user) -> str:
    row = html[html.index(f'id="member-{user.pk}"') :]
    return row[: row.index("</tr>")]


def _reinvite(client, user, **kwargs):
    return post_form(client, "/team/", f"/team/{user.pk}/invite/", {}, **kwargs)


def test_a_member_without_a_password_shows_as_invited(manager_client, invited, signed_up):
    html = manager_client.get("/team/").text
    assert ">Invited</span>" in _status_cell(html, invited)
    assert ">Active</span>" not in _status_cell(html, invited)
    assert ">Active</span>" in _status_cell(html, signed_up)


def test_the_invite_link_has_a_copy_button(manager_client, invited):
    response = _reinvite(manager_client, invited)
    assert 'data-copy="#invitation-link"' in response.text
    assert "<script>" not in response.text  # the button works through static/js/app.js (the CSP)


def test_a_new_invite_link_can_be_made_and_works(manager_client, invited, htmx_headers):
    response = _reinvite(manager_client, invited, headers=htmx_headers)
    link = LINK.search(response.text).group(1)
    assert audit_rows("team.reinvite")[0].outcome == "ok"
    person = Client()
    form = person.get(link, follow=True)
    password = {"new_password1": "a-long-new-password-1", "new_password2": "a-long-new-password-1"}
    assert person.post(form.redirect_chain[-1][0], password).status_code == 302
    invited.refresh_from_db()
    assert invited.check_password("a-long-new-password-1")
    assert ">Active</span>" in _status_cell(manager_client.get("/team/").text, invited)


def test_a_member_with_a_password_gets_no_new_link(manager_client, signed_up):
    assert f'action="/team/{signed_up.pk}/invite/"' not in manager_client.get("/team/").text
    token = re.search(r'name="token" value="([^"]+)"', manager_client.get("/team/").text).group(1)
    response = manager_client.post(f"/team/{signed_up.pk}/invite/", {"token": token}, follow=True)
    assert "has already chosen a password" in response.text
    assert not LINK.search(response.text)
    assert audit_rows("team.reinvite")[0].outcome == "refused"


@pytest.mark.parametrize("persona", ["clinic_client", "support_client", "outsider_client"])
def test_only_managers_may_make_a_new_link(persona, request, db):
    user = make_user(None)
    user.set_unusable_password()
    user.save()
    response = request.getfixturevalue(persona).post(f"/team/{user.pk}/invite/", {"token": "x"})
    assert response.status_code == 403
