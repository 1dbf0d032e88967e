"""The sandbox over real HTTP: a threaded WSGI server (one thread per connection) that keeps
connections open between requests (HTTP/1.1 keep-alive), as Blend's own servers do, so a benchmark
measures BlendAdmin rather than TCP set-up.

A request "arrives" when its request line has been read: the app's latency (`Faults.latency_ms`)
counts from there, so the time this pure-Python server spends parsing headers is inside L, as a
real server's would be."""

from __future__ import annotations

import io
from collections.abc import Callable
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import ServerHandler, WSGIRequestHandler, WSGIServer, make_server

from apps.sandbox.app import ARRIVED

MAX_REQUEST_LINE = 65536


class ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    request_queue_size = 128


class _Http11Handler(ServerHandler):
    http_version = "1.1"


class KeepAliveHandler(WSGIRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out in separate writes

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
        clock = getattr(app, "clock", None)  # the sandbox's own clock, so that tests can replace it
        arrived = clock() if clock is not None else None
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
        handler = _Http11Handler(body, self.wfile, self.get_stderr(), environ, multithread=True)
        handler.request_handler = self
        handler.run(app)


def build_server(app: Callable[..., Any], *, host: str = "127.0.0.1", port: int = 8001) -> ThreadingServer:
    """A server for `app` (port 0 picks a free one: read `server.server_port`)."""
    return make_server(host, port, app, server_class=ThreadingServer, handler_class=KeepAliveHandler)
