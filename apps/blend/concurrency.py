"""Run independent Blend calls at the same time, so a page costs one round trip, not the sum."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

_pool = ThreadPoolExecutor(max_workers=16, thread_name_prefix="blend")


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
