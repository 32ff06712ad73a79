"""Where the engine's CPU work runs: resvg's Python binding holds the GIL while it rasterises (a 1024 px design
stalled the event loop ~100 ms on a thread), so rasterising, tracing, the pack and the kit run in worker processes.

Shared fairly between users (``bot/workers``): each job runs on behalf of the user the caller names with
``on_behalf_of``; bulk work (a brand kit, the pack) never holds every worker (a kit's jobs run two at a time, one
per core, and the third worker is kept for renders) and runs below the renders' CPU priority; a job stuck past
``JOB_SECONDS`` from its start ends alone. Workers are made on first use and warmed at start so the first render
does not pay for their imports.
"""

from __future__ import annotations

import concurrent.futures
import contextvars
import functools
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from bot.workers import User, Workers, WorkerStats

T = TypeVar("T")
log = logging.getLogger(__name__)
# One bulk worker per core (2 here) and one kept for renders: a kit's ~40 jobs run on both cores at once (6.7 s -> 4.2
# s p50 alternated at load 2.3, issue 44) while a render still starts at once, ahead of the kit's niced threads.
WORKERS = 3
# A job takes well under a second, a kit's largest a few; one still running this long after it started is stuck.
JOB_SECONDS = 60.0
# Bulk work's CPU priority below the renders' (nice 10 weighs about a tenth of nice 0 on Linux): when the machine is
# busy, a kit waits for the CPU, not a render.
BULK_NICE = 10
_caller: contextvars.ContextVar[tuple[User, bool]] = contextvars.ContextVar("design_caller", default=(None, False))


@contextmanager
def on_behalf_of(user: int | None, *, bulk: bool = False) -> Iterator[None]:
    """Jobs run inside this block (and tasks started in it) are ``user``'s; ``bulk``: many jobs nobody watches one
    by one (a brand kit), kept off the worker left for renders."""
    token = _caller.set((user, bulk))
    try:
        yield
    finally:
        _caller.reset(token)


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
    return True


_workers = Workers(WORKERS, lambda: JOB_SECONDS, functools.partial(_ready, ()), nice=BULK_NICE)


def warm(modules: tuple[str, ...] = ()) -> None:
    """Start the workers now (at start-up), without waiting for them; ``modules`` are the jobs' own modules, named
    by the caller (this library knows nothing above it)."""
    _workers.warm(functools.partial(_ready, modules))


async def run(function: Callable[..., T], *args: Any) -> T:
    """``function(*args)`` in a worker process (both must pickle), on behalf of the caller's user (see
    ``on_behalf_of``). A job that crashes its worker is tried once more on a fresh one; one stuck past
    ``JOB_SECONDS`` from its start raises TimeoutError, and only it."""
    user, bulk = _caller.get()
    return await _workers.run(function, args, user, bulk)


def start(function: Callable[..., Any], *args: Any) -> None:
    """``function(*args)`` queued in a worker like ``run``, for work nobody waits for (a failure is only logged)."""
    user, bulk = _caller.get()
    job = _workers.submit(function, args, user, bulk)
    job.done.add_done_callback(_log_failure)


def _log_failure(done: concurrent.futures.Future[Any]) -> None:
    if not done.cancelled() and (error := done.exception()) is not None:
        log.warning("a design job nobody waited for failed: %r", error)


def stats() -> WorkerStats:
    return _workers.stats()


def close() -> None:
    _workers.close()
