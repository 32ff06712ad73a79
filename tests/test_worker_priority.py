"""Issue 45: bulk work yields the CPU, not the worker that runs it. A bulk job (and the threads it starts) runs at
the pool's niceness; the same worker's warm-up and interactive jobs run at normal priority, so on a busy machine a
render's job sent there is not starved by every other process (the offline render that waited over 30 s)."""

import asyncio
import os

import pytest

from bot.workers import Workers
from tests.worker_jobs import niceness


def _warm() -> bool:
    return True


@pytest.mark.skipif(not hasattr(os, "setpriority"), reason="per-thread priority is Linux's")
async def test_bulk_jobs_run_niced_and_the_same_workers_other_jobs_do_not():
    base = os.getpriority(os.PRIO_PROCESS, 0)
    workers = Workers(1, lambda: 60.0, _warm, nice=10)  # one worker: it takes bulk and interactive jobs
    try:
        bulk = await asyncio.wait_for(workers.run(niceness, (), 1, True), 60)
        interactive = await asyncio.wait_for(workers.run(niceness, (), 2, False), 60)
        again = await asyncio.wait_for(workers.run(niceness, (), 1, True), 60)
    finally:
        workers.close()
    assert bulk == again == (min(base + 10, 19), min(base + 10, 19))
    assert interactive == (base, base)
