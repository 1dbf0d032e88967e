"""A 500-order bulk pause against a Blend that answers after L ms.

    .venv/bin/python bench/bulk.py [--latency-ms 50] [--orders 500] [--rate 5]

Starts the sandbox over HTTP in a separate process with `--orders` orders put in `received` (pause
allows it), migrates a temporary SQLite database, makes a dry run of "pause" over them as a support
user and carries the confirmed run out as its queued task does (`runner.bulk_run_execute`), at
`--rate` orders per second (BULK_ORDERS_PER_SECOND's default) and, for reference, unpaced. Prints the
wall time, the Blend calls made and the most calls in flight at once, next to the reference: the
same Blend calls (a read and a pause per order) sent one after another straight to the sandbox.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pages  # bench/pages.py, next to this file


def serve(port: int, latency_ms: float, orders: int) -> None:
    """(the sandbox process) The seeded sandbox with `orders` orders in `received`, on `port`."""
    import django

    django.setup()
    from apps.sandbox import runtime
    from apps.sandbox.server import build_server

    sandbox = runtime.get_sandbox()
    table = sandbox.state.orders
    for row in sorted(table.rows(), key=lambda r: r["order_number"])[:orders]:
        edited = table.edit(row["id"])
        edited["status"] = "received"
    sandbox.faults.latency_ms = latency_ms
    server = build_server(sandbox, host="127.0.0.1", port=port)
    server.serve_forever()


class Counting:
    """Counts the Blend client's calls and the most in flight at once."""

    def __init__(self, http) -> None:
        self.calls = 0
        self.in_flight = 0
        self.peak = 0
        self._lock = threading.Lock()
        self._request = http.request
        http.request = self.request

    def request(self, *args, **kwargs):
        with self._lock:
            self.calls += 1
            self.in_flight += 1
            self.peak = max(self.peak, self.in_flight)
        try:
            return self._request(*args, **kwargs)
        finally:
            with self._lock:
                self.in_flight -= 1

    def reset(self) -> None:
        self.calls = self.peak = 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency-ms", type=float, default=50.0)
    parser.add_argument("--orders", type=int, default=500)
    parser.add_argument("--rate", type=float, default=5.0)
    parser.add_argument("--serve", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.latency_ms, args.orders)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        port = pages.free_port()
        env = pages.environment(workdir, port)
        env["LOG_LEVEL"] = "WARNING"
        command = [pages.PYTHON, __file__, "--serve", str(port), "--orders", str(args.orders)]
        command += ["--latency-ms", str(args.latency_ms)]
        with pages.server(
            command, {**env, "DJANGO_SETTINGS_MODULE": "blendadmin.settings"}, workdir / "s.log"
        ) as p:
            pages.wait_until_up(f"http://127.0.0.1:{port}/api/v1/orders/statuses", p, workdir / "s.log")
            os.environ.update(env)
            os.environ["DJANGO_SETTINGS_MODULE"] = "blendadmin.settings"
            import django

            django.setup()
            from django.core.management import call_command

            from apps.accounts.roles import ROLE_SUPPORT
            from apps.accounts.testing import make_user
            from apps.audit.actor import Actor
            from apps.blend.runtime import get_blend
            from apps.bulk import runner, services
            from apps.bulk.models import BulkRun, RunState

            call_command("migrate", verbosity=0)
            actor = Actor(user=make_user(ROLE_SUPPORT))
            blend = get_blend()
            received = [o.id for o in blend.order_list(page=1, page_size=200, statuses=["received"]).items]
            page = 2
            while len(received) < args.orders:
                more = blend.order_list(page=page, page_size=200, statuses=["received"]).items
                if not more:
                    break
                received += [o.id for o in more]
                page += 1
            received = received[: args.orders]
            started = time.perf_counter()
            for order_id in received[:50]:
                blend.order_get(order_id=order_id)
            read = (time.perf_counter() - started) / 50
            print(f"L = {args.latency_ms:g} ms; {len(received)} received orders")
            serial = read * 2 * len(received)
            print(
                f"reference, Blend alone: one order read {read * 1000:5.1f} ms; a read and a write per order"
            )
            print(f"  one after another: ~{serial:5.1f} s")
            counting = Counting(blend.http)
            started = time.perf_counter()
            run = services.bulk_run_create(actor=actor, action="pause", order_ids=received)
            dry = time.perf_counter() - started
            print(f"dry run: {dry:5.1f} s, {counting.calls} Blend calls, peak {counting.peak} in flight")
            for label, rate in ((f"paced {args.rate:g}/s", args.rate), ("unpaced (reference)", 0.0)):
                if rate == 0.0:  # the same orders, unpaused again, for the unpaced run
                    for order_id in received:
                        blend.order_unpause(order_id=order_id)
                    run = services.bulk_run_create(actor=actor, action="pause", order_ids=received)
                BulkRun.objects.filter(pk=run.pk).update(state=RunState.QUEUED)
                counting.reset()
                started = time.perf_counter()
                done = runner.bulk_run_execute(run_id=run.pk, rate=rate)
                took = time.perf_counter() - started
                counts = runner.bulk_counts(done)
                print(
                    f"bulk pause, {label:<20}: {took:6.1f} s wall, {counting.calls} Blend calls, "
                    f"peak {counting.peak} in flight, {counting.calls / took:4.1f} calls/s, "
                    f"{counts['done']} done, {counts['refused']} refused, {counts['failed']} failed"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
