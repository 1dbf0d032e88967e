"""The sandbox as a WSGI application: auth, faults, routing, JSON. Served in-process by
`SandboxTransport` and over HTTP by `manage.py blend_sandbox`.

Injected latency (`Faults.latency_ms`, L) is the time Blend takes to answer: the app notes when a
request arrives, does the work, then sleeps whatever is left of L, outside the state lock so that
concurrent requests wait in parallel. A request whose work takes longer than L answers at once.
Served over HTTP, the server does that sleep itself, after the answer's bytes are ready and just
before its one write (`ANSWER_AT`), so the answer leaves L after the request came, not L plus the
server's own formatting.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import parse_qsl

from apps.sandbox import handlers, webhooks
from apps.sandbox.clock import Clock
from apps.sandbox.faults import Faults
from apps.sandbox.http import ApiError, Reply, SandboxRequest, encode_json, router
from apps.sandbox.state import SandboxState

logger = logging.getLogger("blendadmin.sandbox")

API_PREFIX = "/api/v1"
ARRIVED = "blendadmin.sandbox.arrived"  # set by the HTTP server (server.py) when the request line came in
# Present (None) when the HTTP server sends the answer at a time the app gives: the app sets it to
# the time the answer is due (its `monotonic`) instead of sleeping.
ANSWER_AT = "blendadmin.sandbox.answer_at"
# Set by the app when a "connect_error" fault meets a request that came over a real socket: the HTTP
# server then closes the connection without a byte of answer, as a refused or reset connection looks
# to the client (a server that does not know the key sends the 503 the app also gives).
DROP_CONNECTION = "blendadmin.sandbox.drop_connection"
PUBLIC_ROUTES = {("POST", "/auth/login"), ("POST", "/auth/refresh")}
STATUS_TEXT = {
    200: "OK",
    201: "Created",
    202: "Accepted",
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    409: "Conflict",
    422: "Unprocessable Entity",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}

StartResponse = Callable[[str, list[tuple[str, str]]], Any]
DROPPED = Reply(0, b"")  # `handle`'s answer for a connection that fails: none is sent


class Sandbox:
    """One simulated Blend account: its state, its faults, and the WSGI app serving them."""

    def __init__(self, state: SandboxState, faults: Faults | None = None) -> None:
        handlers.load_all()
        self.state = state
        self.faults = faults or Faults()
        self.monotonic: Callable[[], float] = time.perf_counter  # seconds; tests replace both
        self.sleep: Callable[[float], None] = time.sleep
        self.clock = Clock(self)  # orders moving by themselves (apps.sandbox.clock)

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        arrived = environ[ARRIVED] if ARRIVED in environ else self.monotonic()
        method = environ["REQUEST_METHOD"].upper()
        path = environ.get("PATH_INFO", "")
        with webhooks.batch():  # the request's events leave once it is done
            reply = self.handle(method, path, environ)
        if reply is DROPPED:  # a simulated connection failure on a real socket: no answer at all
            environ[DROP_CONNECTION] = True
            reply = Reply(503, {"error": "Connection dropped (sandbox fault)."})
        if reply is None:  # a simulated timeout on a real socket: hold, then drop the answer
            self.sleep(self.faults.timeout_seconds)
            reply = Reply(504, {"error": "Gateway timeout (sandbox fault)."})
        payload = bytes(reply.body) if isinstance(reply.body, bytes | bytearray) else encode_json(reply.body)
        headers = [("Content-Type", "application/json"), ("Content-Length", str(len(payload)))]
        headers += list(reply.headers.items())
        due = arrived + self.faults.latency_ms / 1000 if self.faults.latency_ms else None
        if ANSWER_AT in environ:
            environ[ANSWER_AT] = due
        elif due is not None:
            self.wait_until(due)
        start_response(f"{reply.status} {STATUS_TEXT.get(reply.status, 'Status')}", headers)
        return [payload]

    def wait_until(self, due: float) -> None:
        """Sleep until the sandbox's `monotonic` reads `due`: what is left of the latency once the answer
        is ready (never under the state lock)."""
        remaining = due - self.monotonic()
        if remaining > 0:
            self.sleep(remaining)

    def handle(self, method: str, path: str, environ: dict[str, Any]) -> Reply | None:
        if not path.startswith(API_PREFIX):
            return Reply(404, {"error": "No such endpoint."})
        path = path[len(API_PREFIX) :] or "/"
        self.faults.record(method, path)
        fault = self.faults.take(method, path)
        if fault is not None:
            reply = self._fault_reply(fault)
            if reply is not False:
                return reply
        if self.faults.random_failure():
            return Reply(500, {"error": "Internal server error (sandbox error rate)."})
        try:
            return self._dispatch(method, path, environ)
        except ApiError as error:
            return Reply(error.status, error.body(), error.headers)

    def _fault_reply(self, fault: Any) -> Reply | bool | None:
        if fault.kind == "connect_error":
            return DROPPED
        if fault.kind == "timeout":
            return None
        if fault.kind == "malformed":
            return Reply(200, b'{"id": "truncated', {})
        if fault.kind == "token_expiry":
            from apps.sandbox.handlers.auth import expire_all_access_tokens

            expire_all_access_tokens(self.state)
            return False  # the request goes on and meets the 401 itself
        status = int(fault.kind)
        headers = {"Retry-After": str(fault.retry_after)} if status == 429 else {}
        body: dict[str, Any] = {"error": fault.message or f"Sandbox fault {status}."}
        if status == 422:
            body["fields"] = fault.fields or {"sandbox": ["Injected validation failure."]}
        return Reply(status, body, headers)

    def _dispatch(self, method: str, path: str, environ: dict[str, Any]) -> Reply:
        route, params = router.match(method, path)
        request = SandboxRequest(
            method=method,
            path=path,
            query=dict(parse_qsl(environ.get("QUERY_STRING", ""), keep_blank_values=True)),
            body=_read_body(environ),
            headers={k[5:].replace("_", "-").lower(): v for k, v in environ.items() if k.startswith("HTTP_")},
            state=self.state,
        )
        if (method, route.template) not in PUBLIC_ROUTES:
            from apps.sandbox.handlers.auth import authenticate

            authenticate(request)
        with self.state.lock:  # latency is slept after, outside the lock; a handler takes ~1 ms
            return route.handler(request, **params)


def _read_body(environ: dict[str, Any]) -> Any:
    """The JSON body, or for an XML content type the raw bytes (an NCPDP SCRIPT document)."""
    if "xml" in environ.get("CONTENT_TYPE", ""):
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        return environ["wsgi.input"].read(length) if length > 0 else b""
    return _read_json(environ)


def _read_json(environ: dict[str, Any]) -> Any:
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length <= 0:
        return None
    raw = environ["wsgi.input"].read(length)
    if not raw.strip():
        return None
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise ApiError(400, "Request body is not valid JSON.") from None
