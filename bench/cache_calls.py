"""Cache calls per page: each `kind=path` argument is requested three times in-process (Django's
test client, signed in as the demo support user) and the calls on the default cache backend during
the third are counted by method (/healthz without a session, as a load balancer sends it).
Run by bench/load.py with its environment (settings from env)."""

from __future__ import annotations

import functools
import os
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
METHODS = ("get", "get_many", "set", "set_many", "add", "delete", "delete_many", "touch", "incr", "has_key")


def main(pairs: list[str]) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "blendadmin.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.cache import caches
    from django.test import Client

    calls: Counter[str] = Counter()
    backend = type(caches["default"])

    def counted(name, method):
        @functools.wraps(method)
        def wrapper(*args, **kwargs):
            calls[name] += 1
            return method(*args, **kwargs)

        return wrapper

    for name in METHODS:
        if name in backend.__dict__ or hasattr(backend, name):
            setattr(backend, name, counted(name, getattr(backend, name)))
    client = Client()
    client.force_login(get_user_model().objects.get(username="support"))
    print(f"   backend {backend.__module__}.{backend.__name__}")
    for pair in pairs:
        kind, path = pair.split("=", 1)
        browser = Client() if path.startswith("/healthz") else client  # health checks carry no cookie
        for _ in range(2):
            browser.get(path)
        calls.clear()
        status = browser.get(path).status_code
        detail = ", ".join(f"{name} {count}" for name, count in sorted(calls.items()))
        print(f"   {kind:<14} {sum(calls.values()):>3} calls  ({detail})  [status {status}]")


if __name__ == "__main__":
    main(sys.argv[1:])
