"""Serve the Blend sandbox over HTTP: `python manage.py blend_sandbox --port 8001` (threaded)."""

from __future__ import annotations

from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from django.core.management.base import BaseCommand

from apps.sandbox import runtime


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    request_queue_size = 128


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # paths may carry patient search terms
        return None


class Command(BaseCommand):
    help = "Serve the stateful Blend API simulator over HTTP at /api/v1."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8001)
        parser.add_argument("--latency-ms", type=float, default=None, help="added latency per request")
        parser.add_argument("--error-rate", type=float, default=None, help="share of requests that get a 500")

    def handle(self, *args, **options) -> None:
        sandbox = runtime.get_sandbox()
        if options["latency_ms"] is not None:
            sandbox.faults.latency_ms = options["latency_ms"]
        if options["error_rate"] is not None:
            sandbox.faults.error_rate = options["error_rate"]
        server = make_server(
            options["host"], options["port"], sandbox, server_class=_ThreadingServer, handler_class=_QuietHandler
        )
        self.stdout.write(
            f"Blend sandbox on http://{options['host']}:{options['port']}/api/v1 "
            f"(seeded in {runtime.seed_seconds:.2f}s; sign in as sandbox@example.com / sandbox)"
        )
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
