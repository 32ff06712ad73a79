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

Cost: the month's sessions from their index on created_at (or guild and created_at) alone; renders, deliveries and
failures from their own time indexes, from the month's start on (a session's come after it started), each joined to
its session by id. The month being counted costs that month, whatever the history before it (an earlier month
costs the months since). The queries run on the operator's own connection under a statement timeout
(QueryTimedOut), and a month that has ended is counted once per process.
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
# How far before its session's start a render, delivery or failure may be stamped: the clocks of two processes
# sharing one database may differ, and a day of rows is little to read.
CLOCK_SKEW_SECONDS = 86400


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
        # Per user of the month (its sessions in order): how many, refunded, and whether a session's tier was higher
        # than the lowest of the user's earlier ones (the tier rose). One pass over the month's sessions.
        rank = "CASE s.tier " + " ".join(f"WHEN '{tier}' THEN {i}" for i, tier in enumerate(TIERS)) + " ELSE 0 END"
        head = (await self._db.scan(
            "SELECT COUNT(*) AS users, SUM(n) AS started, SUM(refunds) AS refunds, SUM(rose) AS rose FROM ("
            "SELECT user_id, COUNT(*) AS n, SUM(refunded) AS refunds, MAX(CASE WHEN lowest < r THEN 1 ELSE 0 END) "
            "AS rose FROM (SELECT s.user_id, CASE WHEN s.credit_state = 'refunded' THEN 1 ELSE 0 END AS refunded, "
            f"{rank} AS r, MIN({rank}) OVER (PARTITION BY s.user_id ORDER BY s.created_at, s.id "
            f"ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS lowest FROM sessions s WHERE {scope}) AS ranked "
            "GROUP BY user_id) AS per_user",
            params, what=what,
        ))[0]  # fmt: skip
        tiers = await self._db.scan(
            f"SELECT s.tier, COUNT(*) AS n FROM sessions s WHERE {scope} GROUP BY s.tier", params, what=what
        )
        # Deliveries, renders and failures from the month's start on, each looked up in its session by id. For all
        # servers CROSS JOIN keeps that order in SQLite, whose planner (no statistics) would otherwise walk the
        # month's sessions and look each one's rows up; one server's few sessions are best walked first, which it
        # picks itself. PostgreSQL's planner orders the joins itself either way.
        since = (start - CLOCK_SKEW_SECONDS, *params)

        def session_of(alias: str) -> tuple[str, str]:  # (the join, a condition for the WHERE) to a row's session
            if guild_id is None:
                return "CROSS JOIN sessions s", f"s.id = {alias}.session_id AND "
            return f"JOIN sessions s ON s.id = {alias}.session_id", ""

        join, link = session_of("c")
        completed = (await self._db.scan(
            f"SELECT COUNT(DISTINCT c.session_id) AS n FROM creations c {join} "
            f"WHERE {link}c.delivered_at >= ? AND {scope}",
            since, what=what,
        ))[0]  # fmt: skip
        join, link = session_of("r")
        renders = (await self._db.scan(
            "SELECT COUNT(r.id) AS n, AVG(g.stars) AS mean, COUNT(g.stars) AS rated, "
            f"SUM(CASE WHEN r.auto_fixes > 0 THEN 1 ELSE 0 END) AS fixed FROM renders r {join} "
            f"LEFT JOIN ratings g ON g.render_id = r.id WHERE {link}r.created_at >= ? AND {scope}",
            since, what=what,
        ))[0]  # fmt: skip
        join, link = session_of("f")
        failures = await self._db.scan(
            f"SELECT f.kind, COUNT(*) AS n FROM render_failures f {join} WHERE {link}f.at >= ? AND {scope} "
            "GROUP BY f.kind",
            since, what=what,
        )  # fmt: skip
        return MonthStats(
            month=month,
            guild_id=guild_id,
            started=int(head["started"] or 0),
            users=int(head["users"]),
            completed=int(completed["n"]),
            renders=int(renders["n"]),
            rating_mean=float(renders["mean"]) if renders["mean"] is not None else None,
            rating_count=int(renders["rated"]),
            refunds=int(head["refunds"] or 0),  # SUM over no row is NULL
            failures={kind: 0 for kind in FAILURE_KINDS} | {row["kind"]: int(row["n"]) for row in failures},
            tier_mix={tier: 0 for tier in TIERS} | {row["tier"]: int(row["n"]) for row in tiers},
            renders_fixed=int(renders["fixed"] or 0),
            tier_rose=int(head["rose"] or 0),
        )

