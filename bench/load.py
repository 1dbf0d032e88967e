"""BlendAdmin under load: N users on gunicorn (as gunicorn.conf.py sets it up, Redis cache) against
the Blend sandbox over HTTP at latency L, and the app's CPU time per page.

Phases, each printed as it ends:
  1. load:      N users (default 50), each waiting --wait s (default 1) between pages, cycling through
                orders list, order page, patients list, patient page and a search, for --duration s.
  2. capacity:  the same users with no wait between pages.
  3. per page:  one user, --kind-requests sequential requests of each page kind alone, plus a
                signed-in page that calls no Blend (a 403 with the layout) and /healthz: single-user
                p50 and CPU ms per page of that kind.
  4. cache calls per page (bench/cache_calls.py, in-process, the same settings).

CPU ms per page = CPU time (user + system, from /proc) of gunicorn's worker processes during the phase
(live workers plus workers that exited, through the master's cutime/cstime), divided by pages served.
Other developers share this 2-core machine: latency depends on their load (`uptime` is printed with
each phase); CPU time per page much less so.

    .venv/bin/python bench/load.py [--users 50] [--duration 60] [--latency-ms 50] [--skip capacity]
    make bench-load BENCH_ARGS="--users 20 --duration 30"
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pages import (  # bench/ is not a package
    GUNICORN,
    PYTHON,
    ROOT,
    environment,
    free_port,
    manage,
    percentile,
    server,
    sign_in,
    wait_until_up,
)

REDIS_URL = "redis://127.0.0.1:6379/9"  # a database of the bench's own: flushed at start
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
MAX_REQUESTS_PER_USER = 100_000  # a bound on every loop, whatever the duration
SEARCH_TERMS = ("smith", "john", "mar", "lee", "ann")


# --- CPU time of gunicorn's workers ------------------------------------------------------------


def _stat_fields(pid: int) -> list[str]:
    with open(f"/proc/{pid}/stat") as handle:
        text = handle.read()
    return text[text.rindex(")") + 2 :].split()  # fields from the 3rd ("state") on


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            found += [int(child) for child in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def workers_cpu_seconds(master: int) -> float:
    """CPU seconds used by the master's children so far: live workers, plus exited (reaped) ones."""
    fields = _stat_fields(master)
    total = (int(fields[13]) + int(fields[14])) / CLOCK_TICKS  # cutime + cstime: reaped children
    for child in _children(master):
        try:
            child_fields = _stat_fields(child)
        except OSError:
            continue
        total += (int(child_fields[11]) + int(child_fields[12])) / CLOCK_TICKS  # utime + stime
    return total


def load_average() -> str:
    return Path("/proc/loadavg").read_text().split(" ", 3)[:3].__str__().replace("'", "")


# --- The simulated users -----------------------------------------------------------------------


@dataclass
class Results:
    samples: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, ms: float, ok: bool) -> None:
        with self.lock:
            if ok:
                self.samples[kind].append(ms)
            else:
                self.errors[kind] += 1

    @property
    def pages(self) -> int:
        return sum(len(found) for found in self.samples.values()) + sum(self.errors.values())


class User:
    """One browser: a keep-alive connection (http.client) with a session cookie."""

    def __init__(self, port: int, cookie: str) -> None:
        self.port = port
        self.headers = {"Cookie": cookie}
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30.0)

    def get(self, path: str) -> tuple[int, float]:
        started = time.perf_counter()
        try:
            # /healthz as a load balancer sends it: no session cookie.
            headers = {} if path.startswith("/healthz") else self.headers
            self.connection.request("GET", path, headers=headers)
            response = self.connection.getresponse()
            response.read()
            status = response.status
            if response.getheader("Connection", "").lower() == "close":
                self.reconnect()
        except (OSError, http.client.HTTPException):
            self.reconnect()
            status = 0
        return status, (time.perf_counter() - started) * 1000

    def reconnect(self) -> None:
        self.connection.close()
        self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30.0)


def run_users(
    port: int,
    cookies: list[str],
    tour: list[tuple[str, str, int]],
    *,
    users: int,
    duration: float,
    wait: float,
    limit: int = MAX_REQUESTS_PER_USER,
) -> tuple[Results, float]:
    """`users` threads walk `tour` ((kind, path, expected status), from a random start) until
    `duration` s passed or `limit` pages each; the wall time taken."""
    results = Results()
    deadline = time.monotonic() + duration
    stagger = min(wait, 1.0)

    def walk(index: int) -> None:
        user = User(port, cookies[index % len(cookies)])
        step = random.randrange(len(tour))
        time.sleep(random.uniform(0, stagger))  # users do not all click at once
        for _ in range(limit):
            if time.monotonic() >= deadline:
                break
            kind, path, expected = tour[step % len(tour)]
            if path.endswith("q="):  # a search: a different term each time
                path += random.choice(SEARCH_TERMS)
            status, ms = user.get(path)
            results.add(kind, ms, status == expected)
            step += 1
            if wait:
                time.sleep(wait)
        user.connection.close()

    threads = [threading.Thread(target=walk, args=(i,), daemon=True) for i in range(users)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=duration + 120)
    return results, time.monotonic() - started


