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
        # Everything is counted inside the database (a row per figure, never a row per session): the scan's work
        # then runs without Python's lock, beside the users' statements.
        head = (await self._db.scan(
            "SELECT COUNT(*) AS started, COUNT(DISTINCT s.user_id) AS users, "
            "SUM(CASE WHEN s.credit_state = 'refunded' THEN 1 ELSE 0 END) AS refunds, "
            "SUM(CASE WHEN EXISTS (SELECT 1 FROM creations c WHERE c.session_id = s.id "
            f"AND c.delivered_at IS NOT NULL) THEN 1 ELSE 0 END) AS completed FROM sessions s WHERE {scope}",
            params, what=what,
        ))[0]  # fmt: skip
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
        tiers = await self._db.scan(
            f"SELECT s.tier, COUNT(*) AS n FROM sessions s WHERE {scope} GROUP BY s.tier", params, what=what
        )
        # A user's tier rose: a session of the month at a higher tier than the lowest of their earlier ones.
        rank = "CASE s.tier " + " ".join(f"WHEN '{tier}' THEN {i}" for i, tier in enumerate(TIERS)) + " ELSE 0 END"
        rose = (await self._db.scan(
            f"SELECT COUNT(DISTINCT user_id) AS n FROM (SELECT s.user_id, {rank} AS r, MIN({rank}) OVER "
            "(PARTITION BY s.user_id ORDER BY s.created_at, s.id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) "
            f"AS lowest FROM sessions s WHERE {scope}) AS ranked WHERE lowest < r",
            params, what=what,
        ))[0]  # fmt: skip
        return MonthStats(
            month=month,
            guild_id=guild_id,
            started=int(head["started"]),
            users=int(head["users"]),
            completed=int(head["completed"] or 0),
            renders=int(renders["n"]),
            rating_mean=float(renders["mean"]) if renders["mean"] is not None else None,
            rating_count=int(renders["rated"]),
            refunds=int(head["refunds"] or 0),
            failures={kind: 0 for kind in FAILURE_KINDS} | {row["kind"]: int(row["n"]) for row in failures},
            tier_mix={tier: 0 for tier in TIERS} | {row["tier"]: int(row["n"]) for row in tiers},
            renders_fixed=int(renders["fixed"] or 0),
            tier_rose=int(rose["n"]),
        )

