from __future__ import annotations

import json
import re

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

from apps.accounts.roles import ROLE_CLINIC, ROLE_MANAGER, ROLE_SUPPORT
from tests.team.helpers import audit_rows, post_form, token_for

INVITE = "/team/invite/"


def _invite(client, **data):
    return post_form(
        client,
        "/team/",
        INVITE,
        {"username": "newbie", "email": "n@example.com", "role": ROLE_SUPPORT, **data},
    )


def test_it_invites_a_user_with_a_one_time_link(manager_client):
    response = _invite(manager_client)
    assert response.status_code == 200
    user = get_user_model().objects.get(username="newbie")
    assert [g.name for g in user.groups.all()] == [ROLE_SUPPORT]
    assert not user.has_usable_password()
    link = re.search(
        r'id="invitation-link" type="text" readonly value="http://testserver([^"]+)"', response.text
    )
    assert link and audit_rows("team.invite")[0].outcome == "ok"

    invited = Client()
    form = invited.get(link.group(1), follow=True)
    assert form.status_code == 200
    set_url = form.redirect_chain[-1][0] if form.redirect_chain else link.group(1)
    done = invited.post(
        set_url, {"new_password1": "a-long-new-password-1", "new_password2": "a-long-new-password-1"}
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a-long-new-password-1")
    assert "already used" in Client().get(link.group(1), follow=True).text


def test_it_shows_the_link_only_once(manager_client):
    _invite(manager_client)
    assert "invitation-link" not in manager_client.get("/team/").text


def test_it_refuses_a_taken_username_at_the_field(manager_client, clinic_user):
    response = _invite(manager_client, username=clinic_user.username)
    assert response.context["invite_form"].errors["username"] == ["A user with this username already exists."]
    assert audit_rows("team.invite") == []


def test_it_refuses_a_bad_email_at_the_field(manager_client):
    response = _invite(manager_client, email="not-an-email")
    assert "email" in response.context["invite_form"].errors
    assert not get_user_model().objects.filter(username="newbie").exists()


def test_it_invites_once_however_often_the_form_is_sent(manager_client):
    token = token_for(manager_client.get("/team/").text, INVITE)
    data = {"token": token, "username": "newbie", "email": "n@example.com", "role": ROLE_CLINIC}
    manager_client.post(INVITE, data)
    again = manager_client.post(INVITE, {**data, "username": "newbie2"})
    assert "already sent once" in again.text
    assert not get_user_model().objects.filter(username="newbie2").exists()


def test_it_changes_a_role_from_the_users_next_request(manager_client, support_user):
    support = Client()
    support.force_login(support_user)
    assert support.get("/reports/").status_code == 403
    response = post_form(manager_client, "/team/", f"/team/{support_user.pk}/role/", {"role": ROLE_MANAGER})
    assert "is now Manager" in response.text
    assert support.get("/reports/").status_code == 200
    assert audit_rows("team.role.Manager")[0].target_id == str(support_user.pk)


def test_it_refuses_to_remove_your_own_manager_role(manager_client, manager_user):
    response = post_form(manager_client, "/team/", f"/team/{manager_user.pk}/role/", {"role": ROLE_CLINIC})
    assert "cannot remove your own manager role" in response.text
    assert manager_user.groups.filter(name=ROLE_MANAGER).exists()
    assert audit_rows("team.role.Clinic staff")[0].outcome == "refused"


def test_it_refuses_an_unknown_role(manager_client, clinic_user):
    response = post_form(manager_client, "/team/", f"/team/{clinic_user.pk}/role/", {"role": "Admin"})
    assert "Select a valid choice" in response.text
    assert clinic_user.groups.filter(name=ROLE_CLINIC).exists()


def test_it_deactivates_a_user_who_is_then_signed_out(manager_client, clinic_user):
    clinic = Client()
    clinic.force_login(clinic_user)
    response = post_form(manager_client, "/team/", f"/team/{clinic_user.pk}/deactivate/", {})
    assert "is deactivated" in response.text
    clinic_user.refresh_from_db()
    assert not clinic_user.is_active
    assert clinic.get("/").status_code == 302
    assert audit_rows("team.deactivate")[0].outcome == "ok"


def test_it_refuses_to_deactivate_yourself(manager_client, manager_user):
    token = token_for(manager_client.get("/team/").text, "/team/invite/")
    response = manager_client.post(f"/team/{manager_user.pk}/deactivate/", {"token": token})
    assert "cannot deactivate yourself" in response.text
    manager_user.refresh_from_db()
    assert manager_user.is_active
    assert audit_rows("team.deactivate")[0].outcome == "refused"


def test_it_unlocks_a_locked_out_user(manager_client, clinic_user):
    AccessAttempt.objects.create(
        username=clinic_user.username, ip_address="10.0.0.1", user_agent="test",
        failures_since_start=settings.AXES_FAILURE_LIMIT, get_data="", post_data="", http_accept="",
        path_info="/accounts/login/",
    )  # fmt: skip
    response = post_form(manager_client, "/team/", f"/team/{clinic_user.pk}/unlock/", {})
    assert "may sign in again" in response.text
    assert not AccessAttempt.objects.filter(username=clinic_user.username).exists()
    assert audit_rows("team.unlock")[0].target_id == str(clinic_user.pk)


def test_it_refuses_an_expired_form(manager_client, clinic_user):
    response = manager_client.post(f"/team/{clinic_user.pk}/deactivate/", {"token": "forged"})
    assert "out of date" in response.text
    clinic_user.refresh_from_db()
    assert clinic_user.is_active


def test_it_answers_htmx_changes_with_the_team_section(manager_client, clinic_user, htmx_headers):
    response = post_form(
        manager_client,
        "/team/",
        f"/team/{clinic_user.pk}/role/",
        {"role": ROLE_SUPPORT},
        headers=htmx_headers,
    )
    assert "<html" not in response.text
    assert 'id="team-section"' in response.text
    assert json.loads(response["HX-Trigger"])["toast"]["message"].startswith(
        f"{clinic_user.username} is now Support"
    )


def test_it_answers_an_unknown_user_with_the_not_found_page(manager_client):
    token = token_for(manager_client.get("/team/").text, "/team/invite/")
    assert manager_client.post("/team/999999/deactivate/", {"token": token}).status_code == 404


def test_it_refuses_changes_from_everyone_but_managers(support_client, clinic_user):
    assert support_client.post(f"/team/{clinic_user.pk}/deactivate/", {}).status_code == 403
    assert support_client.post(INVITE, {}).status_code == 403
