"""Run independent Blend calls at the same time, so a page costs one round trip, not the sum; let
a read the page can do without fail into a gap (`optional`)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Executor, ThreadPoolExecutor
from typing import Any

from apps.blend.errors import BlendError

logger = logging.getLogger(__name__)

_pool = ThreadPoolExecutor(max_workers=16, thread_name_prefix="blend")


def background() -> Executor:
    """The pool Blend reads run on in the background (an export reads its next page there)."""
    return _pool


def optional[T](call: Callable[[], T]) -> Callable[[], T | None]:
    """`call`, but a Blend failure gives None (the page shows a gap) instead of an error."""

    def run() -> T | None:
        try:
            return call()
        except BlendError as exc:
            logger.warning("Optional Blend read failed (%s); the page shows without it", type(exc).__name__)
            return None

    return run


def fetch_concurrently(**calls: Callable[[], Any]) -> dict[str, Any]:
    """{"order": lambda: ..., "history": lambda: ...} -> {"order": <result>, "history": <result>}.
    The first call runs on this thread; an error from any call is raised after all have finished."""
    if not calls:
        return {}
    names = list(calls)
    futures = {name: _pool.submit(calls[name]) for name in names[1:]}
    results: dict[str, Any] = {}
    first_error: BaseException | None = None
    try:
        results[names[0]] = calls[names[0]]()
    except BaseException as exc:
        first_error = exc
    for name, future in futures.items():
        try:
            results[name] = future.result()
        except BaseException as exc:
            first_error = first_error or exc
    if first_error is not None:
        raise first_error
    return results
