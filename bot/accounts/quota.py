"""Monthly generation credits per user: tiers, atomic reserve, refund and status.

A credit is reserved by a single conditional upsert, so concurrent reserves can
never exceed the limit whatever the interleaving or number of connections.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from bot.config import QuotaSettings, Tier
from bot.storage import REFUND_SQL, Database, reserve_in

Clock = Callable[[], float]




def month_key(timestamp: float) -> str:
    """The UTC calendar month a timestamp falls in, e.g. ``2026-11``."""
    return datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m")


def next_reset(timestamp: float) -> datetime:
    """Midnight UTC on the first day of the month after ``timestamp``."""
    now = datetime.fromtimestamp(timestamp, UTC)
    year, month = (now.year + 1, 1) if now.month == 12 else (now.year, now.month + 1)
    return datetime(year, month, 1, tzinfo=UTC)


@dataclass(frozen=True)
class QuotaStatus:
    tier: Tier
    used: int
    limit: int
    resets_at: datetime

    @property
    def remaining(self) -> int:
        return max(self.limit - self.used, 0)


class QuotaService:
    def __init__(self, db: Database, settings: QuotaSettings, clock: Clock = time.time) -> None:
        self._db = db
        self._settings = settings
        self._clock = clock

    def limit_for(self, tier: Tier) -> int:
        return self._settings.limits[tier]

    def current_month(self) -> str:
        return month_key(self._clock())

    async def reserve(self, user_id: int, tier: Tier) -> str | None:
        """Take one credit this month; returns the month charged, or None when none are left."""
        month = self.current_month()
        async with self._db.transaction() as conn:
            granted = await reserve_in(conn, user_id, month, self.limit_for(tier))
        return month if granted else None

    async def refund(self, user_id: int, month: str) -> None:
        """Give back a credit to the month it was taken from (not necessarily this month)."""
        await self._db.execute(REFUND_SQL, (user_id, month))

    async def status(self, user_id: int, tier: Tier) -> QuotaStatus:
        now = self._clock()
        row = await self._db.fetchone(
            "SELECT used FROM monthly_usage WHERE user_id = ? AND month = ?", (user_id, month_key(now))
        )
        return QuotaStatus(
            tier=tier,
            used=int(row["used"]) if row else 0,
            limit=self.limit_for(tier),
            resets_at=next_reset(now),
        )
