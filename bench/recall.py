"""Opening a recall of a product held by N open orders, against a Blend that answers after L ms.

    .venv/bin/python bench/recall.py [--latency-ms 50] [--orders 100] [--repeat 3]

Starts the sandbox over HTTP in a separate process with the prescription product most orders hold
put on exactly `--orders` open orders (`received`; the product's other orders `delivered`), migrates
a temporary SQLite database, syncs the order index, and as a manager:

1. starts the recall (`recall_start`): the product from Blend's catalog, the open orders from the
   index, each order read again from Blend and then its e-prescriptions (two rounds of concurrent
   reads);
2. opens its report (`recall_page_data`, what /recalls/<id>/ renders): the names of its patients and
   prescribers, read together in one round (and the status names, cached).

Prints each one's wall time (best and median of `--repeat`), Blend calls and the most in flight at
once, next to the reference from the same run, Blend alone: one read straight from the sandbox, and
the report's same reads sent one after another.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pages  # bench/pages.py, next to this file
from bulk import Counting  # bench/bulk.py: counts the client's calls and the peak in flight


def _most_held(rows) -> str:
    counts: dict[str, int] = {}
    for row in rows:
        for line in row["products"]["prescription"]:
            counts[line["id"]] = counts.get(line["id"], 0) + 1
    return max(counts, key=lambda product_id: counts[product_id])


def serve(port: int, latency_ms: float, orders: int) -> None:
    """(the sandbox process) The seeded sandbox, the product most held on `orders` open orders."""
    import django

    django.setup()
    from apps.sandbox import runtime
    from apps.sandbox.server import build_server

    sandbox = runtime.get_sandbox()
    table = sandbox.state.orders
    product_id = _most_held(table.rows())
    holding = sorted(
        (r for r in table.rows() if any(line["id"] == product_id for line in r["products"]["prescription"])),
        key=lambda r: r["order_number"],
    )
    for position, row in enumerate(holding):
        table.edit(row["id"])["status"] = "received" if position < orders else "delivered"
    sandbox.faults.latency_ms = latency_ms
    server = build_server(sandbox, host="127.0.0.1", port=port)
    server.serve_forever()


def _timed(call, repeat: int, counting: Counting) -> tuple[list[float], int, int, object]:
    times, result = [], None
    for _ in range(repeat):
        counting.reset()
        started = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - started)
    return times, counting.calls, counting.peak, result


def _line(label: str, times: list[float], calls: int, peak: int) -> str:
    best, median = min(times) * 1000, statistics.median(times) * 1000
    return (
        f"{label:<46} best {best:7.1f} ms, median {median:7.1f} ms, "
        f"{calls} Blend calls, peak {peak} in flight"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency-ms", type=float, default=50.0)
    parser.add_argument("--orders", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
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

            from apps.accounts.roles import ROLE_MANAGER
            from apps.accounts.testing import make_user
            from apps.audit.actor import Actor
            from apps.blend.runtime import get_blend
            from apps.orderindex.services import order_index_sync
            from apps.recalls import selectors, services

            call_command("migrate", verbosity=0)
            actor = Actor(user=make_user(ROLE_MANAGER))
            blend = get_blend()
            order_index_sync(pause=0)
            catalog = blend.product_catalog()
            product_id = max(
                (p.id for p in catalog.prescription),
                key=lambda pid: selectors.IndexedOrderProduct.objects.filter(
                    product_id=pid, order__status="received"
                ).count(),
            )
            counting = Counting(blend.http)

            def start():
                return services.recall_start(
                    actor=actor, kind="prescription", product=product_id, reason="bench"
                )

            started, calls_start, peak_start, recall = _timed(start, args.repeat, counting)
            orders = list(recall.orders.all())
            opened, calls_open, peak_open, report = _timed(
                lambda: selectors.recall_page_data(actor=actor, recall_id=recall.pk), args.repeat, counting
            )
            patients = list(dict.fromkeys(o.patient_id for o in orders if o.patient_id))
            prescribers = list(dict.fromkeys(p for o in orders for p in o.prescriber_ids))
            sequential = []
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                for pid in patients:
                    blend.patient_get(patient_id=pid)
                for pid in prescribers:
                    blend.prescriber_get(prescriber_id=pid)
                sequential.append(time.perf_counter() - t0)
            one = []
            for pid in patients[:20]:
                t0 = time.perf_counter()
                blend.patient_get(patient_id=pid)
                one.append(time.perf_counter() - t0)
            print(
                f"L = {args.latency_ms:g} ms; {len(orders)} open orders, {len(patients)} patients, "
                f"{len(prescribers)} prescribers; {report.total} rows in the report"
            )
            print(_line("reference, Blend alone: one patient read", one, 1, 1))
            n = len(patients) + len(prescribers)
            print(_line("reference, Blend alone: the report's reads in turn", sequential, n, 1))
            print(_line("start the recall (orders, e-prescriptions)", started, calls_start, peak_start))
            print(_line("open the report (patients, prescribers)", opened, calls_open, peak_open))
    return 0


if __name__ == "__main__":
    sys.exit(main())
