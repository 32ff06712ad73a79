"""Where the engine's CPU work runs: resvg's Python binding holds the GIL while it rasterises (a 1024 px design
stalled the event loop ~100 ms on a thread), so rasterising, tracing and the pack run in worker processes.

One pool per process, made on first use (spawn, not fork: the bot's process has threads a fork would copy) and
warmed at start so the first render does not pay for the workers' imports."""

from __future__ import annotations

import asyncio
import concurrent.futures
import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

T = TypeVar("T")
WORKERS = 2
# A job takes well under a second; one that has not answered in this long is stuck, not slow.
JOB_SECONDS = 60.0
_pool: concurrent.futures.ProcessPoolExecutor | None = None


def _leave_with_parent(parent: int) -> None:
    """A worker whose parent died (kill -9) exits within a second instead of living on with its pipes open."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(0)

    threading.Thread(target=watch, daemon=True, name="parent-watch").start()


def _executor() -> concurrent.futures.ProcessPoolExecutor:
    global _pool
    if _pool is None:
        _pool = concurrent.futures.ProcessPoolExecutor(
            WORKERS, mp_context=multiprocessing.get_context("spawn"), initializer=_leave_with_parent,
            initargs=(os.getpid(),),
        )  # fmt: skip
    return _pool


def _ready(modules: tuple[str, ...]) -> bool:
    """Load what every render needs (the fonts, the marks, resvg, the callers' job modules) and draw one small
    design, once per worker."""
    import importlib

    from bot.design import design_png, spec_for
    from bot.design.assets import font, marks
    from bot.design.compose import FONTS
    from bot.model import CREATION_TYPES, Brief

    for module in modules:  # (~1.5 s, paid here rather than by the first render)
        importlib.import_module(module)
    marks()
    for name in FONTS.values():
        font(name)
    design_png(spec_for(CREATION_TYPES[-1], "gaming", Brief(subject="fox", text="Warm"), []), scene=True, size=64)
    time.sleep(0.5)  # hold this worker so the other warm job goes to the other one
    return True


def warm(modules: tuple[str, ...] = ()) -> None:
    """Start the workers now (at start-up), without waiting for them; ``modules`` are the jobs' own modules, named
    by the caller (this library knows nothing above it)."""
    pool = _executor()
    for _ in range(WORKERS):
        pool.submit(_ready, modules)


async def run(function: Callable[..., T], *args: Any) -> T:
    """``function(*args)`` in a worker process (both must pickle); a crashed pool is replaced once, and a stuck
    one is replaced and the job refused (TimeoutError) rather than awaited for ever."""
    global _pool
    loop = asyncio.get_running_loop()
    for attempt in (1, 2):
        pool = _executor()
        try:
            return await asyncio.wait_for(loop.run_in_executor(pool, function, *args), JOB_SECONDS)
        except BrokenProcessPool:
            _discard(pool)
            if attempt == 2:
                raise
        except TimeoutError:
            _discard(pool)
            raise
    raise AssertionError("unreachable")


def _discard(pool: concurrent.futures.ProcessPoolExecutor) -> None:
    global _pool
    if _pool is pool:
        _pool = None
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:  # a stuck worker is ended, not left behind
        process.kill()


def close() -> None:
    global _pool
    if _pool is not None:
        _pool.shutdown(wait=False, cancel_futures=True)
        _pool = None
