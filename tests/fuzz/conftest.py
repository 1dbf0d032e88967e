"""Property-based fuzz tests: slow (run when CI is set, as `.ci/run` does; skipped by a plain `make test`)."""

from __future__ import annotations

from pathlib import Path

import pytest


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.slow)
