"""The new-order type-aheads (patient and prescriber) against a Blend that answers after L ms.

Each type-ahead is one HTMX GET that should cost one Blend round trip (one search) and little more.
Starts the sandbox over HTTP with latency L and BlendAdmin under gunicorn exactly as bench/pages.py
does, signs in as the demo clinic user, starts an order draft, then times N sequential requests of
each type-ahead, beside the same Blend search sent straight to the sandbox ("Blend alone") and the
start page /orders/new/, signed in and calling no Blend (the reference figures of the same run).

    .venv/bin/python bench/typeahead.py [--latency-ms 50] [--requests 100] [--warmup 10]
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import tempfile
from pathlib import Path
from urllib.parse import quote

import httpx
from pages import (
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

USERNAME, PASSWORD = "clinic", "blendadmin-demo"  # manage.py seed_demo_users


def sign_in(client: httpx.Client) -> None:
    page = client.get("/accounts/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    response = client.post(
        "/accounts/login/", data={"username": USERNAME, "password": PASSWORD, "csrfmiddlewaretoken": token}
    )
    if response.status_code != 302:
        raise SystemExit(f"Sign-in failed (status {response.status_code})")


def start_draft(client: httpx.Client) -> str:
    page = client.get("/orders/new/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    response = client.post("/orders/new/", data={"csrfmiddlewaretoken": token})
    found = re.search(r"/orders/new/([0-9a-f-]{36})/", response.headers.get("location", ""))
    if found is None:
        raise SystemExit(f"Could not start an order draft (status {response.status_code})")
    return found.group(1)


def search_terms(blend: httpx.Client) -> dict[str, str]:
    """A few letters of the first patient's and prescriber's last names: a search that finds some."""
    patient = blend.get("/patients", params={"page_size": 1}).json()[0]
    prescriber = blend.get("/prescribers", params={"page_size": 1}).json()[0]
    return {"patient": patient["last_name"][:4], "prescriber": prescriber["last_name"][:4]}


def line(name: str, samples: list[float], floor: list[float], latency: float) -> None:
    p50, p95, blend = statistics.median(samples), percentile(samples, 0.95), statistics.median(floor)
    print(
        f"{name:<11} p50 {p50:6.1f} ms = {p50 / latency:4.2f} x L   p95 {p95:6.1f} ms"
        f"   | Blend alone p50 {blend:5.1f} ms, BlendAdmin adds {p50 - blend:4.1f} ms"
    )


def run(args: argparse.Namespace, workdir: Path) -> None:
    sandbox_port, app_port = free_port(), free_port()
    env = environment(workdir, sandbox_port)
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    manage(env, "seed_demo_users")
    sandbox_cmd = [PYTHON, "manage.py", "blend_sandbox", "--port", str(sandbox_port)]
    sandbox_cmd += ["--latency-ms", str(args.latency_ms)]
    app_cmd = [GUNICORN, "blendadmin.wsgi:application", "--bind", f"127.0.0.1:{app_port}"]
    app_cmd += ["--workers", "1", "--threads", "8", "--log-level", "warning"]
    sandbox_url = f"http://127.0.0.1:{sandbox_port}/api/v1"
    with (
        server(sandbox_cmd, env, workdir / "sandbox.log") as sandbox,
        server(app_cmd, env, workdir / "app.log") as app,
    ):
        wait_until_up(f"{sandbox_url}/auth/verify", sandbox, workdir / "sandbox.log")
        wait_until_up(f"http://127.0.0.1:{app_port}/healthz", app, workdir / "app.log")
        with httpx.Client(base_url=sandbox_url, timeout=30.0) as blend:
            login = blend.post("/auth/login", json={"email": "sandbox@example.com", "password": "sandbox"})
            blend.headers["Authorization"] = f"Bearer {login.json()['access_token']}"
            terms = search_terms(blend)
            raw = LeanClient(sandbox_url, dict(blend.headers))
            floors = {
                kind: timed(raw, f"/search/{kind}s?q={quote(term)}&limit=8", args.requests)
                for kind, term in terms.items()
            }
            raw.close()
        base = f"http://127.0.0.1:{app_port}"
        with httpx.Client(base_url=base, timeout=30.0, follow_redirects=False) as signed_in:
            sign_in(signed_in)
            draft = start_draft(signed_in)
            cookies = "; ".join(f"{name}={value}" for name, value in signed_in.cookies.items())
        client = LeanClient(base, {"Cookie": cookies, "HX-Request": "true"})
        paths = {kind: f"/orders/new/{draft}/{kind}s/?q={quote(term)}" for kind, term in terms.items()}
        for path in paths.values():
            timed(client, path, args.warmup)
        pages = {kind: timed(client, path, args.requests) for kind, path in paths.items()}
        # The new-order start page: signed in, the layout, a database read, no Blend call.
        no_blend = statistics.median(timed(client, "/orders/new/", args.requests))
        client.close()
    print(f"Blend latency L = {args.latency_ms:g} ms; {args.requests} sequential requests each")
    for kind in ("patient", "prescriber"):
        line(f"{kind} hits", pages[kind], floors[kind], args.latency_ms)
    print(f"(reference: the start page /orders/new/, signed in and without Blend calls, {no_blend:.1f} ms)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--latency-ms", type=float, default=50.0)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--warmup", type=int, default=10)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="blendadmin-bench-"))
    try:
        run(args, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
