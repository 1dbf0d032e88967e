"""The process-wide sandbox: seeded once, shared by the in-process transport and the HTTP server.
Tests fork its seeded state before each test (`reset_sandbox`), which costs microseconds.

Its clock runs by itself only with BLEND_SANDBOX_PROGRESS set, in this one process: `make run`'s
server (one process), or `manage.py blend_sandbox`, which gunicorn's master starts once for every
worker (gunicorn.conf.py); workers talk to that one over HTTP and hold no sandbox of their own."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime

from django.conf import settings

from apps.sandbox import webhooks
from apps.sandbox.app import Sandbox
from apps.sandbox.faults import Faults
from apps.sandbox.state import SandboxState

_lock = threading.Lock()
_base: SandboxState | None = None
_sandbox: Sandbox | None = None
seed_seconds: float | None = None


def base_state() -> SandboxState:
    """The seeded demo account (built once per process, never changed: everyone works on forks)."""
    global _base, seed_seconds
    if _base is None:
        with _lock:
            if _base is None:
                from apps.sandbox.seed import build_seeded_state

                started = time.perf_counter()
                _base = build_seeded_state(seed=settings.BLEND_SANDBOX_SEED, anchor=datetime.now(UTC))
                seed_seconds = time.perf_counter() - started
    return _base


def faults_from_settings() -> Faults:
    faults = Faults(
        latency_ms=settings.BLEND_SANDBOX_LATENCY_MS, error_rate=settings.BLEND_SANDBOX_ERROR_RATE
    )
    for spec in filter(None, (s.strip() for s in settings.BLEND_SANDBOX_FAULT.split(","))):
        kind, _, path = spec.partition("@")
        faults.add(int(kind) if kind.isdigit() else kind, path=path or None, times=10**9)
    return faults


def get_sandbox() -> Sandbox:
    global _sandbox
    if _sandbox is None:
        state = base_state().fork()
        with _lock:
            if _sandbox is None:
                _sandbox = Sandbox(state, faults_from_settings())
                _sandbox.clock.seed = settings.BLEND_SANDBOX_SEED
                _sandbox.clock.speed = settings.BLEND_SANDBOX_PROGRESS or 1.0
                if settings.BLEND_SANDBOX_PROGRESS > 0:
                    _sandbox.clock.run_in_background()
    return _sandbox


def reset_sandbox() -> Sandbox:
    """Give the sandbox a fresh copy of the seeded state, no faults and a clock starting now, at
    Blend's pace (used before every test)."""
    sandbox = get_sandbox()
    sandbox.state = base_state().fork()
    sandbox.faults.clear()
    sandbox.clock.stop()
    sandbox.clock.speed = 1.0
    sandbox.clock.reset()
    webhooks.log.clear()
    return sandbox
