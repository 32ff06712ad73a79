"""Untrusted images are decoded in a small pool of worker processes, apart from the threads that store and
post-process paid renders, each job with a CPU-time limit. A hostile file then costs its sender at most that
limit, and never delays another user's render (it cannot hold the bot's own executor).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import multiprocessing
import resource
from collections.abc import Callable
from concurrent.futures.process import BrokenProcessPool

from bot.references.intake import CleanReference, ReferenceRefused, check_kind, clean_reference

log = logging.getLogger(__name__)
CPU_SECONDS = 3  # per job; a legal photo takes well under 0.5 s
WALL_SECONDS = 10.0
TOO_COSTLY = "That image takes too long to read (it may be built to be slow), so I can't use it as a reference."


class TooManyImages(ReferenceRefused):
    """Over the per-user rate of images decoded: nothing was read; try again in a little while."""

    def __init__(self) -> None:
        super().__init__("That's a lot of images at once — give it a minute, then send it again.")


def _clean_with_cpu_limit(data: bytes) -> CleanReference:
    """In the worker: this job may use CPU_SECONDS more than the worker has used so far, then the kernel stops it."""
    used = resource.getrusage(resource.RUSAGE_SELF)
    spent = used.ru_utime + used.ru_stime
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    # Only the soft limit moves (an unprivileged process may not raise its hard limit again): past it, SIGXCPU.
    resource.setrlimit(resource.RLIMIT_CPU, (int(spent) + 1 + CPU_SECONDS, hard))
    return clean_reference(data)


class UntrustedImages:
    """``allow(user_id)``: the per-user rate of decodes (each one may cost a worker up to CPU_SECONDS)."""

    def __init__(self, workers: int = 2, allow: Callable[[int], bool] = lambda user_id: True) -> None:
        self._workers = workers
        self._allow = allow
        self._pool: concurrent.futures.ProcessPoolExecutor | None = None

    def _executor(self) -> concurrent.futures.ProcessPoolExecutor:
        if self._pool is None:
            # spawn, not fork: the bot's process has threads (aiosqlite, the default executor) a fork would copy.
            context = multiprocessing.get_context("spawn")
            self._pool = concurrent.futures.ProcessPoolExecutor(self._workers, mp_context=context)
        return self._pool

    async def clean(self, data: bytes, user_id: int | None = None) -> CleanReference:
        """The cleaned reference, or ReferenceRefused (bad file, over the CPU or time limit, or TooManyImages).
        What needs no decode is refused here at once, before any worker (the first one may still be starting)."""
        check_kind(data)
        if user_id is not None and not self._allow(user_id):  # None: the operator's own tools
            raise TooManyImages()
        loop = asyncio.get_running_loop()
        pool = self._executor()
        try:
            return await asyncio.wait_for(loop.run_in_executor(pool, _clean_with_cpu_limit, data), WALL_SECONDS)
        except ReferenceRefused:
            raise
        except (BrokenProcessPool, TimeoutError) as exc:
            log.warning("an untrusted image was stopped (%s); restarting the decode workers", type(exc).__name__)
            self._discard(pool)
            raise ReferenceRefused(TOO_COSTLY) from None

    def _discard(self, pool: concurrent.futures.ProcessPoolExecutor) -> None:
        if self._pool is pool:
            self._pool = None
        for process in list((getattr(pool, "_processes", None) or {}).values()):
            process.kill()  # a worker stuck in a decode would otherwise finish it first
        pool.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        if self._pool is not None:
            self._discard(self._pool)
