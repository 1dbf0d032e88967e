"""A GET that fails to connect is retried as BLEND_MAX_RETRIES promises (issue 20, item 21): against
a port that refuses connections, and against the sandbox over HTTP when it drops the connection."""

from __future__ import annotations

import logging
import socket
import threading

import pytest

from apps.blend.client import BlendClient, build_client
from apps.blend.errors import BlendConnectionError
from apps.blend.http import BlendHTTP
from apps.sandbox.seed import SANDBOX_EMAIL, SANDBOX_PASSWORD
from apps.sandbox.server import build_server


def _refusing_port() -> int:
    """A loopback port nothing listens on (bound, then closed): connecting to it is refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize("retries", [0, 2])
def test_a_get_to_a_port_that_refuses_is_tried_as_often_as_the_settings_say(retries, settings, caplog):
    settings.BLEND_API_URL = f"http://127.0.0.1:{_refusing_port()}/api/v1"
    settings.BLEND_API_EMAIL, settings.BLEND_API_PASSWORD = "someone@example.com", "secret"
    settings.BLEND_MAX_RETRIES = retries
    client = build_client()
    client.http.sleep = lambda seconds: None
    try:
        with caplog.at_level(logging.INFO, logger="blendadmin.blend"), pytest.raises(BlendConnectionError):
            client.order_statuses()
    finally:
        client.close()
    attempts = [r for r in caplog.records if "GET /orders/statuses connection-error" in r.getMessage()]
    assert len(attempts) == 1 + retries


@pytest.fixture
def served(sandbox):
    server = build_server(sandbox, port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base_url = f"http://127.0.0.1:{server.server_port}/api/v1"
    http = BlendHTTP(base_url=base_url, email=SANDBOX_EMAIL, password=SANDBOX_PASSWORD, read_timeout=2.0)
    http.sleep = lambda seconds: None
    yield BlendClient(http)
    http.close()
    server.shutdown()
    server.server_close()


def test_a_get_whose_connection_the_http_sandbox_drops_is_retried(served, sandbox):
    served.auth_verify()
    sandbox.faults.timeout_seconds = 3  # what a dropped connection was held for before it was dropped
    sandbox.faults.add("connect_error", method="GET", path="/orders/statuses")
    assert served.order_statuses()
    assert sandbox.faults.seen.count(("GET", "/orders/statuses")) == 2


def test_a_write_whose_connection_the_http_sandbox_drops_is_not_sent_again(served, sandbox):
    served.auth_verify()
    order = next(row for row in sandbox.state.orders.rows() if row["status"] == "received")
    sandbox.faults.add("connect_error", method="PUT", path="/pause")
    with pytest.raises(BlendConnectionError):
        served.order_pause(order_id=order["id"])
    assert sandbox.faults.seen.count(("PUT", f"/orders/{order['id']}/pause")) == 1
