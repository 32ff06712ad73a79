"""Coach turns per user per UTC day: the model calls coaching makes are bounded like credits are.

A turn is taken by one conditional upsert, so concurrent turns can never exceed the day's limit.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from bot.storage import Database

_TAKE_SQL = """
INSERT INTO coach_usage (user_id, day, turns) SELECT CAST(? AS BIGINT), CAST(? AS TEXT), 1 WHERE ? > 0
ON CONFLICT (user_id, day) DO UPDATE SET turns = coach_usage.turns + 1 WHERE coach_usage.turns < ?
"""


def day_key(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d")


class CoachAllowance:
    def __init__(self, db: Database, clock: Callable[[], float] = time.time) -> None:
        self._db = db
        self._clock = clock

    async def take(self, user_id: int, limit: int) -> bool:
        """One coach turn today; False when the day's ``limit`` is used up."""
        return await self._db.execute(_TAKE_SQL, (user_id, day_key(self._clock()), limit, limit)) == 1

    async def used_today(self, user_id: int) -> int:
        row = await self._db.fetchone(
            "SELECT turns FROM coach_usage WHERE user_id = ? AND day = ?", (user_id, day_key(self._clock()))
        )
        return int(row["turns"]) if row else 0

    def resets_at(self) -> datetime:
        today = datetime.fromtimestamp(self._clock(), UTC).replace(hour=0, minute=0, second=0, microsecond=0)
        return today + timedelta(days=1)
