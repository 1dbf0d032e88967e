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


if __name__ == "__main__":
    main()
