"""Deployment checks (`manage.py check --deploy`): what BlendAdmin needs once several processes
serve it."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Tags, Warning, register

PROCESS_LOCAL_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


@register(Tags.caches, deploy=True)
def shared_cache_check(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend not in PROCESS_LOCAL_CACHES:
        return []
    return [
        Warning(
            "The default cache is local to each process.",
            hint=(
                "Set REDIS_URL. gunicorn starts several workers, and without a shared cache each "
                "worker signs in to Blend itself and reads Blend's reference lists itself (one-time "
                "form tokens and roles are in the database, so they hold across workers anyway)."
            ),
            id="blendadmin.W001",
        )
    ]
