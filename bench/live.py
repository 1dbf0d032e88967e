"""CPU per minute of 50 idle open pages (issue 21): what pages that update themselves cost while
nothing happens, beside one order page view in the same run.

Each open order page asks `/live/changes/` every 3 s (apps/live): 50 pages make 1,000 requests a
minute. This runs them through the whole Django stack in one process (Django's test client, signed
in as the demo support user: sessions, authentication, the idle clock, the middleware, the indexed
"changed since" query) against the embedded sandbox, and reports the process's CPU time
(time.process_time()) for a minute's worth, how many Blend calls they made (none is the target), and
the database queries per request. The reference, in the same run: the CPU of viewing one order
page (its Blend calls answered by the in-process sandbox, whose CPU counts too).

    .venv/bin/python bench/live.py [--pages 50] [--minutes 1]
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
POLL_SECONDS = 3


def setup(workdir: Path) -> None:
    for key in [k for k in os.environ if k.startswith(("BLEND_", "DATABASE_", "CACHE_", "REDIS_"))]:
        del os.environ[key]
    os.environ.update(
        DJANGO_SETTINGS_MODULE="blendadmin.settings",
        DEBUG="0",
        TESTING="0",
        SECRET_KEY="bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        ALLOWED_HOSTS="testserver",
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        DATABASE_URL=f"sqlite:///{workdir / 'live.sqlite3'}",
        LOG_LEVEL="ERROR",
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", "--noinput", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)  # production static storage (DEBUG off)
    call_command("seed_demo_users", verbosity=0)


def cpu_ms(call, count: int) -> list[float]:
    samples = []
    for _ in range(count):
        started = time.process_time()
        call()
        samples.append((time.process_time() - started) * 1000)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=50)
    parser.add_argument("--minutes", type=float, default=1.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        setup(Path(workdir))
        run(args.pages, args.minutes)


def run(pages: int, minutes: float) -> None:
    import re

    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    from apps.blend.runtime import get_blend
    from apps.sandbox.runtime import get_sandbox

    client = Client()
    client.force_login(get_user_model().objects.get(username="support"))
    get_blend()
    sandbox = get_sandbox()
    order_id = next(r["id"] for r in sandbox.state.orders.rows() if r["status"] == "verified")
    page = f"/orders/{order_id}/"
    html = client.get(page).content.decode()
    poll = re.search(r'id="live-poller"[^>]*hx-get="([^"]+)"', html).group(1).replace("&amp;", "&")
    headers = {"X-BlendAdmin-Background": "1", "HX-Request": "true"}
    for _ in range(50):  # warm up: caches, token, templates
        client.get(page)
        client.get(poll, headers=headers)
    gc.freeze()
    gc.set_threshold(10_000, 50, 100)  # as gunicorn.conf.py sets it

    polls = int(pages * minutes * 60 / POLL_SECONDS)
    blend_calls = len(sandbox.faults.seen)
    queries: list[str] = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        assert client.get(poll, headers=headers).status_code == 204
    poll_cpu = cpu_ms(lambda: client.get(poll, headers=headers), polls)
    blend_calls = len(sandbox.faults.seen) - blend_calls
    page_cpu = cpu_ms(lambda: client.get(page), 200)

    total = sum(poll_cpu)
    view = statistics.median(page_cpu)
    p95 = sorted(poll_cpu)[int(polls * 0.95)]
    print(
        f"{pages} idle open pages, a question every {POLL_SECONDS} s each, {minutes:g} min: {polls} requests"
    )
    print(f"  CPU per idle question: median {statistics.median(poll_cpu):.2f} ms, p95 {p95:.2f} ms")
    print(f"  CPU per minute: {total / minutes:.0f} ms ({total / minutes / 600:.2f} % of one core)")
    print(f"  database queries per question: {len(queries)}; Blend calls made by them: {blend_calls}")
    print(f"reference, same run: one order page view, CPU median {view:.2f} ms")
    print(f"  the {pages} idle pages cost per minute what {total / minutes / view:.0f} order page views cost")
    new_orders(client, sandbox, headers)


def new_orders(client, sandbox, headers: dict[str, str], repeats: int = 300) -> None:
    """The order list's question (its shown orders, its filters, the creation time of its oldest
    row): with nothing changed (204), and with one new order its filters select (the index query
    that finds it, the answer that makes the list read itself again). The new order is created at
    Blend and stored as its order.created event's job stores it (its state, its index row); each
    timed question starts from before it, so each finds it."""
    import re
    from urllib.parse import parse_qs, urlencode, urlsplit

    from django.db import connection
    from django.utils import timezone

    from apps.blend.runtime import get_blend
    from apps.events.processing import order_state_save
    from apps.orderindex.services import index_order_store

    blend = get_blend()
    html = client.get("/orders/").content.decode()
    poll = re.search(r'id="live-poller"[^>]*hx-get="([^"]+)"', html).group(1).replace("&amp;", "&")
    query = {k: v[0] for k, v in parse_qs(urlsplit(poll).query, keep_blank_values=True).items()}
    before = timezone.now().isoformat()
    patient = next(p for p in sandbox.state.patients.rows() if p["address"])
    product = next(p for p in sandbox.state.products.rows() if p["_kind"] == "prescription")
    created = blend.order_create(
        order={
            "patient_id": patient["id"],
            "products": {"prescription": [{"id": product["id"], "quantity": 1}]},
        }
    )
    order = blend.order_get(order_id=created.id)
    order_state_save(order=order, event=None)
    index_order_store(order)
    idle = f"/live/changes/?{urlencode({**query, 'since': timezone.now().isoformat()})}"
    found = f"/live/changes/?{urlencode({**query, 'since': before})}"
    for _ in range(30):
        client.get(idle, headers=headers)
        client.get(found, headers=headers)
    assert client.get(idle, headers=headers).status_code == 204
    answer = client.get(found, headers=headers)
    assert "1 new order in this list." in answer.headers["HX-Trigger"], answer.headers
    calls = len(sandbox.faults.seen)
    queries: list[str] = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        client.get(found, headers=headers)
    idle_cpu = cpu_ms(lambda: client.get(idle, headers=headers), repeats)
    found_cpu = cpu_ms(lambda: client.get(found, headers=headers), repeats)
    calls = len(sandbox.faults.seen) - calls
    list_cpu = cpu_ms(lambda: client.get("/orders/"), 50)
    print("the order list's question (its 25 orders, its filters, new orders newer than its oldest row):")
    print(f"  nothing changed (204): CPU median {statistics.median(idle_cpu):.2f} ms")
    print(
        f"  one new order its filters select: CPU median {statistics.median(found_cpu):.2f} ms, "
        f"{len(queries)} database queries, {calls} Blend calls"
    )
    print(
        "reference, same run: one order list view (first page), "
        f"CPU median {statistics.median(list_cpu):.2f} ms"
    )


if __name__ == "__main__":
    main()
