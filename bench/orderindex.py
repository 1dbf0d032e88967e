"""The order index: a full sync of the sandbox's orders, and filters over a million index rows.

    .venv/bin/python bench/orderindex.py sync [--latency-ms 50]
    .venv/bin/python bench/orderindex.py filter [--rows 1000000] [--repeats 200]

`sync` starts the sandbox over HTTP (answers L ms after each request), migrates a temporary SQLite
database and times `order_index_sync` with no pause between pages and with the default pause
(ORDER_INDEX_PAGE_PAUSE), next to the reference: the same page reads sent to the sandbox alone.

`filter` needs PostgreSQL (`--database-url`, default the local server): it creates a scratch
database, fills the index with `--rows` generated orders (1-3 products each from 60, 50 states,
statuses and times spread over two years, one in 500 stuck at Blend), VACUUM ANALYZEs, and times
each filter the order list offers from the index: the exact count plus the first page of 50, as the
page runs them. Prints p50/p95 next to the reference: a primary-key lookup in the same database.
The scratch database is dropped, unless `--keep`; `--reuse` measures a kept one again without
filling it (after migrating it: a new index is built, then VACUUM ANALYZE).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pages  # bench/pages.py, next to this file

SCRATCH_DB = "blendadmin_bench_orderindex"


def _django(env: dict[str, str]) -> None:
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "blendadmin.settings"
    import django

    django.setup()


def bench_sync(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        port = pages.free_port()
        env = pages.environment(workdir, port)
        env["LOG_LEVEL"] = "WARNING"
        sandbox = [pages.PYTHON, "manage.py", "blend_sandbox", "--port", str(port)]
        sandbox += ["--latency-ms", str(args.latency_ms)]
        with pages.server(sandbox, env, workdir / "sandbox.log") as process:
            pages.wait_until_up(
                f"http://127.0.0.1:{port}/api/v1/orders/statuses", process, workdir / "sandbox.log"
            )
            _django(env)
            from django.conf import settings
            from django.core.management import call_command

            from apps.blend.runtime import get_blend
            from apps.orderindex import services
            from apps.orderindex.models import IndexedOrder, IndexSync

            call_command("migrate", verbosity=0)
            blend = get_blend()
            first = blend.order_facts_page(page=1, page_size=services.PAGE_SIZE)  # sign-in, warm
            pages_total = first.total_pages
            started = time.perf_counter()
            for number in range(1, pages_total + 1):
                blend.order_facts_page(page=number, page_size=services.PAGE_SIZE)
            alone = time.perf_counter() - started
            size, latency = services.PAGE_SIZE, args.latency_ms
            print(f"sandbox: {first.total_count} orders, {pages_total} pages of {size}, L = {latency:g} ms")
            print(
                f"reference, Blend alone (the {pages_total} page reads, no storing): {alone * 1000:7.0f} ms"
            )
            for label, pause in (("no pause", 0.0), (f"pause {settings.ORDER_INDEX_PAGE_PAUSE:g} s", None)):
                IndexedOrder.objects.all().delete()
                IndexSync.objects.all().delete()
                started = time.perf_counter()
                run = services.order_index_sync(pause=pause)
                took = time.perf_counter() - started
                above = (took - alone) / pages_total * 1000
                print(
                    f"sync, {label:<12}: {took * 1000:7.0f} ms, {run.blend_calls} Blend calls, "
                    f"{IndexedOrder.objects.count()} orders indexed, {above:5.1f} ms a page above Blend alone"
                )
            started = time.perf_counter()
            services.order_index_sync(pause=0.0)
            took = (time.perf_counter() - started) * 1000
            print(f"reconciliation (a second full sync, no pause, rows replaced): {took:7.0f} ms")


FILL_SQL = """
INSERT INTO orderindex_indexedorder (id, order_number, external_id, status, priority_requested,
  cancellation_requested, replacement_request_status, is_replacement, has_unmatched_prescriptions,
  patient_id, created_at, updated_at, ship_state, carrier, service_level, shipped_at, line_count,
  blend_stuck_reason, blend_stuck_at, blend_stuck_status, indexed_at, sync_run)
SELECT md5(n::text), 'ORD' || lpad(n::text, 16, '0'), '',
  (ARRAY['received','data_entry','picked','verified','shipped','delivered','delivered','delivered',
         'delivered','delivered','cancelled','paused','exception'])[1 + n %% 13],
  n %% 29 = 0, n %% 31 = 0, CASE WHEN n %% 97 = 0 THEN 'pending' ELSE '' END, false, n %% 17 = 0,
  md5((n %% 50000)::text),
  now() - ((n %% 730) || ' days')::interval - ((n %% 86400) || ' seconds')::interval,
  now() - ((n %% 11) || ' days')::interval - ((n %% 3600) || ' seconds')::interval,
  (ARRAY['AL','AK','AZ','AR','CA','CO','CT','DE','FL','GA','HI','ID','IL','IN','IA','KS','KY','LA',
         'ME','MD','MA','MI','MN','MS','MO','MT','NE','NV','NH','NJ','NM','NY','NC','ND','OH','OK',
         'OR','PA','RI','SC','SD','TN','TX','UT','VT','VA','WA','WV','WI','WY'])[1 + n %% 50],
  '', '', NULL, 1 + n %% 3,
  CASE WHEN n %% 500 = 0 THEN 'No Refills Remaining' ELSE '' END,
  CASE WHEN n %% 500 = 0 THEN now() - ((n %% 5) || ' days')::interval END,
  CASE WHEN n %% 500 = 0 THEN 'data_entry' ELSE '' END,
  now(), 1
