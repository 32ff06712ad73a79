"""Untrusted images are decoded in a small pool of worker processes, apart from the threads that store and
post-process paid renders, each job with a CPU-time limit. A hostile file then costs its sender at most that
limit, and never delays another user's render (it cannot hold the bot's own executor).
"""

from __future__ import annotations

import logging
import resource
from collections.abc import Callable
from concurrent.futures.process import BrokenProcessPool

from bot.model import ImageProblemKind
from bot.references.intake import CleanReference, ReferenceRefused, check_kind, clean_reference
from bot.workers import Workers

log = logging.getLogger(__name__)
CPU_SECONDS = 3  # per job; a legal photo takes well under 0.5 s
WALL_SECONDS = 10.0


class TooManyImages(ReferenceRefused):
    """Over the per-user rate of images decoded: nothing was read; try again in a little while."""

    def __init__(self) -> None:
        super().__init__(ImageProblemKind.TOO_MANY)


def _clean_with_cpu_limit(data: bytes) -> CleanReference:
    """In the worker: this job may use CPU_SECONDS more than the worker has used so far, then the kernel stops it."""
    used = resource.getrusage(resource.RUSAGE_SELF)
    spent = used.ru_utime + used.ru_stime
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    # Only the soft limit moves (an unprivileged process may not raise its hard limit again): past it, SIGXCPU.
    resource.setrlimit(resource.RLIMIT_CPU, (int(spent) + 1 + CPU_SECONDS, hard))
    return clean_reference(data)


def _loaded() -> bool:
    """A decode worker's warm-up: Pillow and the checks imported before its first file."""
    import bot.references.intake  # noqa: F401

    return True


class UntrustedImages:
    """``allow(user_id)``: the per-user rate of decodes (each one may cost a worker up to CPU_SECONDS). The decodes
    are shared fairly between users, and one stopped (over its CPU or wall limit, from its start) ends alone: its
    worker is replaced, and the other users' files waiting or decoding are not refused with it."""

    def __init__(self, workers: int = 2, allow: Callable[[int], bool] = lambda user_id: True) -> None:
        self._allow = allow
        self._workers = Workers(workers, lambda: WALL_SECONDS, _loaded, keep_one=False, retry_crashed=False,
                                name="decode")  # fmt: skip

    async def clean(self, data: bytes, user_id: int | None = None) -> CleanReference:
        """The cleaned reference, or ReferenceRefused (bad file, over the CPU or time limit, or TooManyImages).
        What needs no decode is refused here at once, before any worker (the first one may still be starting)."""
        check_kind(data)
        if user_id is not None and not self._allow(user_id):  # None: the operator's own tools
            raise TooManyImages()
        try:
            return await self._workers.run(_clean_with_cpu_limit, (data,), user_id, False)
        except (BrokenProcessPool, TimeoutError) as exc:
            log.warning("an untrusted image was stopped (%s); its decode worker is replaced", type(exc).__name__)
            raise ReferenceRefused(ImageProblemKind.TOO_COSTLY) from None

    def close(self) -> None:
        self._workers.close()
