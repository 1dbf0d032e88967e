"""Faults on demand: latency, a random error rate, and one-shot faults for chosen requests.

`latency_ms` is how long after a request arrives the sandbox answers, its own work included (it
sleeps only what is left once the work is done); 0 answers as soon as the work is done.

Kinds of one-shot fault: "timeout", "connect_error" (in process a connection error; over HTTP the
connection closes without an answer), "malformed" (a 200 whose body is not JSON), "token_expiry"
(every access token expires now), or an HTTP status such as 500, 503, 429, 422, 404.
"""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass, field


@dataclass
class Fault:
    kind: str | int
    method: str | None = None
    # a substring of the path after /api/v1, e.g. "/orders/"; ending in "$", the whole path ("/products$")
    path: str | None = None
    times: int = 1
    retry_after: int = 1
    message: str = ""
    fields: dict[str, list[str]] | None = None  # a 422's field errors (default: one "sandbox" field)

    def matches(self, method: str, path: str) -> bool:
        if self.method is not None and self.method != method:
            return False
        if self.path is not None and self.path.endswith("$"):
            return path == self.path[:-1]
        return self.path is None or self.path in path


@dataclass
class Faults:
    latency_ms: float = 0.0  # answer this long after the request arrived (work included)
    error_rate: float = 0.0
    timeout_seconds: float = 30.0  # how long a "timeout" fault holds an HTTP request open
    pending: list[Fault] = field(default_factory=list)
    seen: list[tuple[str, str]] = field(default_factory=list)  # (method, path) of every request
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _random: random.Random = field(default_factory=lambda: random.Random(7), repr=False)

    def add(
        self,
        kind: str | int,
        *,
        method: str | None = None,
        path: str | None = None,
        times: int = 1,
        retry_after: int = 1,
        message: str = "",
        fields: dict[str, list[str]] | None = None,
    ) -> Fault:
        fault = Fault(kind, method, path, times, retry_after, message, fields)
        with self._lock:
            self.pending.append(fault)
        return fault

    def take(self, method: str, path: str, *, kinds: tuple[str, ...] | None = None) -> Fault | None:
        """The first pending fault for this request (used up once), if any."""
        with self._lock:
            for fault in self.pending:
                if kinds is not None and fault.kind not in kinds:
                    continue
                if fault.matches(method, path):
                    fault.times -= 1
                    if fault.times <= 0:
                        self.pending.remove(fault)
                    return fault
        return None

    def random_failure(self) -> bool:
        return self.error_rate > 0 and self._random.random() < self.error_rate

    def record(self, method: str, path: str) -> None:
        with self._lock:
            self.seen.append((method, path))

    def clear(self) -> None:
        with self._lock:
            self.pending.clear()
            self.seen.clear()
        self.latency_ms = 0.0
        self.error_rate = 0.0
