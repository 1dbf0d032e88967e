"""Saved views' live counts (issue 23): the order list and the home page with 10 saved views, each
counted exactly from the order index, against the same pages without them, in one run.

In one process (Django's test client, DEBUG off, production settings on a temporary SQLite
database, the embedded sandbox with its ~2,400 seeded orders, the order index synced from it), two
support users: one with 10 saved views (the first also Support's default queue on the home page),
one with none. Their requests alternate (A, B, A, B...) so the machine's load falls on both alike.
For each page: wall time and process CPU time (time.process_time(), the in-process sandbox's work
included) p50/p95, and the database queries of one request. Reference of the same run: the layout
page (`/audit/` as support: the 403 page, no Blend call).

    .venv/bin/python bench/savedviews.py [--requests 100] [--views 10]
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import live  # bench/live.py: the same in-process set-up

QUERIES = [  # a support agent's views: statuses, the index's filters, Blend's stuck orders
    "status=exception",
    "status=paused",
    "paused_long=on",
    "stuck=on",
    "unmatched=on",
    "request=cancellation&status=received,data_entry,picked,verified,paused,exception",
    "request=replacement",
    "request=priority",
    "status=shipped&ship_state=TX",
    "blend_stuck=on",
    "created_from=2026-11-01&status=received",
    "status=delivered",
]


def timed(call) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    call()
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def pct(samples: list[float], q: float) -> float:
    return sorted(samples)[min(len(samples) - 1, int(len(samples) * q))]


def run(requests: int, views: int) -> None:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    from apps.accounts.roles import ROLE_SUPPORT
    from apps.accounts.testing import make_user
    from apps.blend.runtime import get_blend
    from apps.orderindex.services import order_index_sync
    from apps.savedviews.models import RoleQueue, SavedView

    get_blend()
    order_index_sync()
    with_views = get_user_model().objects.get(username="support")
    without = make_user(ROLE_SUPPORT)
    made = [
        SavedView.objects.create(owner=with_views, name=f"View {i + 1}", query=QUERIES[i % len(QUERIES)])
        for i in range(views)
    ]

    def role_queue(on: bool) -> None:
        """Support's default queue (the first view, shared with Support) for A's home page only."""
        SavedView.objects.filter(pk=made[0].pk).update(shared_with=ROLE_SUPPORT if on else "")
        if on:
            RoleQueue.objects.update_or_create(role=ROLE_SUPPORT, defaults={"view": made[0]})
        else:
            RoleQueue.objects.all().delete()

    a, b = Client(), Client()
    a.force_login(with_views)
    b.force_login(without)

    pages = [("/orders/", "order list"), ("/", "home"), ("/orders/views/", "saved views page")]
    for path, _ in [*pages, ("/audit/", "")]:
        for client in (a, b):
            for _ in range(10):  # warm up: caches, templates, the Blend token
                client.get(path)
    gc.freeze()
    gc.set_threshold(10_000, 50, 100)  # as gunicorn.conf.py sets it

    def queries(client, path: str) -> int:
        seen: list[str] = []
        with connection.execute_wrapper(lambda execute, sql, *rest: seen.append(sql) or execute(sql, *rest)):
            client.get(path)
        return len(seen)

    print(f"{requests} requests per page and user, {views} saved views, index rows:", end=" ")
    from apps.orderindex.models import IndexedOrder

    print(IndexedOrder.objects.count())
    header = f"{'page':<34} {'wall p50':>9} {'wall p95':>9} {'CPU p50':>8} {'CPU p95':>8} {'queries':>8}"
    print(header)

    def report(label: str, samples: list[tuple[float, float]], count: int) -> None:
        wall, cpu = [s[0] for s in samples], [s[1] for s in samples]
        print(
            f"{label:<34} {statistics.median(wall):>7.1f}ms {pct(wall, 0.95):>7.1f}ms "
            f"{statistics.median(cpu):>6.1f}ms {pct(cpu, 0.95):>6.1f}ms {count:>8}"
        )

    for path, name in pages:
        with_samples, without_samples = [], []
        home = path == "/"
        for _ in range(requests):
            role_queue(home)
            with_samples.append(timed(lambda p=path: a.get(p)))
            role_queue(False)
            without_samples.append(timed(lambda p=path: b.get(p)))
        role_queue(home)
        with_count = queries(a, path)
        role_queue(False)
        label = "with its default queue" if home else f"{views} views"
        report(f"{name}, {label}", with_samples, with_count)
        report(f"{name}, {'none' if home else 'no views'}", without_samples, queries(b, path))
    layout = [timed(lambda: a.get("/audit/")) for _ in range(requests)]
    report("reference: layout page (/audit/ 403)", layout, queries(a, "/audit/"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--views", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        live.setup(Path(workdir))
        run(args.requests, args.views)


if __name__ == "__main__":
    main()
