"""Folds a user's messages into coach turns, within a per-user rate.

Messages that arrive while a turn runs, or while the user's rate says wait, join one pending batch that the next
turn answers. So a burst of 50 messages costs a handful of model calls, nothing is dropped, and at most one task
per session waits (no unbounded queue behind the session lock).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

T = TypeVar("T")
Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]


@dataclass(frozen=True)
class Rate:
    per_minute: float
    burst: int


@dataclass
class _Bucket:
    tokens: float
    stamp: float
    rate: Rate

    def refilled(self, now: float) -> float:
        return min(float(self.rate.burst), self.tokens + (now - self.stamp) * self.rate.per_minute / 60.0)


@dataclass
class _Batch(Generic[T]):
    items: list[T] = field(default_factory=list)


class TurnGate(Generic[T]):
    def __init__(self, clock: Clock = time.monotonic, sleep: Sleep = asyncio.sleep) -> None:
        self._clock = clock
        self._sleep = sleep
        self._batches: dict[int, _Batch[T]] = {}
        self._buckets: dict[int, _Bucket] = {}

    async def submit(self, key: int, item: T, rate: Rate, run: Callable[[list[T]], Awaitable[None]]) -> bool:
        """Add ``item`` for ``key``; the first caller runs turns until the batch is empty. Returns False when the
        item was folded into a turn another caller runs."""
        batch = self._batches.get(key)
        if batch is not None:
            batch.items.append(item)
            return False
        batch = self._batches[key] = _Batch([item])
        try:
            while batch.items:
                await self._take_token(key, rate)
                items, batch.items = batch.items, []
                await run(items)
        finally:
            del self._batches[key]
            self._forget_full_buckets()
        return True

    def pending(self, key: int) -> bool:
        return key in self._batches

    async def _take_token(self, key: int, rate: Rate) -> None:
        while True:
            now = self._clock()
            bucket = self._buckets.setdefault(key, _Bucket(float(rate.burst), now, rate))
            bucket.tokens, bucket.stamp, bucket.rate = bucket.refilled(now), now, rate
            if bucket.tokens >= 1.0:
                bucket.tokens -= 1.0
                return
            await self._sleep((1.0 - bucket.tokens) * 60.0 / rate.per_minute)

    def _forget_full_buckets(self) -> None:
        """A bucket that has refilled says nothing a new one wouldn't: drop it, so memory follows active users."""
        now = self._clock()
        for key in [k for k, b in self._buckets.items() if k not in self._batches and b.refilled(now) >= b.rate.burst]:
            del self._buckets[key]

    def __len__(self) -> int:
        return len(self._batches) + len(self._buckets)
