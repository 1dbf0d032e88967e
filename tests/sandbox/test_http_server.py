"""The sandbox served over real HTTP on loopback, as `manage.py blend_sandbox` serves it."""

from __future__ import annotations

import io
import threading
import types
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from apps.blend.client import BlendClient
from apps.blend.errors import BlendNotFound, BlendServerError
from apps.blend.http import BlendHTTP
from apps.sandbox.app import ARRIVED
from apps.sandbox.seed import SANDBOX_EMAIL, SANDBOX_PASSWORD
from apps.sandbox.server import Http11Handler, build_server


class PeakCounter:
    """Wraps the WSGI app and remembers the most requests it saw in flight at once."""

    def __init__(self, app):
        self.app, self.inflight, self.peak, self.lock = app, 0, 0, threading.Lock()

    def __call__(self, environ, start_response):
        with self.lock:
            self.inflight += 1
            self.peak = max(self.peak, self.inflight)
        try:
            return self.app(environ, start_response)
        finally:
            with self.lock:
                self.inflight -= 1


@pytest.fixture
def served(sandbox):
    counter = PeakCounter(sandbox)
    server = build_server(counter, port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base_url = f"http://127.0.0.1:{server.server_port}/api/v1"
    http = BlendHTTP(base_url=base_url, email=SANDBOX_EMAIL, password=SANDBOX_PASSWORD)
    yield BlendClient(http), counter
    http.close()
    server.shutdown()
    server.server_close()


def test_it_answers_the_real_client_over_http(served):
    client, _ = served
    assert client.auth_verify().valid is True


def test_it_answers_errors_over_http(served):
    client, _ = served
    with pytest.raises(BlendNotFound):
        client.order_get(order_id="no-such-order")


def test_it_serves_concurrent_requests(served, sandbox):
    client, counter = served
    client.auth_verify()
    sandbox.faults.latency_ms = 150
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda _: client.auth_verify().valid, range(4)))
    assert results == [True] * 4
    assert counter.peak >= 2


def test_it_keeps_the_connection_open_between_requests(served):
    client, _ = served
    client.auth_verify()
    pool = client.http.client._transport._pool
    connections_before = len(pool.connections)
    for _ in range(3):
        client.auth_verify()
    assert len(pool.connections) == connections_before == 1


def test_it_serves_a_request_whose_body_it_did_not_read(served, sandbox):
    client, _ = served
    client.auth_verify()
    sandbox.faults.add(503, method="POST")
    with pytest.raises(BlendServerError):
        client.reason_create(name="Texture", description="x" * 5000)
    assert client.auth_verify().valid is True


class ArrivalRecorder:
    """A WSGI app with the sandbox's `monotonic`, remembering the arrival time the server passed it."""

    def __init__(self) -> None:
        self.readings, self.arrivals = iter([10.0, 99.0]), []

    def monotonic(self) -> float:
        return next(self.readings)

    def __call__(self, environ, start_response):
        self.arrivals.append((environ.get(ARRIVED), self.monotonic()))
        start_response("200 OK", [("Content-Length", "2")])
        return [b"{}"]


def get_once(app, path: str = "/api/v1/x") -> int:
    """Serve `app` over HTTP for one GET; its status."""
    server = build_server(app, port=0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with httpx.Client() as client:
            return client.get(f"http://127.0.0.1:{server.server_port}{path}").status_code
    finally:
        server.shutdown()
        server.server_close()


def test_a_request_arrives_when_its_request_line_is_read():
    """Latency counts from the request line, so parsing the headers happens inside it."""
    app = ArrivalRecorder()
    assert get_once(app) == 200
    assert app.arrivals == [(10.0, 99.0)]  # the server's reading of the app's clock, taken first


def test_an_app_without_a_clock_gets_no_arrival_time():
    seen = []

    def app(environ, start_response):
        seen.append(ARRIVED in environ)
        start_response("200 OK", [("Content-Length", "2")])
        return [b"{}"]

    assert get_once(app) == 200
    assert seen == [False]


class CountingWriter(io.BytesIO):
    """A socket writer that remembers each write."""

    def __init__(self):
        super().__init__()
        self.writes = []

    def write(self, data):
        self.writes.append(bytes(data))
        return super().write(data)


@pytest.mark.parametrize("body", [[b'{"ok": true}'], []])
def test_it_sends_status_headers_and_body_in_one_write(body):
    def app(environ, start_response):
        start_response("200 OK", [("Content-Type", "application/json")])
        return body

    out = CountingWriter()
    environ = {"REQUEST_METHOD": "GET", "SERVER_PROTOCOL": "HTTP/1.1", "wsgi.url_scheme": "http"}
    handler = Http11Handler(io.BytesIO(), out, io.StringIO(), environ)
    handler.request_handler = types.SimpleNamespace(log_request=lambda *args: None)
    handler.run(app)
    assert len(out.writes) == 1
    assert out.writes[0].startswith(b"HTTP/1.1 200 OK\r\n")
    assert out.writes[0].endswith(b"\r\n\r\n" + b"".join(body))
