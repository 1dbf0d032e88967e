"""Blend's webhooks: how many events per second the receiver stores, and how long an event takes from
delivery to processed with one queue worker.

Starts the Blend sandbox over HTTP (clock off) and BlendAdmin under gunicorn (a temporary SQLite
database, production settings), stores a webhook secret, then:

1. receiver: N distinct events (Blend's order event shape, real order ids) POSTed by C client threads
   on keep-alive connections, no worker running: events stored per second; beside it, the same
   clients on the plain `GET /healthz` (one database query and a cache round trip, no Blend call)
   as the reference from the same run;
2. delivery to processed: one `manage.py run_worker`, events delivered one at a time at a steady
   pace; for each, processed_at - received_at as the database records them (p50, p95); beside it
   the job's one Blend call alone (`GET /orders/<id>` straight to the sandbox), and the backlog of
   step 1 drained by the same worker (events processed per second).

    .venv/bin/python bench/events.py [--events 1000] [--clients 4] [--deliveries 100] [--interval 1]
"""

from __future__ import annotations

import argparse
import http.client
import json
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
from datetime import datetime
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pages import (  # bench/ is not a package
    GUNICORN,
    PYTHON,
    LeanClient,
    environment,
    free_port,
    manage,
    percentile,
    server,
    timed,
    wait_until_up,
)

SECRET = "whsec_bench-0123456789"
FERNET_KEY = "YmVuY2gtb25seS1mZXJuZXQta2V5LTAxMjM0NTY3ODk="  # bench only


