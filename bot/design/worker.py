"""Where the engine's CPU work runs: resvg's Python binding holds the GIL while it rasterises (a 1024 px design
stalled the event loop ~100 ms on a thread), so rasterising, tracing, the pack and the kit run in worker processes.

Shared fairly between users (``fair_queue.py``): each job runs on behalf of the user the caller names with
``on_behalf_of``, and a free worker takes the waiting job of the user who has had the least worker time lately;
bulk work (a brand kit) never holds every worker. Each worker is its own process (spawn, not fork: the bot's
process has threads a fork would copy), so a job stuck past ``JOB_SECONDS`` from its start ends alone: its worker
is killed and replaced, and every other job, queued or running elsewhere, carries on. Workers are made on first
use and warmed at start so the first render does not pay for their imports.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextvars
import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from bot.design.fair_queue import FairQueue, Job, Usage, User

T = TypeVar("T")
WORKERS = 2
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


@dataclass(frozen=True)
class WorkerStats:
    """What the workers are doing now, for the metrics."""

    waiting: dict[str, int]  # "interactive" / "bulk" -> jobs queued
    running: dict[str, int]
    users_waiting: int
    shares: dict[User, float]  # each user's fraction of the recent worker time
    stuck: int  # jobs ended at JOB_SECONDS since the process started
    workers: int


def _start_worker(parent: int, nice: int) -> None:
    """A worker for bulk work yields the CPU to renders (its niceness); every worker whose parent died (kill -9)
    exits within a second instead of living on with its pipes open."""
    if nice:
        os.nice(nice)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(0)

    threading.Thread(target=watch, daemon=True, name="parent-watch").start()


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


class _Slot:
    """One worker process and the job it runs. A fresh process is busy warming until ``_ready`` returns, so a
    job's time limit counts from when the job itself starts."""

    def __init__(self, bulk: bool) -> None:
        self.bulk = bulk  # takes bulk jobs too (and runs below the renders' CPU priority); else renders only
        self.process: concurrent.futures.ProcessPoolExecutor | None = None
        self.warming = False
        self.job: Job | None = None
        self.started = 0.0
        self.timer: threading.Timer | None = None

    @property
    def free(self) -> bool:
        return self.process is not None and self.job is None and not self.warming

    def start_process(self, modules: tuple[str, ...], ready: Callable[[], None]) -> None:
        self.process = concurrent.futures.ProcessPoolExecutor(
            1, mp_context=multiprocessing.get_context("spawn"), initializer=_start_worker,
            initargs=(os.getpid(), BULK_NICE if self.bulk else 0),
        )  # fmt: skip
        try:
            warmed = self.process.submit(_ready, modules)
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
    def __init__(self, count: int = WORKERS, job_seconds: float | None = None) -> None:
        self._lock = threading.RLock()
        # The last worker is kept for interactive jobs: a kit's jobs never hold every worker.
        self._slots = [_Slot(bulk=index < count - 1 or count == 1) for index in range(count)]
        self._usage = Usage()
        self._queue = FairQueue(self._usage)
        self._job_seconds = job_seconds  # None: JOB_SECONDS as it is when each job starts
        self._modules: tuple[str, ...] = ()
        self._stuck = 0

    def warm(self, modules: tuple[str, ...]) -> None:
        with self._lock:
            self._modules = modules
            for slot in self._slots:
                if slot.process is None:
                    self._start_process(slot)

    def _start_process(self, slot: _Slot) -> None:
        process = None

        def ready() -> None:
            with self._lock:
                if slot.process is process:  # not discarded meanwhile
                    slot.warming = False
                    self._dispatch()

        slot.start_process(self._modules, ready)
        process = slot.process

    def submit(self, function: Callable[..., Any], args: tuple[Any, ...], user: User, bulk: bool) -> Job:
        """The job, queued; ``job.done`` is the future its caller awaits."""
        job = Job(user, bulk, function, args, concurrent.futures.Future())
        with self._lock:
            self._queue.push(job)
            self._dispatch()
        return job

    def _dispatch(self) -> None:
        for slot in self._slots:
            if slot.process is None and slot.job is None:
                self._start_process(slot)  # replaced after a stuck job, or never started: warm, then take jobs
        for slot in sorted(self._slots, key=lambda slot: slot.bulk):  # renders go to the un-niced worker first
            while slot.free:
                job = self._queue.pop(bulk_allowed=slot.bulk, running=self._running())
                if job is None:
                    break
                if job.attempts == 0 and not job.done.set_running_or_notify_cancel():
                    continue  # its caller gave up while it waited
                self._start(slot, job)

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
                if job.attempts < 2:
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
        job.done.set_exception(TimeoutError(f"a design job ran for more than {self._limit():g} s"))

    def _limit(self) -> float:
        return self._job_seconds or JOB_SECONDS

    def _free(self, slot: _Slot, job: Job) -> None:
        if slot.timer is not None:
            slot.timer.cancel()
        self._usage.add(job.user, time.monotonic() - slot.started)
        slot.job, slot.timer = None, None

    def forget(self, job: Job) -> None:
        """The caller stopped waiting: a queued job is dropped (a running one finishes; it can't be stopped)."""
        with self._lock:
            self._queue.remove(job)

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
        with self._lock:
            for slot in self._slots:
                if slot.timer is not None:
                    slot.timer.cancel()
                slot.discard()


_workers = Workers()


def warm(modules: tuple[str, ...] = ()) -> None:
    """Start the workers now (at start-up), without waiting for them; ``modules`` are the jobs' own modules, named
    by the caller (this library knows nothing above it)."""
    _workers.warm(modules)


async def run(function: Callable[..., T], *args: Any) -> T:
    """``function(*args)`` in a worker process (both must pickle), on behalf of the caller's user (see
    ``on_behalf_of``). A job that crashes its worker is tried once more on a fresh one; one stuck past
    ``JOB_SECONDS`` from its start raises TimeoutError, and only it."""
    user, bulk = _caller.get()
    job = _workers.submit(function, args, user, bulk)
    try:
        return await asyncio.wrap_future(job.done)
    except asyncio.CancelledError:
        _workers.forget(job)
        raise


def stats() -> WorkerStats:
    return _workers.stats()


def close() -> None:
    _workers.close()
