"""The gunicorn settings the Dockerfile runs with: the worker's garbage-collector set-up."""

from __future__ import annotations

import gc
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


@pytest.fixture
def restored_gc():
    thresholds = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*thresholds)


def test_a_worker_freezes_what_it_loaded_and_collects_less_often(conf, restored_gc):
    conf.post_worker_init(worker=None)
    assert gc.get_threshold() == conf.GC_THRESHOLDS
    assert gc.get_threshold()[0] > 700  # Python's default
    assert gc.get_freeze_count() > 0


def test_the_workers_are_threaded(conf):
    assert conf.worker_class == "gthread" and conf.threads >= 1
