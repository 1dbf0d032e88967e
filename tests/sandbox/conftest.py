"""A raw HTTP client on the sandbox's WSGI app, signed in: for checking exact bytes and headers."""

from __future__ import annotations

import httpx
import pytest

from apps.sandbox.seed import SANDBOX_EMAIL, SANDBOX_PASSWORD


@pytest.fixture
def api(sandbox):
    client = httpx.Client(transport=httpx.WSGITransport(app=sandbox), base_url="http://sandbox/api/v1")
    login = client.post("/auth/login", json={"email": SANDBOX_EMAIL, "password": SANDBOX_PASSWORD})
    client.headers["Authorization"] = f"Bearer {login.json()['access_token']}"
    yield client
    client.close()
