from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from apps.accounts.testing import make_user


@pytest.fixture
def viewer_client(db):
    """A signed-in user who may view patients and orders but not edit patients (no role gives
    only that today; the edit buttons must still follow the permission)."""
    user = make_user(None)
    user.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["view_patients", "view_orders"], content_type__app_label="accounts"
        )
    )
    client = Client()
    client.force_login(user)
    return client
