"""Figures of a month that has ended, counted once per process: no session can start in it any more."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Generic, TypeVar

T = TypeVar("T")
Count = Callable[[float, float], Awaitable[T]]


def month_bounds(month: str) -> tuple[float, float]:
    """The month's start and end as Unix times (the caller has checked it is YYYY-MM)."""
    year, number = int(month[:4]), int(month[5:7])
    start = datetime(year, number, 1, tzinfo=UTC)
    end = datetime(year + (number == 12), 1 if number == 12 else number + 1, 1, tzinfo=UTC)
    return start.timestamp(), end.timestamp()


class EndedMonths(Generic[T]):
    def __init__(self, clock: Callable[[], float]) -> None:
        self._clock = clock
        self._kept: dict[tuple[str, int | None], T] = {}

    async def get(self, month: str, guild_id: int | None, count: Count[T]) -> T:
        """``count(start, end)``'s answer, kept once ``month`` is over."""
        if (month, guild_id) in self._kept:
            return self._kept[(month, guild_id)]
        start, end = month_bounds(month)
        figures = await count(start, end)
        if end <= self._clock():
            self._kept[(month, guild_id)] = figures
        return figures
