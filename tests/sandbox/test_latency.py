"""Injected latency L means Blend answers L ms after the request arrived, its own work included.
A fake clock and sleep stand in for real time, so nothing here depends on how fast the machine is."""

from __future__ import annotations

import io
import threading
import types

import pytest

from apps.sandbox.app import ANSWER_AT, ARRIVED
from apps.sandbox.server import Http11Handler


class FakeTime:
    """A clock that moves only by `work` seconds (the request's own work) and by what is slept."""

    def __init__(self, work: float) -> None:
        self.now, self.work, self.slept = 100.0, work, []

    def clock(self) -> float:
        reading = self.now
        self.now += self.work  # the work happens between the arrival and the next reading
        self.work = 0.0
        return reading

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


@pytest.fixture
def fake_time(sandbox, monkeypatch):
    def install(work: float) -> FakeTime:
        fake = FakeTime(work)
        monkeypatch.setattr(sandbox, "monotonic", fake.clock)
        monkeypatch.setattr(sandbox, "sleep", fake.sleep)
        return fake

    return install


def lock_is_free(lock) -> bool:
    """Whether another thread could take `lock` right now."""
    free = []

    def probe() -> None:
        free.append(lock.acquire(blocking=False))
        if free[0]:
            lock.release()

    thread = threading.Thread(target=probe)
    thread.start()
    thread.join()
    return free[0]


@pytest.mark.parametrize(("work", "slept"), [(0.0, [0.05]), (0.012, [0.038]), (0.08, [])])
def test_it_sleeps_only_what_is_left_of_the_latency(api, sandbox, fake_time, work, slept):
    fake = fake_time(work)
    sandbox.faults.latency_ms = 50
    assert api.get("/orders", params={"page_size": 5}).status_code == 200
    assert fake.slept == pytest.approx(slept)


def test_it_does_not_sleep_without_latency(api, fake_time):
    fake = fake_time(0.01)
    assert api.get("/auth/verify").status_code == 200
    assert fake.slept == []


def test_it_sleeps_outside_the_state_lock(api, sandbox, monkeypatch):
    free = []
    monkeypatch.setattr(sandbox, "sleep", lambda seconds: free.append(lock_is_free(sandbox.state.lock)))
    sandbox.faults.latency_ms = 50
    api.get("/orders", params={"page_size": 5})
    assert free == [True]


def test_it_answers_errors_and_faults_after_the_latency_too(api, sandbox, fake_time):
    fake = fake_time(0.01)
    sandbox.faults.latency_ms = 50
    sandbox.faults.add(503, path="/orders")
    assert api.get("/orders").status_code == 503
    assert fake.slept == pytest.approx([0.04])


def test_it_holds_a_timeout_fault_for_its_timeout_with_the_latency_inside_it(api, sandbox, fake_time):
    fake = fake_time(0.01)
    sandbox.faults.latency_ms = 50
    sandbox.faults.add("timeout", path="/orders")
    assert api.get("/orders").status_code == 504
    assert fake.slept == [sandbox.faults.timeout_seconds]


def test_latency_counts_from_the_arrival_the_http_server_noted(sandbox, fake_time):
    fake = fake_time(0.0)
    sandbox.faults.latency_ms = 50
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": "/api/v1/auth/verify", ARRIVED: fake.now - 0.02}
    sandbox(environ, lambda status, headers: None)
    assert fake.slept == pytest.approx([0.03])  # 20 ms had passed since the request line came in


class TimedWriter(io.BytesIO):
    """A socket writer that notes the fake clock's time of each write."""

    def __init__(self, fake: FakeTime) -> None:
        super().__init__()
        self.fake, self.writes = fake, []

    def write(self, data):
        self.writes.append((self.fake.now, bytes(data)))
        return super().write(data)


def serve_one(sandbox, fake: FakeTime, *, waits: bool) -> tuple[TimedWriter, dict]:
    """One GET through the HTTP server's handler, arriving at the fake clock's first reading."""
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": "/api/v1/no-such-endpoint",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": "http",
        ARRIVED: fake.clock(),
    }
    out = TimedWriter(fake)
    wait_until = sandbox.wait_until if waits else None
    handler = Http11Handler(io.BytesIO(), out, io.StringIO(), environ, wait_until=wait_until)
    handler.request_handler = types.SimpleNamespace(log_request=lambda *args: None)
    seen = []

    def app(environ, start_response):
        seen.append(environ)
        return sandbox(environ, start_response)

    handler.run(app)
    return out, seen[0]


def test_over_http_the_answer_is_ready_first_and_leaves_when_due(sandbox, fake_time):
    fake = fake_time(0.012)  # the request's own work, from arrival to the server's next reading
    sandbox.faults.latency_ms = 50
    out, environ = serve_one(sandbox, fake, waits=True)
    assert environ[ANSWER_AT] == pytest.approx(100.05)  # the app said when, and did not sleep itself
    assert fake.slept == pytest.approx([0.038])  # one wait: by the server, once the bytes were ready
    [(sent_at, data)] = out.writes
    assert sent_at == pytest.approx(100.05) and data.startswith(b"HTTP/1.1 404 ")


def test_a_server_that_does_not_wait_leaves_the_wait_to_the_app(sandbox, fake_time):
    fake = fake_time(0.012)
    sandbox.faults.latency_ms = 50
    out, environ = serve_one(sandbox, fake, waits=False)
    assert ANSWER_AT not in environ
    assert fake.slept == pytest.approx([0.038])
    assert [sent_at for sent_at, _ in out.writes] == [pytest.approx(100.05)]


def test_over_http_without_latency_nothing_waits(sandbox, fake_time):
    fake = fake_time(0.012)
    out, environ = serve_one(sandbox, fake, waits=True)
    assert environ[ANSWER_AT] is None and fake.slept == [] and len(out.writes) == 1
