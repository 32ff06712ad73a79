"""A worker's time limit counts from the job's start, not from when it was queued; a stuck job ends alone: its
worker is replaced and every job queued behind it, another user's, runs to completion (issue 43)."""

import asyncio
import multiprocessing
import time

from bot.workers import Workers
from tests.worker_jobs import hang, pid

LIMIT = 1.5


async def test_a_stuck_job_ends_alone_and_queued_jobs_wait_longer_than_the_limit_without_ending():
    workers = Workers(1, lambda: LIMIT, pid)  # one worker: everything queues behind the stuck job
    try:
        first = await workers.run(pid, (), 2, False)  # the worker is warm
        stuck = asyncio.ensure_future(workers.run(hang, (), 1, True))
        await asyncio.sleep(0.1)
        queued_at = time.monotonic()
        # Another user's jobs, each well inside the limit, queued behind the hang: the last one starts more than
        # twice the limit after it was queued (the hang's limit, the new worker's start, the ones before it).
        naps = [asyncio.ensure_future(workers.run(time.sleep, (0.6,), 2, False)) for _ in range(4)]
        done = await asyncio.wait_for(asyncio.gather(*naps, return_exceptions=True), 60)
        waited = time.monotonic() - queued_at
        assert stuck.done(), "the hung job did not end"  # it ended before the jobs behind it could run
        assert isinstance(stuck.exception(), TimeoutError) and "more than 1.5 s" in str(stuck.exception())
        assert done == [None] * 4, done  # none cancelled, none timed out
        assert waited > 2 * LIMIT, waited  # the last one waited past the limit: only running time counts
        assert workers.stats().stuck == 1
        assert await workers.run(pid, (), 2, False) != first  # the stuck job's worker was replaced
    finally:
        workers.close()


async def test_closing_the_workers_ends_a_running_job_and_starts_no_worker_after():
    # A running job's killed worker used to hand it back for another try on a fresh process, started after the close
    # (a worker process and its manager threads outliving the pool's owner).
    workers = Workers(1, lambda: 60.0, pid)
    await workers.run(pid, (), 1, False)  # the worker is warm
    running = asyncio.ensure_future(workers.run(hang, (), 1, True))
    await asyncio.sleep(0.2)
    before = {p.pid for p in multiprocessing.active_children()}
    workers.close()
    error = await asyncio.wait_for(asyncio.gather(running, return_exceptions=True), 5)
    assert isinstance(error[0], RuntimeError) and "closed" in str(error[0]), error
    await asyncio.sleep(1.0)
    assert not {p.pid for p in multiprocessing.active_children()} - before, "a worker started after the close"