def _post_many(base: str, bodies: list[bytes], clients: int) -> float:
    """POST every body to the receiver from `clients` threads; seconds from first to last answer."""
    url = httpx.URL(base)
    chunks = [bodies[index::clients] for index in range(clients)]
    errors: list[str] = []

    def send(chunk: list[bytes]) -> None:
        connection = http.client.HTTPConnection(url.host, url.port, timeout=30.0)
        headers = {"Authorization": f"Bearer {SECRET}", "Content-Type": "application/json"}
        for body in chunk:
            connection.request("POST", "/webhooks/blend/", body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                errors.append(f"{response.status}")
        connection.close()

    threads = [threading.Thread(target=send, args=(chunk,)) for chunk in chunks]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if errors:
        raise SystemExit(f"The receiver refused {len(errors)} deliveries: {errors[:5]}")
    return elapsed


def _get_many(base: str, path: str, count: int, clients: int) -> float:
    per_client = count // clients
    results: list[float] = []

    def run() -> None:
        client = LeanClient(base, {})
        timed(client, path, per_client)
        client.close()

    threads = [threading.Thread(target=run) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    results.append(time.perf_counter() - started)
    return results[0]


def _event(order_id: str, number: int) -> bytes:
    stamp = f"2026-12-01T{number // 3600 % 24:02d}:{number // 60 % 60:02d}:{number % 60:02d}.{number:06d}"
    data = {
        "id": order_id,
        "created_at": "2026-11-30T10:00:00.000000",
        "updated_at": stamp,
        "url": f"https://app.byblend.com/orders/{order_id}",
        "order_number": "ORDBENCH",
        "first_name": "Rodrigo",
        "last_name": "Davis",
        "status_code": "P02",
        "status_name": "Picked",
    }
    return json.dumps({"event_code": "order.status_changed", "data": data}).encode()


def _when(value: str) -> datetime:
    return datetime.fromisoformat(value)


def _processed(db: Path, since_id: int) -> list[tuple[int, str, str | None, str]]:
    with sqlite3.connect(db) as connection:
        return connection.execute(
            "SELECT id, received_at, processed_at, state FROM events_event WHERE id > ? ORDER BY id",
            (since_id,),
        ).fetchall()


def _wait_processed(db: Path, since_id: int, count: int, timeout: float) -> list[tuple]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        rows = _processed(db, since_id)
        if len(rows) >= count and all(row[3] != "waiting" for row in rows):
            return rows
        time.sleep(0.2)
    raise SystemExit(f"Events were not all processed in {timeout:.0f} s")


def run(args: argparse.Namespace, workdir: Path) -> None:
    sandbox_port, app_port = free_port(), free_port()
    env = environment(workdir, sandbox_port)
    env.update(SECRETS_ENCRYPTION_KEY=FERNET_KEY, BLEND_SANDBOX_PROGRESS="0")
    db = workdir / "bench.sqlite3"
    print(f"Preparing a temporary database and static files in {workdir} ...")
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    manage(
        env,
        "shell",
        "-c",
        f"from apps.events.secrets import webhook_secret_save; webhook_secret_save({SECRET!r})",
    )
    sandbox_cmd = [PYTHON, "manage.py", "blend_sandbox", "--port", str(sandbox_port)]
    sandbox_cmd += ["--latency-ms", str(args.latency_ms)]
    app_cmd = [GUNICORN, "blendadmin.wsgi:application", "--bind", f"127.0.0.1:{app_port}"]
    app_cmd += ["--workers", str(args.workers), "--threads", "8", "--log-level", "warning"]
    worker_cmd = [PYTHON, "manage.py", "run_worker", "--no-reload", "--no-startup-delay"]
    worker_cmd += ["--interval", str(args.interval), "--verbosity", "0"]
    sandbox_api = f"http://127.0.0.1:{sandbox_port}/api/v1"
    base = f"http://127.0.0.1:{app_port}"
    with (
        server(sandbox_cmd, env, workdir / "sandbox.log") as sandbox,
        server(app_cmd, env, workdir / "app.log") as app,
    ):
        wait_until_up(f"{sandbox_api}/auth/verify", sandbox, workdir / "sandbox.log")
        wait_until_up(f"{base}/healthz", app, workdir / "app.log")
        with httpx.Client(base_url=sandbox_api, timeout=30.0) as blend:
            login = blend.post("/auth/login", json={"email": "sandbox@example.com", "password": "sandbox"})
            blend.headers["Authorization"] = f"Bearer {login.json()['access_token']}"
            orders = [row["id"] for row in blend.get("/orders", params={"page_size": 100}).json()]
            floor = LeanClient(sandbox_api, dict(blend.headers))
            blend_alone = timed(floor, f"/orders/{orders[0]}", args.deliveries)
            floor.close()

        # 1. the receiver alone (no worker): events stored per second, beside GET /healthz.
        _post_many(base, [_event(orders[i % len(orders)], 10**6 + i) for i in range(50)], args.clients)
        _get_many(base, "/healthz", 50, args.clients)
        bodies = [_event(orders[i % len(orders)], i) for i in range(args.events)]
        stored_seconds = _post_many(base, bodies, args.clients)
        health_seconds = _get_many(base, "/healthz", args.events, args.clients)
        backlog = len(_processed(db, 0))

        # 2. one worker: the backlog drained, then single deliveries timed to processed.
        with server(worker_cmd, env, workdir / "worker.log"):
            started = time.perf_counter()
            _wait_processed(db, 0, backlog, timeout=600)
            drained_seconds = time.perf_counter() - started
            last_id = max(row[0] for row in _processed(db, 0))
            client = http.client.HTTPConnection("127.0.0.1", app_port, timeout=30.0)
            headers = {"Authorization": f"Bearer {SECRET}", "Content-Type": "application/json"}
            for index in range(args.deliveries):
                client.request(
                    "POST",
                    "/webhooks/blend/",
                    body=_event(orders[index % len(orders)], 2 * 10**6 + index),
                    headers=headers,
                )
                response = client.getresponse()
                response.read()
                time.sleep(args.pace)
            client.close()
            rows = _wait_processed(db, last_id, args.deliveries, timeout=300)
    latencies = [(_when(done) - _when(received)).total_seconds() * 1000 for _, received, done, _ in rows]

    print(f"Receiver, {args.clients} clients, gunicorn {args.workers} worker x 8 threads, no queue worker:")
    print(f"  {args.events / stored_seconds:7.0f} events stored per second ({args.events} events)")
    print(f"  {args.events / health_seconds:7.0f} GET /healthz per second (reference, same clients)")
    print(f"One queue worker (--interval {args.interval:g} s), Blend latency {args.latency_ms:g} ms:")
    print(f"  backlog of {backlog} events drained at {backlog / drained_seconds:.0f} events per second")
    print(
        f"  delivery to processed ({args.deliveries} events, one every {args.pace:g} s):"
        f" p50 {statistics.median(latencies):.0f} ms, p95 {percentile(latencies, 0.95):.0f} ms"
    )
    print(
        "  reference: the job's Blend read alone (GET /orders/<id>)"
        f" p50 {statistics.median(blend_alone):.1f} ms, p95 {percentile(blend_alone, 0.95):.1f} ms"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--events", type=int, default=1000, help="events POSTed to the receiver (default 1000)"
    )
    parser.add_argument("--clients", type=int, default=4, help="concurrent delivering clients (default 4)")
    parser.add_argument("--workers", type=int, default=1, help="gunicorn worker processes (default 1)")
    parser.add_argument("--deliveries", type=int, default=100, help="events timed to processed (default 100)")
    parser.add_argument(
        "--pace", type=float, default=0.25, help="seconds between timed deliveries (default 0.25)"
    )
    parser.add_argument("--interval", type=float, default=1.0, help="worker's idle poll interval (default 1)")
    parser.add_argument("--latency-ms", type=float, default=0.0, help="sandbox latency (default 0)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-events-") as workdir:
        run(args, Path(workdir))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
