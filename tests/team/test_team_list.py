from __future__ import annotations

from axes.models import AccessAttempt
from django.conf import settings
from django.utils import timezone

from apps.accounts.roles import ROLE_SUPPORT


def test_it_lists_users_with_role_and_last_sign_in(manager_client, manager_user, support_user):
    support_user.last_login = timezone.now().replace(year=2026, month=1, day=2, hour=3, minute=4)
    support_user.save()
    response = manager_client.get("/team/")
    assert response.status_code == 200
    members = {m.username: m for m in (row.member for row in response.context["rows"])}
    assert members[support_user.username].role == ROLE_SUPPORT
    assert "01/02/2026 03:04" in response.text
    assert f'id="member-{manager_user.pk}"' in response.text


def test_it_marks_a_locked_out_user(manager_client, clinic_user):
    AccessAttempt.objects.create(
        username=clinic_user.username,
        ip_address="10.0.0.1",
        user_agent="test",
        failures_since_start=settings.AXES_FAILURE_LIMIT,
        get_data="",
        post_data="",
        http_accept="",
        path_info="/accounts/login/",
    )
    response = manager_client.get("/team/")
    assert "Locked out" in response.text
    assert f'action="/team/{clinic_user.pk}/unlock/"' in response.text


def test_it_offers_no_deactivate_button_for_yourself(manager_client, manager_user, clinic_user):
    text = manager_client.get("/team/").text
    assert f'action="/team/{manager_user.pk}/deactivate/"' not in text
    assert f'action="/team/{clinic_user.pk}/deactivate/"' in text


def test_it_answers_htmx_with_the_team_section(manager_client, htmx_headers):
    response = manager_client.get("/team/", headers=htmx_headers)
    assert "<html" not in response.text
    assert 'id="team-section"' in response.text


def test_it_is_in_the_managers_menu_only(manager_client, support_client):
    assert 'href="/team/"' in manager_client.get("/team/").text
    assert 'href="/team/"' not in support_client.get("/").text


def test_it_refuses_everyone_but_managers(clinic_client, support_client, outsider_client):
    for client in (clinic_client, support_client, outsider_client):
        assert client.get("/team/").status_code == 403
