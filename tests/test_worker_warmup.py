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


async def test_a_job_sent_while_the_first_worker_warms_does_not_wait_for_the_warm_up_chain():
    workers = Workers(3, lambda: 60.0, slow_warm_up)
    try:
        workers.warm()
        # Two users' jobs at once: the one warming worker can't take both; another is started for them now.
        began = time.monotonic()
        pids = await asyncio.wait_for(asyncio.gather(workers.run(pid, (), 1, False), workers.run(pid, (), 2, True)), 60)
        assert len(set(pids)) == 2
        assert time.monotonic() - began < 30
    finally:
        workers.close()
