"""Deployment check (`manage.py check --deploy`): the webhook secret needs its own encryption key."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def secrets_key_check(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    if settings.SECRETS_ENCRYPTION_KEY:
        return []
    return [
        Warning(
            "SECRETS_ENCRYPTION_KEY is not set: no webhook secret can be generated or checked.",
            hint=(
                "Set it to a Fernet key (python -c 'from cryptography.fernet import Fernet; "
                "print(Fernet.generate_key().decode())'), kept apart from the database backups."
            ),
            id="blendadmin.W010",
        )
    ]