def phase(name: str, master: int, run) -> tuple[Results, float, float]:
    """Run `run()` and measure the workers' CPU over it; (results, wall s, CPU ms per page)."""
    load_before = load_average()
    cpu_before = workers_cpu_seconds(master)
    results, wall = run()
    cpu = workers_cpu_seconds(master) - cpu_before
    pages = results.pages
    cpu_ms = cpu * 1000 / pages if pages else float("nan")
    print(
        f"\n== {name}: {pages} pages in {wall:.1f} s = {pages / wall:.1f} pages/s,"
        f" errors {sum(results.errors.values())}, app CPU {cpu_ms:.1f} ms/page"
        f" (load avg before {load_before}, after {load_average()})"
    )
    return results, wall, cpu_ms


def print_kinds(results: Results, latency: float) -> None:
    print(f"   {'page':<14} {'n':>6} {'p50':>7} {'p95':>7} {'p99':>7}  errors   (ms; L = {latency:g})")
    for kind in sorted(set(results.samples) | set(results.errors)):
        found = results.samples.get(kind) or [float("nan")]
        print(
            f"   {kind:<14} {len(results.samples.get(kind, [])):>6} {statistics.median(found):7.1f}"
            f" {percentile(found, 0.95):7.1f} {percentile(found, 0.99):7.1f}  {results.errors.get(kind, 0)}"
        )


# --- Set-up ------------------------------------------------------------------------------------


def flush_redis(url: str) -> None:
    import redis

    redis.Redis.from_url(url).flushdb()  # the bench's own database number only


def discover(base: str, cookie_client: httpx.Client) -> dict[str, tuple[str, int]]:
    """Paths of each page kind (an order, a patient, a search) found on the list pages."""
    orders = cookie_client.get("/orders/")
    order = re.search(r'href="(/orders/[0-9a-f-]{36}/)"', orders.text)
    patients = cookie_client.get("/patients/")
    patient = re.search(r'href="(/patients/[0-9a-f-]{36}/)"', patients.text)
    if order is None or patient is None:
        raise SystemExit(f"No order or patient link (status {orders.status_code}, {patients.status_code})")
    return {
        "orders list": ("/orders/", 200),
        "order page": (order.group(1), 200),
        "patients list": ("/patients/", 200),
        "patient page": (patient.group(1), 200),
        "search": ("/search/?q=", 200),  # the users add a term
    }


