"""Endpoint handlers, one module per area of Blend's reference. Importing a module registers its
routes on `apps.sandbox.http.router`."""

from __future__ import annotations

import importlib
import pkgutil

_loaded = False


def load_all() -> None:
    global _loaded
    if _loaded:
        return
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
    _loaded = True
