"""The gunicorn settings the Dockerfile runs with."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

CONF = Path(__file__).resolve().parents[2] / "gunicorn.conf.py"


@pytest.fixture
def conf():
    spec = importlib.util.spec_from_file_location("gunicorn_conf", CONF)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_workers_are_threaded(conf):
    assert conf.worker_class == "gthread" and conf.threads >= 1
