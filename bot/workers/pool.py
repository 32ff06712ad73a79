"""A small pool of worker processes shared fairly between users, for CPU work that must not run on the event loop.

Each worker is its own process (spawn, not fork: the bot's process has threads a fork would copy). A free worker
takes the waiting job of the user with the least worker time lately (``fair_queue.py``). A job still running past
its limit, counted from its start, is stuck: it alone fails with TimeoutError, its worker is killed and replaced,
and every other job, queued or running elsewhere, carries on.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any, TypeVar

from bot.workers.fair_queue import FairQueue, Job, Usage, User

T = TypeVar("T")


@dataclass(frozen=True)
class WorkerStats:
    """What the workers are doing now, for the metrics."""

    waiting: dict[str, int]  # "interactive" / "bulk" -> jobs queued
    running: dict[str, int]
    users_waiting: int
    shares: dict[User, float]  # each user's fraction of the recent worker time
    stuck: int  # jobs ended at their limit since the process started
    workers: int


def _start_worker(parent: int) -> None:
    """Every worker whose parent died (kill -9) exits within a second instead of living on with its pipes open."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(0)

    threading.Thread(target=watch, daemon=True, name="parent-watch").start()


def _niced(nice: int, function: Callable[..., T], *args: Any) -> T:
    """A bulk job on a thread of its own at ``nice`` (Linux's niceness is per thread, and the threads it starts
    inherit it), so bulk work yields the CPU to renders while the worker itself stays at normal priority: its
    warm-up and the interactive jobs it also takes are not starved by every other process on a busy machine (a
    render waited over 30 s on a worker niced as a whole)."""
    outcome: list[tuple[bool, Any]] = []

    def body() -> None:
        try:
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), nice)
        except (AttributeError, OSError):  # no per-thread priority here: the job runs at the worker's
            pass
        try:
            outcome.append((True, function(*args)))
        except BaseException as exc:  # handed back to the caller as the job's own error
            outcome.append((False, exc))

    thread = threading.Thread(target=body, name="bulk-job")
    thread.start()
    thread.join()
    done, value = outcome[0]
    if not done:
        raise value
    return value


class _Slot:
    """One worker process and the job it runs. A fresh process is busy warming until its warm-up job returns, so
    a job's time limit counts from when the job itself starts."""

    def __init__(self, bulk: bool) -> None:
        self.bulk = bulk  # takes bulk jobs too; else interactive ones only
        self.process: concurrent.futures.ProcessPoolExecutor | None = None
        self.warming = False
        self.job: Job | None = None
        self.started = 0.0
        self.timer: threading.Timer | None = None

    @property
    def free(self) -> bool:
        return self.process is not None and self.job is None and not self.warming

    def start_process(self, warm: Callable[[], Any], ready: Callable[[], None]) -> None:
        self.process = concurrent.futures.ProcessPoolExecutor(
            1, mp_context=multiprocessing.get_context("spawn"), initializer=_start_worker, initargs=(os.getpid(),)
        )
        try:
            warmed = self.process.submit(warm)
        except RuntimeError:  # the interpreter is ending
            self.process = None
            return
        self.warming = True
        warmed.add_done_callback(lambda _: ready())

    def discard(self) -> None:
        """Kill this worker (a stuck job would otherwise run on); a fresh one is started when next needed."""
        if self.process is None:
            return
        processes = list((getattr(self.process, "_processes", None) or {}).values())
        self.process.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.kill()
        self.process = None
        self.warming = False


