"""Which job a free design worker takes next (no processes: the queue's own rules, on a fake clock)."""

from concurrent.futures import Future

from bot.workers.fair_queue import HALF_LIFE_SECONDS, FairQueue, Job, Usage


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def job(user: int | None, bulk: bool = False, at: float = 0.0) -> Job:
    return Job(user, bulk, print, (), Future(), enqueued=at)


def drain(queue: FairQueue, usage: Usage, *, bulk_allowed: bool = True, seconds: float = 1.0) -> list[int | None]:
    """Users in the order their jobs run, each job taking ``seconds`` of one worker."""
    order = []
    while (next_job := queue.pop(bulk_allowed=bulk_allowed, running={})) is not None:
        order.append(next_job.user)
        usage.add(next_job.user, seconds)
    return order


def test_a_user_with_many_jobs_takes_turns_with_the_others():
    clock = Clock()
    usage = Usage(clock)
    queue = FairQueue(usage)
    for n in range(6):
        queue.push(job(1, at=n))  # one account queues six jobs first ...
    queue.push(job(2, at=10))  # ... then two others one each
    queue.push(job(3, at=11))
    assert drain(queue, usage)[:4] == [1, 2, 3, 1]


def test_the_user_with_the_least_worker_time_lately_goes_first_and_time_fades():
    clock = Clock()
    usage = Usage(clock)
    usage.add(1, 30.0)  # a kit's worth of jobs just now
    queue = FairQueue(usage)
    queue.push(job(1, at=0))
    queue.push(job(2, at=1))
    assert queue.pop(bulk_allowed=True, running={}).user == 2
    clock.now = 10 * HALF_LIFE_SECONDS  # long ago: it no longer counts against them
    assert usage.of(1) < 0.05
    queue.push(job(3, at=2))
    usage.add(3, 1.0)
    assert queue.pop(bulk_allowed=True, running={}).user == 1


def test_renders_go_before_kits_and_kits_wait_for_a_worker_that_takes_them():
    usage = Usage(Clock())
    queue = FairQueue(usage)
    queue.push(job(1, bulk=True, at=0))
    queue.push(job(2, at=5))
    assert queue.pop(bulk_allowed=False, running={}).user == 2  # the worker kept for renders
    assert queue.pop(bulk_allowed=False, running={}) is None  # a kit's job never takes it
    assert queue.pop(bulk_allowed=True, running={}).user == 1
    assert queue.depth(True) == queue.depth(False) == 0 and queue.users_waiting() == 0


def test_time_in_running_jobs_counts_and_shares_add_up():
    usage = Usage(Clock())
    queue = FairQueue(usage)
    queue.push(job(1, at=0))
    queue.push(job(2, at=1))
    assert queue.pop(bulk_allowed=True, running={1: 5.0}).user == 2  # user 1 already has a long job running
    usage.add(1, 3.0)
    usage.add(2, 1.0)
    assert usage.shares() == {1: 0.75, 2: 0.25}
