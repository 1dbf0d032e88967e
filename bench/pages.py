"""Page speed of the orders list and detail pages against a Blend that answers after L ms.

Starts the Blend sandbox over HTTP with an injected latency L and BlendAdmin under gunicorn (a
temporary SQLite database, production settings), signs in as the demo support user, warms up, then
times N requests each for /orders/ and one /orders/<id>/ and prints p50/p95 in ms and divided by L.
A page that waits for one Blend round trip costs about 1 x L; the target is p50 <= 1.15 x L.

    .venv/bin/python bench/pages.py [--latency-ms 50] [--requests 100] [--warmup 10] [--check]
    make bench BENCH_ARGS="--latency-ms 100"

Server logs (BlendAdmin logs every Blend call with its duration) stay in a temporary directory,
printed at the end with --keep-logs.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))
TARGET = 1.15  # p50 page time, in multiples of the Blend latency
USERNAME, PASSWORD = "support", "blendadmin-demo"  # manage.py seed_demo_users
START_TIMEOUT = 120.0  # seconds for a server to answer (the sandbox seeds ~2,400 orders first)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def environment(workdir: Path, sandbox_port: int) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("BLEND_", "DATABASE_", "CACHE_", "REDIS_", "DJANGO_"))
    }
    env.update(
        DEBUG="0",
        TESTING="0",
        SECRET_KEY="bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        DATABASE_URL=f"sqlite:///{workdir / 'bench.sqlite3'}",
        BLEND_API_URL=f"http://127.0.0.1:{sandbox_port}/api/v1",
        BLEND_API_EMAIL="sandbox@example.com",
        BLEND_API_PASSWORD="sandbox",
        LOG_LEVEL="INFO",
        PYTHONUNBUFFERED="1",
    )
    return env


def manage(env: dict[str, str], *args: str) -> None:
    command = [PYTHON, "manage.py", *args]
    subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True, timeout=600)


@contextmanager
def server(command: list[str], env: dict[str, str], log: Path) -> Iterator[subprocess.Popen]:
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            yield process
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)


def wait_until_up(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{url} did not start:\n{log.read_text()[-3000:]}")
        try:
            httpx.get(url, timeout=2.0)
            return
        except httpx.TransportError:
            time.sleep(0.25)
    raise SystemExit(f"{url} did not answer within {START_TIMEOUT:.0f}s:\n{log.read_text()[-3000:]}")


def sign_in(client: httpx.Client) -> None:
    page = client.get("/accounts/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    if token is None:
        raise SystemExit(f"No sign-in form at /accounts/login/ (status {page.status_code})")
    form = {"username": USERNAME, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1)}
    response = client.post("/accounts/login/", data=form)
    if response.status_code != 302:
        raise SystemExit(f"Sign-in failed (status {response.status_code})")


class LeanClient:
    """Sequential GETs on one keep-alive connection (the standard library's http.client), with fixed
    headers. It times the server, as a browser would see it: an httpx client with its cookie jar
    adds ~1.5 ms of its own Python work per request on this VM (--client httpx shows it)."""

    def __init__(self, base_url: str, headers: dict[str, str]) -> None:
        url = httpx.URL(base_url)
        self.prefix = url.path.rstrip("/")
        self.headers = headers
        self.connection = http.client.HTTPConnection(url.host, url.port, timeout=30.0)

    def get(self, path: str) -> tuple[int, bytes]:
        self.connection.request("GET", self.prefix + path, headers=self.headers)
        response = self.connection.getresponse()
        return response.status, response.read()

    def close(self) -> None:
        self.connection.close()


class HttpxClient:
    """The same GETs through httpx (--client httpx): for comparison with earlier runs."""

    def __init__(self, client: httpx.Client) -> None:
        self.client = client

    def get(self, path: str) -> tuple[int, bytes]:
        response = self.client.get(path)
        return response.status_code, response.content

    def close(self) -> None:
        pass


def timed(client: LeanClient | HttpxClient, path: str, count: int, status: int = 200) -> list[float]:
    """Milliseconds per request for `count` sequential GETs of `path` (each must answer `status`)."""
    samples = []
    for _ in range(count):
        started = time.perf_counter()
        answered, body = client.get(path)
        elapsed = (time.perf_counter() - started) * 1000
        if answered != status:
            raise SystemExit(f"GET {path} answered {answered}:\n{body[:2000]!r}")
        samples.append(elapsed)
    return samples


def blend_alone(sandbox_url: str, order_id: str, count: int, kind: str) -> dict[str, list[float]]:
    """The same Blend requests the pages make, sent straight to the sandbox: the floor a page cannot beat."""
    with httpx.Client(base_url=sandbox_url, timeout=30.0) as blend:
        login = blend.post("/auth/login", json={"email": "sandbox@example.com", "password": "sandbox"})
        blend.headers["Authorization"] = f"Bearer {login.json()['access_token']}"
        client = HttpxClient(blend) if kind == "httpx" else LeanClient(sandbox_url, dict(blend.headers))
        floors = {
            "list": timed(client, "/orders?page=1&page_size=25", count),
            "detail": timed(client, f"/orders/{order_id}", count),
        }
        client.close()
        return floors


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def report(name: str, samples: list[float], floor: list[float], latency: float) -> bool:
    p50, p95 = statistics.median(samples), percentile(samples, 0.95)
    blend = statistics.median(floor)
    ok = p50 <= TARGET * latency
    print(
        f"{name:<7} p50 {p50:6.1f} ms = {p50 / latency:4.2f} x L"
        f"   p95 {p95:6.1f} ms = {p95 / latency:4.2f} x L"
        f"   | Blend alone p50 {blend:5.1f} ms = {blend / latency:4.2f} x L"
        f", BlendAdmin adds {p50 - blend:4.1f} ms"
        f"   | target p50 <= {TARGET} x L: {'met' if ok else 'MISSED'}"
    )
    return ok


def run(args: argparse.Namespace, workdir: Path) -> bool:
    sandbox_port, app_port = free_port(), free_port()
    env = environment(workdir, sandbox_port)
    print(f"Preparing a temporary database and static files in {workdir} ...")
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    manage(env, "seed_demo_users")
    sandbox_cmd = [PYTHON, "manage.py", "blend_sandbox", "--port", str(sandbox_port)]
    sandbox_cmd += ["--latency-ms", str(args.latency_ms)]
    app_cmd = [GUNICORN, "blendadmin.wsgi:application", "--bind", f"127.0.0.1:{app_port}"]
    app_cmd += ["--workers", "1", "--threads", str(args.threads), "--log-level", "warning"]
    with (
        server(sandbox_cmd, env, workdir / "sandbox.log") as sandbox,
        server(app_cmd, env, workdir / "app.log") as app,
    ):
        wait_until_up(f"http://127.0.0.1:{sandbox_port}/api/v1/auth/verify", sandbox, workdir / "sandbox.log")
        wait_until_up(f"http://127.0.0.1:{app_port}/healthz", app, workdir / "app.log")
        base = f"http://127.0.0.1:{app_port}"
        with httpx.Client(base_url=base, timeout=30.0, follow_redirects=False) as signed_in:
            sign_in(signed_in)
            listing = signed_in.get("/orders/")
            found = re.search(r'href="(/orders/[0-9a-f-]{36}/)"', listing.text)
            if found is None:
                raise SystemExit(f"No order on the list page (status {listing.status_code})")
            detail = found.group(1)
            cookies = "; ".join(f"{name}={value}" for name, value in signed_in.cookies.items())
            client = (
                HttpxClient(signed_in) if args.client == "httpx" else LeanClient(base, {"Cookie": cookies})
            )
            timed(client, "/orders/", args.warmup)
            timed(client, detail, args.warmup)
            pages = {
                "list": timed(client, "/orders/", args.requests),
                "detail": timed(client, detail, args.requests),
            }
            # A signed-in request that does not call Blend (the home page redirects to the list):
            # what the Django stack itself costs per request.
            no_blend = statistics.median(timed(client, "/", args.requests, status=302))
            client.close()
        order_id = detail.split("/")[2]
        floors = blend_alone(f"http://127.0.0.1:{sandbox_port}/api/v1", order_id, args.requests, args.client)
    print(
        f"Blend latency L = {args.latency_ms:g} ms; {args.requests} sequential requests per page"
        f" ({args.client} client)"
    )
    results = [report(name, pages[name], floors[name], args.latency_ms) for name in ("list", "detail")]
    print(f"(a signed-in request without Blend calls takes {no_blend:.1f} ms)")
    return all(results)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--latency-ms", type=float, default=50.0, help="Blend latency L (default 50)")
    parser.add_argument("--requests", type=int, default=100, help="timed requests per page (default 100)")
    parser.add_argument("--warmup", type=int, default=10, help="untimed requests per page first (default 10)")
    parser.add_argument("--threads", type=int, default=8, help="gunicorn threads (default 8)")
    parser.add_argument(
        "--client",
        choices=("lean", "httpx"),
        default="lean",
        help="timing client (default: lean, http.client)",
    )
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--keep-logs", action="store_true", help="keep the temporary directory with the logs")
    args = parser.parse_args()
    if args.latency_ms <= 0 or not 1 <= args.requests <= 10_000 or not 0 <= args.warmup <= 1000:
        parser.error("need --latency-ms > 0, 1 <= --requests <= 10000 and 0 <= --warmup <= 1000")
    workdir = Path(tempfile.mkdtemp(prefix="blendadmin-bench-"))
    static_root = ROOT / "staticfiles"  # settings.STATIC_ROOT, filled by collectstatic
    had_static_root = static_root.exists()
    try:
        ok = run(args, workdir)
    finally:
        if not had_static_root:
            shutil.rmtree(static_root, ignore_errors=True)
        if args.keep_logs:
            print(f"Logs kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return 1 if args.check and not ok else 0


if __name__ == "__main__":
    sys.exit(main())