class Workers:
    """A pool of ``count`` worker processes shared fairly between users (``fair_queue.py``).

    ``limit()``: a job's seconds from its start before it is stuck (read as each job starts); ``warm``: run in each
    fresh process before it takes jobs (a picklable callable); ``keep_one``: the last worker takes interactive jobs
    only and bulk jobs run at ``nice``, so bulk work neither holds every worker nor takes the CPU from the rest;
    ``retry_crashed``: a job that crashes its worker (out of memory, a native crash) is tried once more on a fresh
    one (not for a hostile input, whose crash is its answer)."""

    def __init__(
        self, count: int, limit: Callable[[], float], warm: Callable[[], Any], *, keep_one: bool = True,
        nice: int = 10, retry_crashed: bool = True, name: str = "design",
    ) -> None:  # fmt: skip
        self._lock = threading.RLock()
        self._slots = [_Slot(bulk=not keep_one or index < count - 1 or count == 1) for index in range(count)]
        self._usage = Usage()
        self._queue = FairQueue(self._usage)
        self._limit = limit
        self._warm = warm
        self._nice = nice if keep_one else 0
        self._retry_crashed = retry_crashed
        self._name = name
        self._stuck = 0
        self._warming_all = False  # warm(): start the cold workers one after another

    def warm(self, warm: Callable[[], Any] | None = None) -> None:
        """Start the workers now, one after another, without waiting for them (``warm``: a new warm-up job).

        One at a time, the interactive one first: a warm-up is a second or more of imports at normal priority, and
        all of them at once took both cores from the bot's first minutes (a burst of coach turns right after a
        start lost 25-45 ms at p99 to three warm-ups). Work that arrives meanwhile still starts a worker at once."""
        with self._lock:
            self._warm = warm or self._warm
            self._warming_all = True
            self._warm_next()

    def _warm_next(self) -> None:
        if not self._warming_all or any(slot.warming for slot in self._slots):
            return
        cold = [slot for slot in self._slots if slot.process is None]
        if not cold:
            self._warming_all = False
            return
        self._start_process(min(cold, key=lambda slot: slot.bulk))  # the renders' worker first

    def _start_process(self, slot: _Slot) -> None:
        process = None

        def ready() -> None:
            with self._lock:
                if slot.process is process:  # not discarded meanwhile
                    slot.warming = False
                    self._dispatch()
                self._warm_next()

        slot.start_process(self._warm, ready)
        process = slot.process

    def submit(self, function: Callable[..., Any], args: tuple[Any, ...], user: User, bulk: bool) -> Job:
        """The job, queued; ``job.done`` is the future its caller awaits."""
        job = Job(user, bulk, function, args, concurrent.futures.Future())
        with self._lock:
            self._queue.push(job)
            self._dispatch()
        return job

    def _dispatch(self) -> None:
        self._start_needed()
        for slot in sorted(self._slots, key=lambda slot: slot.bulk):  # interactive jobs to the un-niced one first
            while slot.free:
                job = self._queue.pop(bulk_allowed=slot.bulk, running=self._running())
                if job is None:
                    break
                if job.attempts == 0 and not job.done.set_running_or_notify_cancel():
                    continue  # its caller gave up while it waited
                self._start(slot, job)

    def _start_needed(self) -> None:
        """A worker not started yet (or replaced after a stuck job) is started for work waiting that no idle or
        warming worker will take: on demand, as each process costs a second or more of imports."""
        for slot in self._slots:
            if slot.process is not None or slot.job is not None:
                continue
            idle = [other for other in self._slots if other.process is not None and other.job is None]
            wanted = self._queue.depth(False) > len(idle)
            if slot.bulk:
                wanted = wanted or self._queue.depth(True) > sum(1 for other in idle if other.bulk)
            if wanted:
                self._start_process(slot)

    def _running(self) -> dict[User, float]:
        """Each user's seconds so far in the jobs running now."""
        now = time.monotonic()
        running: dict[User, float] = {}
        for slot in self._slots:
            if slot.job is not None:
                running[slot.job.user] = running.get(slot.job.user, 0.0) + now - slot.started
        return running

    def _start(self, slot: _Slot, job: Job) -> None:
        assert slot.process is not None  # free
        job.attempts += 1
        try:
            if job.bulk and self._nice:
                running = slot.process.submit(_niced, self._nice, job.function, *job.args)
            else:
                running = slot.process.submit(job.function, *job.args)
        except (BrokenProcessPool, RuntimeError) as exc:  # its process died while idle, or the interpreter is ending
            slot.discard()
            job.done.set_exception(exc)
            return
        slot.job, slot.started = job, time.monotonic()
        slot.timer = threading.Timer(self._limit(), self._stuck_job, (slot, job))
        slot.timer.daemon = True
        slot.timer.start()
        running.add_done_callback(lambda future: self._finished(slot, job, future))

    def _finished(self, slot: _Slot, job: Job, future: concurrent.futures.Future[Any]) -> None:
        with self._lock:
            if slot.job is not job:
                return  # already ended as stuck
            self._free(slot, job)
            error = future.exception()
            if isinstance(error, BrokenProcessPool):
                slot.discard()  # the job crashed its worker (out of memory, a native crash): once more, fresh
                if self._retry_crashed and job.attempts < 2:
                    self._queue.push(job, front=True)
                    self._dispatch()
                    return
            self._dispatch()
        if error is not None:
            job.done.set_exception(error)
        else:
            job.done.set_result(future.result())

    def _stuck_job(self, slot: _Slot, job: Job) -> None:
        with self._lock:
            if slot.job is not job:
                return
            self._stuck += 1
            self._free(slot, job)
            slot.discard()
            self._dispatch()
        job.done.set_exception(TimeoutError(f"a {self._name} job ran for more than {self._limit():g} s"))

    def _free(self, slot: _Slot, job: Job) -> None:
        if slot.timer is not None:
            slot.timer.cancel()
        self._usage.add(job.user, time.monotonic() - slot.started)
        slot.job, slot.timer = None, None

    async def run(self, function: Callable[..., T], args: tuple[Any, ...], user: User, bulk: bool) -> T:
        """``function(*args)`` in a worker (both must pickle). A caller that stops waiting drops its queued job (a
        running one finishes: it can't be stopped)."""
        job = self.submit(function, args, user, bulk)
        try:
            return await asyncio.wrap_future(job.done)
        except asyncio.CancelledError:
            with self._lock:
                self._queue.remove(job)
            raise

    def stats(self) -> WorkerStats:
        with self._lock:
            bulk = sum(1 for slot in self._slots if slot.job is not None and slot.job.bulk)
            busy = sum(1 for slot in self._slots if slot.job is not None)
            return WorkerStats(
                waiting={"interactive": self._queue.depth(False), "bulk": self._queue.depth(True)},
                running={"interactive": busy - bulk, "bulk": bulk},
                users_waiting=self._queue.users_waiting(),
                shares=self._usage.shares(),
                stuck=self._stuck,
                workers=len(self._slots),
            )  # fmt: skip

    def close(self) -> None:
        """Stop every worker now (a job submitted later starts a fresh one). A job running at the close fails here:
        left to its killed worker's BrokenProcessPool, it was tried again on a fresh process after the close."""
        ended: list[Job] = []
        with self._lock:
            self._warming_all = False
            for slot in self._slots:
                if slot.job is not None:
                    ended.append(slot.job)
                    self._free(slot, slot.job)
                slot.discard()
        for job in ended:
            job.done.set_exception(RuntimeError(f"the {self._name} workers were closed"))
