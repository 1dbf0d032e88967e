"""Gunicorn settings for BlendAdmin: `gunicorn -c gunicorn.conf.py` (the Dockerfile's command).

Environment: PORT (default 8000), WEB_CONCURRENCY (worker processes, default 2 x cores + 1, at
most 12), GUNICORN_THREADS (threads per worker, default 4).

Without BLEND_API_URL the app talks to the sandbox. Each worker process would seed a sandbox of
its own (a pause done through one worker invisible through the next), so the master starts one
sandbox over HTTP on a loopback port (`manage.py blend_sandbox`) before forking the workers, and
points every worker at it with BLEND_API_URL and the sandbox's own account.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import environ
from gunicorn.glogging import Logger

BASE_DIR = Path(__file__).resolve().parent

wsgi_app = "blendadmin.wsgi:application"
bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"

# Threads suit BlendAdmin: a request mostly waits on Blend, and the Blend client is thread-safe.
worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY") or min(2 * multiprocessing.cpu_count() + 1, 12))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))

# A Blend call may take connect 3 s + read 10 s, retried twice for reads: stay above that.
timeout = 60
graceful_timeout = 30
# Longer than the load balancer's idle timeout (60 s on most), so it never reuses a closed connection.
keepalive = 75
max_requests = 2000
max_requests_jitter = 200
worker_tmp_dir = "/dev/shm"  # noqa: S108 - heartbeat files in memory, not on the container's disk

accesslog = "-"
errorlog = "-"
# The URL pattern the app answered (%(U)s, see AccessLogger), not the path or query (%(r)s): a path
# or a query may carry patient data (`/patients/078-05-1120/`, a search term). No referer either, for
# the same reason. The request id ties a line to the application log.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms rid=%({x-request-id}o)s'
LOG_PATH_KEY = "blendadmin.log_path"  # apps.core.net's (not imported: no Django here)
PLAIN_PATHS = ("/static/", "/healthz")  # answered before the app names a pattern, and never patient data


class AccessLogger(Logger):
    """`%(U)s` is the URL pattern the app put in the environ; a request it did not route (static
    files, a redirect to HTTPS) shows its path only when that is a static file or /healthz."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        path = environ.get("PATH_INFO") or ""
        atoms["U"] = environ.get(LOG_PATH_KEY) or (path if path.startswith(PLAIN_PATHS) else "(no route)")
        return atoms


logger_class = AccessLogger


# Garbage collection: a page allocates a few thousand objects, so with Python's default threshold
# (700) the collector ran about twice per request, ~0.5 ms each, on the critical path. Objects
# loaded at start-up are frozen (never scanned again) and the young generation collected every
# 10,000 net allocations instead: on the order list this took ~1 ms off the median page time.
GC_THRESHOLDS = (10_000, 50, 100)


def post_worker_init(worker) -> None:
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


# --- one sandbox for every worker --------------------------------------------------------------------
SANDBOX_EMAIL = "sandbox@example.com"  # apps.sandbox.seed's account (not imported: no Django here)
SANDBOX_PASSWORD = "sandbox"
SANDBOX_START_TIMEOUT = 120.0  # seconds to seed and start listening
_sandbox_process: subprocess.Popen | None = None


def _free_loopback_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _die_with_parent() -> None:  # pragma: no cover - runs in the child before exec
    """The sandbox ends when the master does, even if the master is killed without cleaning up."""
    import ctypes

    with contextlib.suppress(Exception):
        ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def start_shared_sandbox(log=None, *, timeout: float = SANDBOX_START_TIMEOUT) -> str | None:
    """Start the sandbox over HTTP once and point the workers (forked later, with this environment)
    at it. Nothing to do when a Blend is configured (in the environment or `.env`). Returns the URL."""
    global _sandbox_process
    environ.Env.read_env(BASE_DIR / ".env", overwrite=False)
    if os.environ.get("BLEND_API_URL"):
        return None
    port = _free_loopback_port()
    command = [sys.executable, str(BASE_DIR / "manage.py"), "blend_sandbox", "--host", "127.0.0.1"]
    _sandbox_process = subprocess.Popen(  # noqa: S603 - our own manage.py, no shell
        [*command, "--port", str(port)],
        cwd=BASE_DIR,
        preexec_fn=_die_with_parent if sys.platform == "linux" else None,
    )
    deadline = time.monotonic() + timeout
    while True:
        if _sandbox_process.poll() is not None:
            raise RuntimeError(
                "The shared Blend sandbox did not start (see its error above). Set BLEND_API_URL to a "
                "Blend, or start one with `manage.py blend_sandbox` and point BLEND_API_URL at it."
            )
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
            break
        if time.monotonic() > deadline:
            stop_shared_sandbox()
            raise RuntimeError(f"The shared Blend sandbox did not listen on port {port} in {timeout:g} s.")
        time.sleep(0.1)
    url = f"http://127.0.0.1:{port}/api/v1"
    os.environ.update(BLEND_API_URL=url, BLEND_API_EMAIL=SANDBOX_EMAIL, BLEND_API_PASSWORD=SANDBOX_PASSWORD)
    if log is not None:
        log.info("Blend sandbox shared by every worker at %s", url)
    return url


def stop_shared_sandbox() -> None:
    global _sandbox_process
    if _sandbox_process is not None and _sandbox_process.poll() is None:
        _sandbox_process.terminate()
        try:
            _sandbox_process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            _sandbox_process.kill()
            _sandbox_process.wait()
    _sandbox_process = None


def on_starting(server) -> None:
    start_shared_sandbox(server.log)


def on_exit(server) -> None:
    stop_shared_sandbox()
