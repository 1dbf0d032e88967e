from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from apps.accounts.roles import ROLE_CLINIC, ROLE_MANAGER, ROLE_SUPPORT, user_role

pytestmark = pytest.mark.django_db


def _seed() -> str:
    out = StringIO()
    call_command("seed_demo_users", stdout=out)
    return out.getvalue()


def test_it_creates_one_user_per_role():
    _seed()
    roles = {user.username: user_role(user) for user in User.objects.all()}
    assert roles == {"clinic": ROLE_CLINIC, "support": ROLE_SUPPORT, "manager": ROLE_MANAGER}


def test_it_prints_the_sign_ins():
    out = _seed()
    for username in ("clinic", "support", "manager"):
        assert f"{username:<8} / blendadmin-demo" in out


def test_it_sets_a_working_password():
    _seed()
    assert User.objects.get(username="support").check_password("blendadmin-demo")


def test_it_is_idempotent():
    _seed()
    _seed()
    assert User.objects.count() == 3
    assert User.objects.get(username="manager").groups.count() == 1


def test_it_refuses_when_the_real_blend_is_configured(settings):
    settings.BLEND_API_URL = "https://blend.example.com/api/v1"
    settings.BLEND_API_EMAIL = "integration@clinic.example"
    with pytest.raises(CommandError, match="BLEND_API_URL"):
        _seed()
    assert not User.objects.exists()


def test_it_accepts_the_sandbox_served_over_http(settings):
    settings.BLEND_API_URL = "http://127.0.0.1:8001/api/v1"
    settings.BLEND_API_EMAIL = "sandbox@example.com"
    _seed()
    assert User.objects.count() == 3
