"""Create one demo user per role (sandbox only): clinic, support, manager / blendadmin-demo."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from apps.accounts.roles import ROLE_CLINIC, ROLE_MANAGER, ROLE_SUPPORT, roles_ensure

DEMO_PASSWORD = "blendadmin-demo"
DEMO_USERS = {"clinic": ROLE_CLINIC, "support": ROLE_SUPPORT, "manager": ROLE_MANAGER}


def _talking_to_sandbox() -> bool:
    """The embedded sandbox, or the sandbox served over HTTP (`blend_sandbox`), which is signed in to
    with its own account on example.com, a domain no real Blend account can have."""
    from apps.blend.runtime import sandbox_active  # lazy: runtime builds the Blend client
    from apps.sandbox.seed import SANDBOX_EMAIL

    return sandbox_active() or settings.BLEND_API_EMAIL == SANDBOX_EMAIL


class Command(BaseCommand):
    help = "Create the demo users clinic, support and manager (only while the embedded sandbox is active)."

    def handle(self, *args, **options) -> None:
        if not _talking_to_sandbox():
            raise CommandError(
                "Refusing to create demo users: BLEND_API_URL is set, so this is not the sandbox."
            )
        groups = roles_ensure()
        user_model = get_user_model()
        self.stdout.write("Demo sign-ins (embedded sandbox only):")
        for username, role in DEMO_USERS.items():
            user, created = user_model.objects.get_or_create(
                username=username, defaults={"email": f"{username}@example.com"}
            )
            user.set_password(DEMO_PASSWORD)
            user.is_active = True
            user.save()
            user.groups.set([groups[role]])
            note = "created" if created else "updated"
            self.stdout.write(f"  {username:<8} / {DEMO_PASSWORD}   {role:<13} ({note})")
