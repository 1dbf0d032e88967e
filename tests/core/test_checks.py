"""`manage.py check --deploy` warns when the cache is not shared between processes."""

from __future__ import annotations

from django.core.checks import run_checks

from apps.core.checks import shared_cache_check


def test_a_process_local_cache_gets_a_deployment_warning(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    (warning,) = shared_cache_check()
    assert warning.id == "blendadmin.W001" and "REDIS_URL" in warning.hint


def test_a_shared_cache_gets_none(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache"}}
    assert shared_cache_check() == []


def test_it_runs_with_the_deployment_checks_only(settings, db):  # a JSONField checks its database
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert "blendadmin.W001" in [m.id for m in run_checks(include_deployment_checks=True)]
    assert "blendadmin.W001" not in [m.id for m in run_checks()]
