"""The design workers warm up one after another at start, so a freshly started bot keeps a core for its users;
work that arrives meanwhile is not held back by it."""

import asyncio
import time

from bot.workers import Workers
from tests.worker_jobs import pid, slow_warm_up


async def test_workers_warm_one_after_another_and_all_get_warm():
    workers = Workers(3, lambda: 60.0, slow_warm_up)
    try:
        workers.warm()
        await asyncio.sleep(0.2)
        starting = [slot for slot in workers._slots if slot.process is not None]
        assert len(starting) == 1 and not starting[0].bulk  # the renders' worker first, alone
        deadline = time.monotonic() + 60
        while any(slot.process is None or slot.warming for slot in workers._slots):
            assert time.monotonic() < deadline, "the workers never all got warm"
            await asyncio.sleep(0.05)
    finally:
        workers.close()


async def test_a_job_sent_while_the_first_worker_warms_starts_a_worker_at_once():
    workers = Workers(3, lambda: 60.0, slow_warm_up)
    try:
        workers.warm()
        # A kit's job (bulk) can't go to the renders' worker warming first: a bulk worker starts for it now,
        # not when the one-after-another warm-up reaches it.
        job = asyncio.ensure_future(workers.run(pid, (), 2, True))
        await asyncio.sleep(0.05)
        assert sum(slot.process is not None for slot in workers._slots) == 2
        assert isinstance(await asyncio.wait_for(job, 60), int)
    finally:
        workers.close()
