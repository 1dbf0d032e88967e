"""Gunicorn settings for BlendAdmin: `gunicorn -c gunicorn.conf.py` (the Dockerfile's command).

Environment: PORT (default 8000), WEB_CONCURRENCY (worker processes, default 2 x cores + 1, at
most 12), GUNICORN_THREADS (threads per worker, default 4).
"""

from __future__ import annotations

import gc
import multiprocessing
import os

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
# The path without the query string (%(U)s, not %(r)s): a query may carry a search term with patient
# data. No referer either, for the same reason. The request id ties a line to the application log.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms rid=%({x-request-id}o)s'


# Garbage collection: a page allocates a few thousand objects, so with Python's default threshold
# (700) the collector ran about twice per request, ~0.5 ms each, on the critical path. Objects
# loaded at start-up are frozen (never scanned again) and the young generation collected every
# 10,000 net allocations instead: on the order list this took ~1 ms off the median page time.
GC_THRESHOLDS = (10_000, 50, 100)


def post_worker_init(worker) -> None:
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
