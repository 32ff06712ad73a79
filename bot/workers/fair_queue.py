"""Which waiting job a free design worker takes next: one queue per user, and the user who has had the least
worker time lately goes first, so a job's cost counts, not just its turn.

Jobs are interactive (a render, an export: someone is watching a spinner) or bulk (a brand kit's many jobs, the
platform pack). Interactive jobs go before bulk ones, and bulk jobs may hold at most all workers but one: a
running job can't be interrupted, so the worker kept free is what lets a render start at once while kits queue.
Not thread-safe by itself: the caller holds its lock.
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

# Worker time counts toward a user's share with this half-life: recent enough to react within a kit, long enough
# that one kit's many small jobs add up.
HALF_LIFE_SECONDS = 20.0
User = int | None  # None: work on nobody's behalf (start-up, housekeeping), queued as if one more user


@dataclass(eq=False)
class Job:
    user: User
    bulk: bool
    function: Callable[..., Any]
    args: tuple[Any, ...]
    done: Any  # the concurrent.futures.Future the caller awaits
    enqueued: float = field(default_factory=time.monotonic)
    attempts: int = 0


class Usage:
    """Each user's worker seconds, decayed: how much of the workers each one has had lately."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._seconds: dict[User, tuple[float, float]] = {}  # user -> (seconds, as of)

    def of(self, user: User) -> float:
        seconds, at = self._seconds.get(user, (0.0, 0.0))
        return seconds * math.exp2(-(self._clock() - at) / HALF_LIFE_SECONDS)

    def add(self, user: User, seconds: float) -> None:
        self._seconds[user] = (self.of(user) + seconds, self._clock())
        if len(self._seconds) > 1000:  # users whose time has decayed away carry nothing worth keeping
            self._seconds = {u: (s, a) for u, (s, a) in self._seconds.items() if self.of(u) > 0.01}

    def shares(self) -> dict[User, float]:
        """Each user's fraction of the recent worker time (users with next to none left out)."""
        now = {user: self.of(user) for user in self._seconds}
        total = sum(now.values())
        return {user: s / total for user, s in now.items() if total and s / total >= 0.001}


class FairQueue:
    def __init__(self, usage: Usage) -> None:
        self.usage = usage
        self._waiting: dict[bool, dict[User, deque[Job]]] = {False: {}, True: {}}  # bulk? -> user -> jobs

    def push(self, job: Job, *, front: bool = False) -> None:
        jobs = self._waiting[job.bulk].setdefault(job.user, deque())
        jobs.appendleft(job) if front else jobs.append(job)

    def pop(self, *, bulk_allowed: bool, running: dict[User, float]) -> Job | None:
        """The next job: interactive first; within a kind, the user with the least worker time lately (the
        seconds their running jobs have taken so far count too), the earliest queued on a tie."""
        for bulk in (False, True):
            queues = self._waiting[bulk]
            if not queues or (bulk and not bulk_allowed):
                continue
            user = min(queues, key=lambda u: (self.usage.of(u) + running.get(u, 0.0), queues[u][0].enqueued))
            job = queues[user].popleft()
            if not queues[user]:
                del queues[user]
            return job
        return None

    def remove(self, job: Job) -> None:
        jobs = self._waiting[job.bulk].get(job.user)
        if jobs is not None and job in jobs:
            jobs.remove(job)
            if not jobs:
                del self._waiting[job.bulk][job.user]

    def depth(self, bulk: bool) -> int:
        return sum(len(jobs) for jobs in self._waiting[bulk].values())

    def users_waiting(self) -> int:
        return len(set(self._waiting[False]) | set(self._waiting[True]))
