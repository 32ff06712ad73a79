"""Where the engine's CPU work runs: resvg's Python binding holds the GIL while it rasterises (a 1024 px design
stalled the event loop ~100 ms on a thread), so rasterising, tracing and the pack run in worker processes.

One pool per process, made on first use (spawn, not fork: the bot's process has threads a fork would copy) and
warmed at start so the first render does not pay for the workers' imports."""

from __future__ import annotations

import asyncio
import concurrent.futures
import multiprocessing
from collections.abc import Callable
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

T = TypeVar("T")
WORKERS = 2
_pool: concurrent.futures.ProcessPoolExecutor | None = None


def _executor() -> concurrent.futures.ProcessPoolExecutor:
    global _pool
    if _pool is None:
        _pool = concurrent.futures.ProcessPoolExecutor(WORKERS, mp_context=multiprocessing.get_context("spawn"))
    return _pool


def _ready() -> bool:
    import bot.design.raster  # noqa: F401  the heavy imports, once per worker

    return True


def warm() -> None:
    """Start the workers now (at start-up), without waiting for them."""
    pool = _executor()
    for _ in range(WORKERS):
        pool.submit(_ready)


async def run(function: Callable[..., T], *args: Any) -> T:
    """``function(*args)`` in a worker process (both must pickle); a crashed pool is replaced once."""
    global _pool
    loop = asyncio.get_running_loop()
    try:
        return await loop.run_in_executor(_executor(), function, *args)
    except BrokenProcessPool:
        _pool = None
        return await loop.run_in_executor(_executor(), function, *args)


def close() -> None:
    global _pool
    if _pool is not None:
        _pool.shutdown(wait=False, cancel_futures=True)
        _pool = None
