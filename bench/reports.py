"""Report page time over a 30-day and a 365-day range against a Blend that answers after L ms.

Starts the sandbox over HTTP and BlendAdmin under gunicorn as bench/pages.py does (its helpers),
signs in as the demo manager, and times N sequential requests of /reports/daily/ and
/reports/orders/ for each range length. Every timed request asks for a range not asked before
(the end date moves back one day each time), so each one reaches Blend instead of the report
cache; a last series repeats one range to time a cached answer. Prints p50/p95 in ms and in
multiples of L: a page that costs one Blend round trip whatever its length is about 1 x L.

    .venv/bin/python bench/reports.py [--latency-ms 50] [--requests 30]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

import httpx
import pages  # bench/pages.py, next to this file

MANAGER = "manager"  # manage.py seed_demo_users


def ranges(days: int, count: int) -> list[str]:
    """`count` distinct ranges of `days` days, ending today, yesterday, ..."""
    today = date.today()
    out = []
    for back in range(count):
        end = today - timedelta(days=back)
        start = end - timedelta(days=days - 1)
        out.append(f"?start_date={start}&end_date={end}")
    return out


def timed_each(client, path: str, queries: list[str]) -> list[float]:
    return [sample for query in queries for sample in pages.timed(client, path + query, 1)]


def blend_alone(sandbox_url: str, count: int) -> dict[str, list[float]]:
    """The report requests sent straight to the sandbox: Blend's own time for each range length."""
    with httpx.Client(base_url=sandbox_url, timeout=60.0) as blend:
        login = blend.post("/auth/login", json={"email": "sandbox@example.com", "password": "sandbox"})
        client = pages.LeanClient(sandbox_url, {"Authorization": f"Bearer {login.json()['access_token']}"})
        floors = {
            f"Blend alone: {name} {days:>3} days": timed_each(client, path, ranges(days, count))
            for name, path in (("daily", "/reports/daily"), ("orders", "/reports/orders"))
            for days in (30, 365)
        }
        client.close()
        return floors


def run(args: argparse.Namespace, workdir: Path) -> None:
    sandbox_port, app_port = pages.free_port(), pages.free_port()
    env = pages.environment(workdir, sandbox_port)
    print(f"Preparing a temporary database and static files in {workdir} ...")
    pages.manage(env, "migrate", "--noinput")
    pages.manage(env, "collectstatic", "--noinput")
    pages.manage(env, "seed_demo_users")
    sandbox_cmd = [pages.PYTHON, "manage.py", "blend_sandbox", "--port", str(sandbox_port)]
    sandbox_cmd += ["--latency-ms", str(args.latency_ms)]
    app_cmd = [pages.GUNICORN, "blendadmin.wsgi:application", "--bind", f"127.0.0.1:{app_port}"]
    app_cmd += ["--workers", "1", "--threads", "8", "--log-level", "warning"]
    pages.USERNAME = MANAGER
    results: dict[str, list[float]] = {}
    with (
        pages.server(sandbox_cmd, env, workdir / "sandbox.log") as sandbox,
        pages.server(app_cmd, env, workdir / "app.log") as app,
    ):
        sandbox_url = f"http://127.0.0.1:{sandbox_port}/api/v1/auth/verify"
        pages.wait_until_up(sandbox_url, sandbox, workdir / "sandbox.log")
        pages.wait_until_up(f"http://127.0.0.1:{app_port}/healthz", app, workdir / "app.log")
        base = f"http://127.0.0.1:{app_port}"
        with httpx.Client(base_url=base, timeout=60.0, follow_redirects=False) as signed_in:
            pages.sign_in(signed_in)
            cookies = "; ".join(f"{name}={value}" for name, value in signed_in.cookies.items())
        client = pages.LeanClient(base, {"Cookie": cookies})
        # Warm up on ranges that are not timed (Blend sign-in, first requests).
        timed_each(client, "/reports/daily/", ranges(7, 3))
        for name, path in (("daily", "/reports/daily/"), ("orders", "/reports/orders/")):
            for days in (30, 365):
                # Offsets past the warm-up's; the daily report's previous period never repeats a range.
                queries = ranges(days, args.requests * 2)[::2][: args.requests]
                results[f"{name} {days:>3} days"] = timed_each(client, path, queries)
            cached = ranges(365, 1) * args.requests
            results[f"{name} 365 days, cached"] = timed_each(client, path, cached)
        client.close()
        results.update(blend_alone(f"http://127.0.0.1:{sandbox_port}/api/v1", args.requests))
    print(f"Blend latency L = {args.latency_ms:g} ms; {args.requests} sequential requests per line")
    for name, samples in results.items():
        p50, p95 = statistics.median(samples), pages.percentile(samples, 0.95)
        print(
            f"{name:<30} p50 {p50:7.1f} ms = {p50 / args.latency_ms:4.2f} x L"
            f"   p95 {p95:7.1f} ms = {p95 / args.latency_ms:4.2f} x L"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--latency-ms", type=float, default=50.0, help="Blend latency L (default 50)")
    parser.add_argument("--requests", type=int, default=30, help="timed requests per line (default 30)")
    args = parser.parse_args()
    if args.latency_ms <= 0 or not 1 <= args.requests <= 500:
        parser.error("need --latency-ms > 0 and 1 <= --requests <= 500")
    workdir = Path(tempfile.mkdtemp(prefix="blendadmin-bench-"))
    static_root = pages.ROOT / "staticfiles"
    had_static_root = static_root.exists()
    try:
        run(args, workdir)
    finally:
        if not had_static_root:
            shutil.rmtree(static_root, ignore_errors=True)
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
