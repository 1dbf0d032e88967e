"""The sandbox over real HTTP: a threaded WSGI server (one thread per connection) that keeps
connections open between requests (HTTP/1.1 keep-alive), as Blend's own servers do, so a benchmark
measures BlendAdmin rather than TCP set-up.

A request "arrives" when its request line has been read: the app's latency (`Faults.latency_ms`)
counts from there, so the time this pure-Python server spends parsing headers is inside L, as a
real server's would be. The answer leaves when the app says it is due (`ANSWER_AT`): the server
formats status, headers and body first and waits only then, so its own Python after the wait does
not add to L."""

from __future__ import annotations

import io
from collections.abc import Callable
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import ServerHandler, WSGIRequestHandler, WSGIServer, make_server

from apps.sandbox.app import ANSWER_AT, ARRIVED, DROP_CONNECTION

MAX_REQUEST_LINE = 65536


class ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    request_queue_size = 128


class Http11Handler(ServerHandler):
    """Sends the status line, headers and body in one write, as production servers do (wsgiref
    writes each header line and the body separately: with Nagle off, five packets per answer).
    With `wait_until` (the app's), that write waits until the time the app put in `ANSWER_AT`."""

    http_version = "1.1"

    def __init__(self, *args: Any, wait_until: Callable[[float], None] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pending: list[bytes] = []
        self._wait_until = wait_until

    def setup_environ(self) -> None:
        super().setup_environ()
        if self._wait_until is not None:
            self.environ[ANSWER_AT] = None

    def _write(self, data: bytes) -> None:
        self._pending.append(data)

    def _flush(self) -> None:
        if self.environ.get(DROP_CONNECTION):  # a connection failure: nothing is sent, the socket closes
            self._pending.clear()
            self.request_handler.close_connection = True
            return
        if self._pending:
            data = b"".join(self._pending)
            self._pending.clear()
            due = self.environ.get(ANSWER_AT)
            if self._wait_until is not None and due is not None:
                self._wait_until(due)
            self.stdout.write(data)  # a socket writer: sendall
        self.stdout.flush()

    def finish_content(self) -> None:  # an empty body: the headers alone, still one write
        super().finish_content()
        self._flush()


class KeepAliveHandler(WSGIRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # each answer is one write (Http11Handler): send it at once

    def log_message(self, format: str, *args: object) -> None:  # paths may carry patient search terms
        return None

    def handle(self) -> None:
        self.close_connection = True
        self.handle_one_request()
        while not self.close_connection:
            self.handle_one_request()

    def handle_one_request(self) -> None:
        self.raw_requestline = self.rfile.readline(MAX_REQUEST_LINE + 1)
        app = self.server.get_app()
        monotonic = getattr(app, "monotonic", None)  # the sandbox's, so that tests can replace it
        arrived = monotonic() if monotonic is not None else None
        if not self.raw_requestline or len(self.raw_requestline) > MAX_REQUEST_LINE:
            self.close_connection = True
            return
        if not self.parse_request():
            return
        # Read the whole body first, so a request the app answers without reading it (a 404, a
        # fault) cannot leave bytes behind that would corrupt the next request on the connection.
        length = int(self.headers.get("Content-Length") or 0)
        body = io.BytesIO(self.rfile.read(length) if length > 0 else b"")
        environ = self.get_environ()
        if arrived is not None:
            environ[ARRIVED] = arrived
        wait_until = getattr(app, "wait_until", None) if arrived is not None else None
        handler = Http11Handler(
            body, self.wfile, self.get_stderr(), environ, multithread=True, wait_until=wait_until
        )
        handler.request_handler = self
        handler.run(app)


def build_server(app: Callable[..., Any], *, host: str = "127.0.0.1", port: int = 8001) -> ThreadingServer:
    """A server for `app` (port 0 picks a free one: read `server.server_port`)."""
    return make_server(host, port, app, server_class=ThreadingServer, handler_class=KeepAliveHandler)
