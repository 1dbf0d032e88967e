"""CPU time per page in one process, for A/B runs of two checkouts on a busy machine.

Django's test client (no gunicorn, no HTTP client), signed in as the demo support user, against a
sandbox already running over HTTP; CPU = time.process_time() of the whole process (every thread)
over N sequential requests per page. Far steadier than timing under load while others share the
machine; run the two checkouts alternately (A B A B) and compare.

    DEBUG=1 .venv/bin/python manage.py blend_sandbox --port 18431 --latency-ms 50 &
    .venv/bin/python bench/cpu_ab.py /path/to/checkout 18431 [--requests 150] [--profile "orders list"]

Needs a migrated SQLite database with the demo users and collected static files in the checkout
(bench/load.py's set-up does the same); Redis database 9 is used and flushed.
"""

from __future__ import annotations

import argparse
import gc
import os
import re
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("checkout", type=Path)
    parser.add_argument("sandbox_port", type=int)
    parser.add_argument("--requests", type=int, default=150)
    parser.add_argument("--profile", default="", help="cProfile this page kind instead of timing it")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "blendadmin-cpu-ab")
    args = parser.parse_args()
    checkout = args.checkout.resolve()
    sys.path[:0] = [str(checkout), str(checkout / "bench")]
    os.chdir(checkout)
    from pages import environment, manage

    args.workdir.mkdir(exist_ok=True)
    env = environment(args.workdir, args.sandbox_port)
    if not (args.workdir / "bench.sqlite3").exists():
        manage(env, "migrate", "--noinput")
        manage(env, "seed_demo_users")
    env.update(REDIS_URL="redis://127.0.0.1:6379/9", ALLOWED_HOSTS="testserver", LOG_LEVEL="ERROR")
    os.environ.clear()
    os.environ.update(env, DJANGO_SETTINGS_MODULE="blendadmin.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.test import Client

    cache.clear()
    gc.freeze()
    gc.set_threshold(10_000, 50, 100)  # as gunicorn.conf.py sets it
    client, anonymous = Client(), Client()
    client.force_login(get_user_model().objects.get(username="support"))
    order = re.search(r'href="(/orders/[0-9a-f-]{36}/)"', client.get("/orders/").content.decode())
    patient = re.search(r'href="(/patients/[0-9a-f-]{36}/)"', client.get("/patients/").content.decode())
    kinds = {
        "orders list": "/orders/",
        "order page": order.group(1),
        "patients list": "/patients/",
        "patient page": patient.group(1),
        "search": "/search/?q=smith",
        "403 (layout)": "/audit/",
        "healthz": "/healthz",
    }
    for kind, path in kinds.items():
        browser = anonymous if kind == "healthz" else client
        for _ in range(5):
            browser.get(path)
        if kind == args.profile:
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(args.requests):
                browser.get(path)
            profiler.disable()
            pstats.Stats(profiler).sort_stats(os.environ.get("PROFILE_SORT", "tottime")).print_stats(
                int(os.environ.get("PROFILE_LINES", "40"))
            )
            continue
        started = time.process_time()
        for _ in range(args.requests):
            browser.get(path)
        print(f"{kind:<14} {(time.process_time() - started) * 1000 / args.requests:6.2f} ms CPU/page")


if __name__ == "__main__":
    main()
