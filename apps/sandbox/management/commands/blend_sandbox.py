"""Serve the Blend sandbox over HTTP: `python manage.py blend_sandbox --port 8001` (threaded)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from apps.sandbox import runtime
from apps.sandbox.seed import SANDBOX_EMAIL, SANDBOX_PASSWORD
from apps.sandbox.server import build_server


class Command(BaseCommand):
    help = "Serve the stateful Blend API simulator over HTTP at /api/v1."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8001)
        parser.add_argument(
            "--latency-ms",
            type=float,
            default=None,
            help="answer each request this many ms after it arrives (the sandbox's own work included)",
        )
        parser.add_argument("--error-rate", type=float, default=None, help="share of requests that get a 500")

    def handle(self, *args, **options) -> None:
        sandbox = runtime.get_sandbox()
        if options["latency_ms"] is not None:
            sandbox.faults.latency_ms = options["latency_ms"]
        if options["error_rate"] is not None:
            sandbox.faults.error_rate = options["error_rate"]
        server = build_server(sandbox, host=options["host"], port=options["port"])
        self.stdout.write(
            f"Blend sandbox on http://{options['host']}:{server.server_port}/api/v1 "
            f"(seeded in {runtime.seed_seconds or 0:.2f}s; sign in as {SANDBOX_EMAIL} / {SANDBOX_PASSWORD}; "
            f"latency {sandbox.faults.latency_ms:g} ms)",
        )
        self.stdout.flush()
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