def run(args: argparse.Namespace, workdir: Path) -> None:
    sandbox_port, app_port = free_port(), free_port()
    env = environment(workdir, sandbox_port)
    env["REDIS_URL"] = args.redis_url
    if args.workers:
        env["WEB_CONCURRENCY"] = str(args.workers)
    flush_redis(args.redis_url)
    print(f"Preparing a temporary database and static files in {workdir} ...")
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    manage(env, "seed_demo_users")
    sandbox_cmd = [PYTHON, "manage.py", "blend_sandbox", "--port", str(sandbox_port)]
    sandbox_cmd += ["--latency-ms", str(args.latency_ms)]
    # gunicorn.conf.py as deployed; only the address is narrowed to loopback.
    app_cmd = [GUNICORN, "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{app_port}"]
    app_cmd += ["--log-level", "warning", "--access-logfile", "/dev/null"]
    with (
        server(sandbox_cmd, env, workdir / "sandbox.log") as sandbox,
        server(app_cmd, env, workdir / "app.log") as app,
    ):
        wait_until_up(f"http://127.0.0.1:{sandbox_port}/api/v1/auth/verify", sandbox, workdir / "sandbox.log")
        wait_until_up(f"http://127.0.0.1:{app_port}/healthz", app, workdir / "app.log")
        base = f"http://127.0.0.1:{app_port}"
        cookies = []
        for _ in range(args.sessions):  # a few sessions shared by the users (each sign-in hashes)
            with httpx.Client(base_url=base, timeout=30.0, follow_redirects=False) as client:
                sign_in(client)
                cookies.append("; ".join(f"{k}={v}" for k, v in client.cookies.items()))
                kinds = discover(base, client)
                no_blend = client.get("/audit/")
                if no_blend.status_code != 403:
                    raise SystemExit(f"/audit/ answered {no_blend.status_code} to support, not 403")
        tour = [(kind, path, status) for kind, (path, status) in kinds.items()]
        workers = len(_children(app.pid))
        print(
            f"gunicorn -c gunicorn.conf.py: {workers} workers; Blend sandbox over HTTP,"
            f" L = {args.latency_ms:g} ms;"
            f" {args.sessions} signed-in sessions; Redis {args.redis_url}"
        )
        # Warm every worker (templates, connections, reference lists, the Blend token).
        run_users(app_port, cookies, tour, users=workers * 4, duration=5.0, wait=0.0, limit=10)

        if "load" not in args.skip:
            results, _, _ = phase(
                f"load: {args.users} users, {args.wait:g} s between pages, {args.duration:g} s",
                app.pid,
                lambda: run_users(
                    app_port, cookies, tour, users=args.users, duration=args.duration, wait=args.wait
                ),
            )
            print_kinds(results, args.latency_ms)
        if "capacity" not in args.skip:
            results, _, _ = phase(
                f"capacity: {args.users} users, no wait, {args.duration:g} s",
                app.pid,
                lambda: run_users(
                    app_port, cookies, tour, users=args.users, duration=args.duration, wait=0.0
                ),
            )
            print_kinds(results, args.latency_ms)
        if "kinds" not in args.skip:
            print(f"\n== per page kind: 1 user, {args.kind_requests} sequential requests each")
            print(f"   {'page':<14} {'p50 ms':>7} {'p95 ms':>7} {'CPU ms/page':>12}  errors")
            alone = [*tour, ("403 (layout)", "/audit/", 403), ("healthz", "/healthz", 200)]
            for kind, path, status in alone:
                cpu_before = workers_cpu_seconds(app.pid)
                results, _ = run_users(
                    app_port,
                    cookies,
                    [(kind, path, status)],
                    users=1,
                    duration=600.0,
                    wait=0.0,
                    limit=args.kind_requests,
                )
                cpu_ms = (workers_cpu_seconds(app.pid) - cpu_before) * 1000 / max(1, results.pages)
                found = results.samples.get(kind) or [float("nan")]
                print(
                    f"   {kind:<14} {statistics.median(found):7.1f} {percentile(found, 0.95):7.1f}"
                    f" {cpu_ms:12.2f}  {results.errors.get(kind, 0)}"
                )
            print(f"   (load avg {load_average()})")
        if "cache" not in args.skip:
            print("\n== cache calls per page (in-process, same settings)")
            counting_env = dict(env, ALLOWED_HOSTS="testserver,127.0.0.1,localhost", LOG_LEVEL="ERROR")
            paths = [f"{kind}={path}{SEARCH_TERMS[0] if kind == 'search' else ''}" for kind, path, _ in tour]
            paths += ["403 (layout)=/audit/", "healthz=/healthz"]
            subprocess.run(
                [PYTHON, str(Path(__file__).with_name("cache_calls.py")), *paths],
                cwd=ROOT,
                env=counting_env,
                check=False,
                timeout=300,
            )
    flush_redis(args.redis_url)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50, help="simulated users (default 50)")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds per phase (default 60)")
    parser.add_argument("--wait", type=float, default=1.0, help="seconds between a user's pages (default 1)")
    parser.add_argument("--latency-ms", type=float, default=50.0, help="Blend latency L (default 50)")
    parser.add_argument("--kind-requests", type=int, default=200, help="requests per page kind (default 200)")
    parser.add_argument("--sessions", type=int, default=4, help="sessions the users share (default 4)")
    parser.add_argument("--workers", type=int, default=0, help="WEB_CONCURRENCY (default: the conf's)")
    parser.add_argument("--redis-url", default=REDIS_URL, help=f"Redis database, flushed ({REDIS_URL})")
    parser.add_argument(
        "--skip",
        nargs="*",
        default=[],
        choices=("load", "capacity", "kinds", "cache"),
        help="phases to leave out",
    )
    parser.add_argument("--keep-logs", action="store_true", help="keep the temporary directory with the logs")
    args = parser.parse_args()
    if not (
        1 <= args.users <= 500
        and 1 <= args.duration <= 900
        and 0 <= args.wait <= 60
        and 1 <= args.kind_requests <= 10_000
        and 1 <= args.sessions <= 50
        and args.latency_ms > 0
    ):
        parser.error("need 1-500 users, 1-900 s, 0-60 s wait, 1-10000 kind requests, 1-50 sessions, L > 0")
    if not args.redis_url.startswith(("redis://127.", "redis://localhost")):
        parser.error("--redis-url must be on loopback")
    workdir = Path(tempfile.mkdtemp(prefix="blendadmin-load-"))
    static_root = ROOT / "staticfiles"
    had_static_root = static_root.exists()
    try:
        run(args, workdir)
    finally:
        if not had_static_root:
            shutil.rmtree(static_root, ignore_errors=True)
        if args.keep_logs:
            print(f"Logs kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
