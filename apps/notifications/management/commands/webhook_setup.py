"""`manage.py webhook_setup --url URL`: subscribe URL to every Blend event (unless a subscription to
it exists) and generate a new webhook secret, as a manager does on /settings/notifications/. `make
run` runs it against the sandbox it starts, so events reach BlendAdmin from the first minute."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from apps.audit.actor import Actor
from apps.blend.runtime import get_blend
from apps.notifications import services


class Command(BaseCommand):
    help = "Subscribe a URL (BlendAdmin's receiver) to every Blend event and generate a webhook secret."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--url", required=True, help="the receiver, e.g. http://127.0.0.1:8000/webhooks/blend/"
        )

    def handle(self, *args, url: str, **options) -> None:
        actor = Actor(user=None, request_id="manage.py webhook_setup")
        if not any(webhook.url == url for webhook in get_blend().webhook_list()):
            services.webhook_create(actor=actor, url=url, event_codes=["all"])
            self.stdout.write(f"Subscribed {url} to every Blend event.")
        services.webhook_secret_rotate(actor=actor)
        self.stdout.write("Generated a new webhook secret (stored encrypted).")
