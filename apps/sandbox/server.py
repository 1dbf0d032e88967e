"""The sandbox over real HTTP: a threaded WSGI server (one thread per connection)."""

from __future__ import annotations

from collections.abc import Callable
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server


class ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    request_queue_size = 128


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # paths may carry patient search terms
        return None


def build_server(app: Callable[..., Any], *, host: str = "127.0.0.1", port: int = 8001) -> ThreadingServer:
    """A server for `app` (port 0 picks a free one: read `server.server_port`)."""
    return make_server(host, port, app, server_class=ThreadingServer, handler_class=QuietHandler)
