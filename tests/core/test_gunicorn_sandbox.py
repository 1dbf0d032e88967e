"""Under gunicorn without BLEND_API_URL, every worker process answers from one sandbox: the master
starts it over HTTP once (gunicorn.conf.py) and points the workers at it."""

from __future__ import annotations

import importlib.util
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")


@pytest.fixture
def conf():
    spec = importlib.util.spec_from_file_location("gunicorn_conf", ROOT / "gunicorn.conf.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_its_sandbox_account_is_the_sandboxs(conf):
    from apps.blend.runtime import SANDBOX_ACCOUNT_EMAIL
    from apps.sandbox.seed import SANDBOX_EMAIL, SANDBOX_PASSWORD

    assert (conf.SANDBOX_EMAIL, conf.SANDBOX_PASSWORD) == (SANDBOX_EMAIL, SANDBOX_PASSWORD)
    assert SANDBOX_ACCOUNT_EMAIL == SANDBOX_EMAIL


def test_it_starts_no_sandbox_when_a_blend_is_configured(conf, monkeypatch):
    monkeypatch.setenv("BLEND_API_URL", "https://blend.example.com/api/v1")
    assert conf.start_shared_sandbox() is None
    assert conf._sandbox_process is None


def test_the_badge_says_sandbox_for_the_shared_sandbox(settings):
    from apps.blend.runtime import sandbox_active

    settings.BLEND_API_URL, settings.BLEND_API_EMAIL = "http://127.0.0.1:9/api/v1", "sandbox@example.com"
    assert sandbox_active()
    settings.BLEND_API_EMAIL = "admin@clinic.example"
    assert not sandbox_active()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(pattern: str, log: Path, process: subprocess.Popen, timeout: float = 120) -> re.Match:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = re.search(pattern, log.read_text())
        if found:
            return found
        assert process.poll() is None, log.read_text()
        time.sleep(0.2)
    raise AssertionError(f"{pattern!r} not in the log:\n{log.read_text()}")


def _manage(env: dict, *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True)


def _sign_in(base: str) -> dict[str, str]:
    with httpx.Client(base_url=base, timeout=60) as client:
        page = client.get("/accounts/login/").text
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        data = {"csrfmiddlewaretoken": token, "username": "clinic", "password": "blendadmin-demo"}
        assert client.post("/accounts/login/", data=data).status_code == 302
        return dict(client.cookies)


@pytest.mark.slow
def test_every_worker_answers_from_one_sandbox(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BLEND_", "REDIS_", "CACHE_"))}
    env.update(
        TESTING="1",
        DEBUG="0",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        PORT=str(_free_port()),
        WEB_CONCURRENCY="2",
        GUNICORN_THREADS="2",
        PYTHONPATH=str(ROOT),
    )
    _manage(env, "migrate", "--noinput")
    _manage(env, "seed_demo_users")
    log = tmp_path / "gunicorn.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [str(GUNICORN), "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{env['PORT']}"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        blend = _wait_for(r"Blend sandbox shared by every worker at (\S+)", log, server).group(1)
        _wait_for(r"Booting worker with pid.*\n(.|\n)*Booting worker with pid", log, server)
        base = f"http://127.0.0.1:{env['PORT']}"
        _wait_for_port(int(env["PORT"]))
        # A change made at the sandbox (as through one worker) is seen through every connection.
        with httpx.Client(base_url=blend, timeout=60) as api:
            login = api.post("/auth/login", json={"email": "sandbox@example.com", "password": "sandbox"})
            api.headers["Authorization"] = f"Bearer {login.json()['access_token']}"
            patient = api.get("/patients", params={"page_size": 1}).json()[0]
            api.put(f"/patients/{patient['id']}", json={"last_name": "Zyxwvutshared"}).raise_for_status()
        cookies = _sign_in(base)
        for _ in range(8):  # a new connection each time: the workers take turns accepting them
            with httpx.Client(base_url=base, cookies=cookies, timeout=60) as client:
                response = client.get("/patients/", params={"q": "Zyxwvutshared"})
                assert response.status_code == 200
                assert "Zyxwvutshared" in response.text
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    with pytest.raises(OSError):  # the sandbox stopped with the server
        socket.create_connection(("127.0.0.1", int(blend.split(":")[2].split("/")[0])), timeout=1).close()


def _wait_for_port(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"nothing listens on {port}")
