"""A 20,000-row CSV export of the order list against a Blend that answers after L ms.

    .venv/bin/python bench/csv_export.py [--latency-ms 50] [--orders 20000]

Starts the sandbox over HTTP in a separate process, grown to `--orders` orders (copies of the seeded
ones with new ids and numbers), migrates a temporary SQLite database and, in this process, requests
`/orders/?format=csv` through Django's test client signed in as a support user, consuming the
streamed file. Prints the wall time and the peak of Python memory allocated while the export ran
(tracemalloc), for the whole list and for a tenth of it (a status filter), so the two peaks show
whether memory grows with the rows; next to the reference: the same Blend pages read alone.
"""

from __future__ import annotations

import argparse
import copy
import os
import sys
import tempfile
import time
import tracemalloc
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pages  # bench/pages.py, next to this file


def serve_grown_sandbox(port: int, latency_ms: float, orders: int) -> None:
    """(the sandbox process) The seeded sandbox grown to `orders` orders, served on `port`."""
    import django

    django.setup()
    from apps.sandbox import runtime
    from apps.sandbox.server import build_server

    sandbox = runtime.get_sandbox()
    table = sandbox.state.orders
    seeded = list(table.rows())
    for n in range(orders - len(seeded)):
        row = copy.deepcopy(seeded[n % len(seeded)])
        row["id"] = str(uuid.uuid4())
        row["order_number"] = row["order_number"][:-4] + f"{n:04X}"[-4:] + "X"
        row["external_id"] = None
        table.insert(row)
    sandbox.faults.latency_ms = latency_ms
    server = build_server(sandbox, host="127.0.0.1", port=port)
    print(f"sandbox up with {len(table)} orders", flush=True)
    server.serve_forever()


def _export(client, path: str) -> tuple[float, int, int, int]:
    """(seconds, peak bytes, bytes still held at the end, rows) of one export, consumed as it streams."""
    import gc

    gc.collect()
    tracemalloc.start()
    started = time.perf_counter()
    response = client.get(path)
    rows = sum(chunk.count(b"\n") for chunk in response.streaming_content)
    took = time.perf_counter() - started
    gc.collect()
    held, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return took, peak, held, rows - 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency-ms", type=float, default=50.0)
    parser.add_argument("--orders", type=int, default=20_000)
    parser.add_argument("--serve", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve_grown_sandbox(args.serve, args.latency_ms, args.orders)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        port = pages.free_port()
        env = pages.environment(workdir, port)
        env["LOG_LEVEL"] = "WARNING"
        env["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
        command = [pages.PYTHON, __file__, "--serve", str(port), "--orders", str(args.orders)]
        command += ["--latency-ms", str(args.latency_ms)]
        sandbox_env = {**env, "DJANGO_SETTINGS_MODULE": "blendadmin.settings"}
        with pages.server(command, sandbox_env, workdir / "sandbox.log") as process:
            pages.wait_until_up(
                f"http://127.0.0.1:{port}/api/v1/orders/statuses", process, workdir / "sandbox.log"
            )
            os.environ.update(env)
            os.environ["DJANGO_SETTINGS_MODULE"] = "blendadmin.settings"
            import django

            django.setup()
            from django.core.management import call_command
            from django.test import Client

            from apps.accounts.roles import ROLE_SUPPORT
            from apps.accounts.testing import make_user
            from apps.blend.runtime import get_blend

            call_command("migrate", verbosity=0)
            client = Client()
            client.force_login(make_user(ROLE_SUPPORT))
            blend = get_blend()
            first = blend.order_list(page=1, page_size=200)
            started = time.perf_counter()
            for number in range(1, first.total_pages + 1):
                blend.order_list(page=number, page_size=200)
            alone = time.perf_counter() - started
            print(f"L = {args.latency_ms:g} ms; {first.total_count} orders, {first.total_pages} pages of 200")
            print(f"reference, Blend alone (the {first.total_pages} page reads): {alone * 1000:7.0f} ms")
            for label, path in (
                ("status=shipped", "/orders/?status=shipped&format=csv"),
                ("all orders", "/orders/?format=csv"),
                ("status=shipped", "/orders/?status=shipped&format=csv"),
            ):
                took, peak, held, rows = _export(client, path)
                print(
                    f"export {label:<15}: {rows:6d} rows in {took * 1000:7.0f} ms, "
                    f"peak {peak / 1e6:5.2f} MB, held after {held / 1e6:5.2f} MB"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
