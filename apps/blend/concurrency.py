"""Run independent Blend calls at the same time, so a page costs one round trip, not the sum."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, cast

from django.utils.functional import SimpleLazyObject

_pool = ThreadPoolExecutor(max_workers=16, thread_name_prefix="blend")
# How long the caller waits for a background call to start (~0.1 ms; longer only when every pool
# thread is busy, and then the caller goes on after this).
START_WAIT = 0.05


def start_in_background[T](call: Callable[[], T]) -> Future[T]:
    """Start `call()` on another thread now and return its Future: `.result()` waits for it (and
    raises its error). For a read a page needs only part-way through, after other work."""
    return _pool.submit(call)


def start_first[T](call: Callable[[], T]) -> Future[T]:
    """Start `call()` on another thread and return its Future once the call is running, for a read
    the caller needs after work of its own (rendering while Blend answers).

    The caller waits until the call has started: from then on the other thread holds the GIL until
    its request goes out (its first blocking call), instead of waiting for the caller's rendering
    to let go of it, which delayed the request by ~0.7 ms. (A call that waits on I/O before its
    request, such as the Blend token read from Redis, lets go of the GIL there too.)"""
    started = threading.Event()

    def run() -> T:
        started.set()
        return call()

    future = _pool.submit(run)
    started.wait(START_WAIT)
    return future


def fetch_in_background[T](call: Callable[[], T]) -> T:
    """Start `call()` now on another thread (`start_first`) and return a stand-in for its result
    that waits for it (and raises its error) when first used. A page starts its Blend read first
    and renders its layout, menus and forms while Blend answers; the template waits where the data
    is needed."""
    return cast(T, SimpleLazyObject(start_first(call).result))


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
