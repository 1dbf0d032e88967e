"""Shared fixtures: the sandbox (a fresh copy of its seeded state for every test), the Blend client
that talks to it, and one signed-in persona per role plus an outsider."""

from __future__ import annotations

import httpx
import pytest
from django.core.cache import cache
from django.test import Client

from apps.accounts.roles import ROLE_CLINIC, ROLE_MANAGER, ROLE_SUPPORT
from apps.accounts.testing import make_user
from apps.blend.runtime import get_blend, reset_blend
from apps.sandbox import runtime as sandbox_runtime


@pytest.fixture(scope="session", autouse=True)
def _blend_uses_sandbox(django_test_environment):
    """Every test talks to the embedded sandbox, whatever the environment says."""
    from django.conf import settings

    settings.BLEND_API_URL = ""
    settings.BLEND_SANDBOX_LATENCY_MS = 0
    settings.BLEND_SANDBOX_ERROR_RATE = 0
    settings.BLEND_SANDBOX_FAULT = ""
    settings.BLEND_SANDBOX_PROGRESS = 0  # the clock turns only when a test turns it
    reset_blend()
    sandbox_runtime.base_state()  # seed once per test process
    yield
    reset_blend()


@pytest.fixture(autouse=True)
def sandbox():
    """The sandbox with a fresh copy of the seeded data and no faults. `sandbox.faults.add(...)`
    injects faults; `sandbox.state` is this test's data."""
    cache.clear()
    box = sandbox_runtime.reset_sandbox()
    blend = get_blend()
    blend.http.tokens.clear()  # the process's copy of the token too: this sandbox never issued it
    blend.http.sleep = lambda seconds: None  # retries back off without waiting in tests
    yield box
    box.faults.clear()


@pytest.fixture
def blend():
    """The shared Blend client, talking to the sandbox."""
    return get_blend()


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def clinic_user(db):
    return make_user(ROLE_CLINIC)


@pytest.fixture
def support_user(db):
    return make_user(ROLE_SUPPORT)


@pytest.fixture
def manager_user(db):
    return make_user(ROLE_MANAGER)


@pytest.fixture
def outsider(db):
    return make_user(None)


@pytest.fixture
def clinic_client(clinic_user):
    return _signed_in(clinic_user)


@pytest.fixture
def support_client(support_user):
    return _signed_in(support_user)


@pytest.fixture
def manager_client(manager_user):
    return _signed_in(manager_user)


@pytest.fixture
def outsider_client(outsider):
    return _signed_in(outsider)


@pytest.fixture
def htmx_headers():
    """Headers of an HTMX request, for `client.get(url, headers=htmx_headers)`."""
    return {"HX-Request": "true"}


class DjangoClientTransport(httpx.BaseTransport):
    """An httpx transport onto Django's test client: the sandbox's webhook deliveries reach
    BlendAdmin's receiver in-process (no socket), in the test's thread and database transaction."""

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        headers = {k: v for k, v in request.headers.items() if k.lower() in ("authorization", "user-agent")}
        response = Client().generic(
            request.method,
            request.url.raw_path.decode(),
            request.read(),
            content_type=request.headers.get("content-type", ""),
            headers=headers,
        )
        return httpx.Response(response.status_code, content=response.content)


@pytest.fixture
def blend_webhooks(db, blend, sandbox, monkeypatch):
    """Blend's events reach BlendAdmin's receiver as they would in production, but in-process: a
    secret generated through Blend and kept by BlendAdmin, a subscription to every event at the
    receiver's URL, deliveries made in the test's thread. `queue.run_jobs()` processes them."""
    from apps.events.secrets import webhook_secret_save
    from apps.sandbox import webhooks

    monkeypatch.setattr(webhooks, "INLINE", True)
    monkeypatch.setattr(webhooks, "TRANSPORT", DjangoClientTransport())
    monkeypatch.setattr(webhooks, "SLEEP", lambda seconds: None)
    webhook_secret_save(blend.webhook_secret_generate())
    blend.webhook_create(url="http://localhost/webhooks/blend/", event_codes=["all"])
    return webhooks
