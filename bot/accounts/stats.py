"""The operator's monthly figures: adoption, completion, satisfaction and conversion (the seed's success metrics).

Definitions (all for sessions *started* in the UTC month, optionally in one server):
- started: sessions opened; distinct users: their owners.
- completion rate: sessions with at least one delivered render / started.
- renders per session: renders of those sessions / started.
- rating: mean stars and count over those sessions' renders.
- refunds: those sessions whose credit was refunded (expired or cancelled before a delivery).
- failures by kind: failed render attempts of those sessions (unavailable, timeout, safety, empty, other).
- tier mix: sessions by the tier they were opened with.
- renders fixed: renders the self-check corrected (a corrective edit) before delivery.
- tier rose: users who opened a session at a higher tier than an earlier session of theirs that month.

Cost: the month's sessions through their index on created_at (or guild and created_at), each session's renders,
creations and failures through their index on session_id: one month costs one month, whatever the history. The
queries run on the operator's own connection under a statement timeout (QueryTimedOut), and a month that has
ended is counted once per process.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from bot.accounts.ended_months import EndedMonths
from bot.accounts.ended_months import month_bounds as bounds_of
from bot.config import TIERS
from bot.storage import Database

MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
FAILURE_KINDS = ("unavailable", "timeout", "safety", "empty", "other")


class BadMonth(ValueError):
    """Not a YYYY-MM month."""


@dataclass(frozen=True)
class MonthStats:
    month: str
    guild_id: int | None
    started: int
    users: int
    completed: int
    renders: int
    rating_mean: float | None
    rating_count: int
    refunds: int
    failures: dict[str, int] = field(default_factory=dict)
    tier_mix: dict[str, int] = field(default_factory=dict)
    tier_rose: int = 0
    renders_fixed: int = 0  # renders the self-check corrected before delivery

    @property
    def completion_rate(self) -> float:
        return self.completed / self.started if self.started else 0.0

    @property
    def renders_per_session(self) -> float:
        return self.renders / self.started if self.started else 0.0


def month_bounds(month: str) -> tuple[float, float]:
    if MONTH.match(month) is None:
        raise BadMonth(f"`{month}` is not a month; use YYYY-MM, e.g. 2026-11")
    return bounds_of(month)


class OperatorStats:
    def __init__(self, db: Database, clock: Callable[[], float] = time.time) -> None:
        self._db = db
        self._ended: EndedMonths[MonthStats] = EndedMonths(clock)

    async def for_month(self, month: str, guild_id: int | None = None) -> MonthStats:
        month_bounds(month)  # a bad month is refused before anything is counted
        return await self._ended.get(month, guild_id, lambda start, end: self._count(month, guild_id, start, end))

    async def _count(self, month: str, guild_id: int | None, start: float, end: float) -> MonthStats:
        scope = "s.created_at >= ? AND s.created_at < ?" + ("" if guild_id is None else " AND s.guild_id = ?")
        params: tuple[object, ...] = (start, end) if guild_id is None else (start, end, guild_id)
        what = f"Counting the figures of {month}"
        # One pass over the month's sessions gives the counts, the tier mix and whose tier rose.
        sessions = await self._db.scan(
            "SELECT s.user_id, s.tier, s.credit_state, CASE WHEN EXISTS (SELECT 1 FROM creations c "
            "WHERE c.session_id = s.id AND c.delivered_at IS NOT NULL) THEN 1 ELSE 0 END AS done "
            f"FROM sessions s WHERE {scope} ORDER BY s.user_id, s.created_at, s.id",
            params, what=what,
        )  # fmt: skip
        renders = (await self._db.scan(
            f"SELECT COUNT(r.id) AS n, AVG(g.stars) AS mean, COUNT(g.stars) AS rated, "
            f"SUM(CASE WHEN r.auto_fixes > 0 THEN 1 ELSE 0 END) AS fixed FROM sessions s "
            f"JOIN renders r ON r.session_id = s.id LEFT JOIN ratings g ON g.render_id = r.id WHERE {scope}",
            params, what=what,
        ))[0]  # fmt: skip
        failures = await self._db.scan(
            f"SELECT f.kind, COUNT(*) AS n FROM sessions s JOIN render_failures f ON f.session_id = s.id "
            f"WHERE {scope} GROUP BY f.kind",
            params, what=what,
        )  # fmt: skip
        tiers: dict[str, int] = {tier: 0 for tier in TIERS}
        for row in sessions:
            tiers[row["tier"]] = tiers.get(row["tier"], 0) + 1
        return MonthStats(
            month=month,
            guild_id=guild_id,
            started=len(sessions),
            users=len({row["user_id"] for row in sessions}),
            completed=sum(int(row["done"]) for row in sessions),
            renders=int(renders["n"]),
            rating_mean=float(renders["mean"]) if renders["mean"] is not None else None,
            rating_count=int(renders["rated"]),
            refunds=sum(row["credit_state"] == "refunded" for row in sessions),
            failures={kind: 0 for kind in FAILURE_KINDS} | {row["kind"]: int(row["n"]) for row in failures},
            tier_mix=tiers,
            renders_fixed=int(renders["fixed"] or 0),
            tier_rose=_users_whose_tier_rose([(row["user_id"], row["tier"]) for row in sessions]),
        )


def _users_whose_tier_rose(sessions: list[tuple[int, str]]) -> int:
    rose: set[int] = set()
    lowest: dict[int, int] = {}
    for user_id, tier in sessions:
        rank = TIERS.index(tier) if tier in TIERS else 0
        if user_id in lowest and rank > lowest[user_id]:
            rose.add(user_id)
        lowest[user_id] = min(rank, lowest.get(user_id, rank))
    return len(rose)