FROM generate_series(1, %(rows)s) AS n;
INSERT INTO orderindex_indexedorderproduct (order_id, product_id, kind, status, created_at)
SELECT o.id, 'product-' || ((n * 7 + k * 13) %% 60), 'prescription', o.status, o.created_at
FROM generate_series(1, %(rows)s) AS n CROSS JOIN generate_series(0, 2) AS k
JOIN orderindex_indexedorder AS o ON o.id = md5(n::text)
WHERE k < 1 + n %% 3
ON CONFLICT DO NOTHING;
"""


def bench_filter(args: argparse.Namespace) -> None:
    import psycopg

    admin_url = args.database_url.rsplit("/", 1)[0] + "/postgres"
    if not args.reuse:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {SCRATCH_DB}")
            admin.execute(f"CREATE DATABASE {SCRATCH_DB}")
    try:
        with tempfile.TemporaryDirectory() as tmp:
            env = pages.environment(Path(tmp), pages.free_port())
            env["DATABASE_URL"] = args.database_url.rsplit("/", 1)[0] + "/" + SCRATCH_DB
            env["LOG_LEVEL"] = "WARNING"
            _django(env)
            _filter_runs(args)
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            with psycopg.connect(admin_url, autocommit=True) as admin:
                admin.execute(f"DROP DATABASE IF EXISTS {SCRATCH_DB}")


def _filter_runs(args: argparse.Namespace) -> None:
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from apps.orderindex.models import IndexedOrder
    from apps.orderindex.selectors import IndexQuery, order_index_window

    call_command("migrate", verbosity=0)  # with --reuse: builds the indexes a new migration adds
    started = time.perf_counter()
    with connection.cursor() as cursor:
        if not args.reuse:
            cursor.execute(FILL_SQL, {"rows": args.rows})
        # What autovacuum does to a table in production: statistics, and the visibility map that
        # lets a count read the index alone.
        cursor.execute("VACUUM ANALYZE orderindex_indexedorder")
        cursor.execute("VACUUM ANALYZE orderindex_indexedorderproduct")
    filled = time.perf_counter() - started
    print(
        f"PostgreSQL {connection.pg_version}: {IndexedOrder.objects.count()} rows, "
        f"{'migrated and vacuumed' if args.reuse else 'filled'} in {filled:.0f} s"
    )
    today = timezone.localdate()
    queries = {
        "reference: primary-key lookup": None,
        "status=received": IndexQuery(statuses=["received"]),
        "created in one week": IndexQuery(
            created_from=date.fromordinal(today.toordinal() - 40),
            created_to=date.fromordinal(today.toordinal() - 33),
        ),
        "product": IndexQuery(product_id="product-7"),
        "product + open": IndexQuery(product_id="product-7", open_only=True),
        "shipping state TX, 30 days": IndexQuery(
            ship_state="TX", created_from=date.fromordinal(today.toordinal() - 30)
        ),
        "unchanged longer than usual": IndexQuery(stuck=True),
        "stuck at Blend": IndexQuery(blend_stuck=True),
        "cancellation requested": IndexQuery(request="cancellation"),
        "product + open, oldest first": IndexQuery(product_id="product-7", open_only=True, sort="created"),
        "paused > 1 day, oldest first": IndexQuery(paused_long=True, sort="updated"),
        "all, sorted by number": IndexQuery(sort="number"),
    }
    keys = list(IndexedOrder.objects.values_list("id", flat=True)[:1000])
    for name, query in queries.items():
        samples = []
        count = 0
        for i in range(args.repeats):
            started = time.perf_counter()
            if query is None:
                IndexedOrder.objects.filter(pk=keys[i % len(keys)]).first()
            else:
                count, _ = order_index_window(query=query, start=0, size=50)  # as the list page does
            samples.append((time.perf_counter() - started) * 1000)
        p50, p95 = statistics.median(samples), pages.percentile(samples, 0.95)
        print(f"{name:<32} p50 {p50:7.2f} ms   p95 {p95:7.2f} ms   rows {count}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="which", required=True)
    sync = sub.add_parser("sync")
    sync.add_argument("--latency-ms", type=float, default=50.0)
    filt = sub.add_parser("filter")
    filt.add_argument("--rows", type=int, default=1_000_000)
    filt.add_argument("--repeats", type=int, default=200)
    filt.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/postgres")
    filt.add_argument("--keep", action="store_true", help="keep the scratch database for --reuse")
    filt.add_argument("--reuse", action="store_true", help="measure the kept database again (no fill)")
    args = parser.parse_args()
    (bench_sync if args.which == "sync" else bench_filter)(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
