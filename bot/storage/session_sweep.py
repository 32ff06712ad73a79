"""The session queries housekeeping needs (idle, stuck, interrupted sessions), apart from the transitions.

They read only live sessions (the status index), on the operator's own connection (``Database.scan``), so a sweep
pass costs what is live, not what is history, and never holds the users' connection."""

from __future__ import annotations

from collections.abc import Callable

from bot.model.session import Session, Status
from bot.storage.database import Database


class SweepQueries:
    _db: Database
    _clock: Callable[[], float]

    async def idle_sessions(self, idle_since: float, expire_before: float | None = None) -> list[Session]:
        """Live, coaching (not generating) sessions with no activity since ``idle_since``. With ``expire_before``,
        only those with something to do: not yet warned, or idle since before ``expire_before`` (a pass then costs
        what changes, not every idle session it warned before)."""
        due = "" if expire_before is None else " AND (warned_at IS NULL OR last_activity_at <= ?)"
        rows = await self._db.scan(
            f"SELECT * FROM sessions WHERE status = 'active' AND last_activity_at <= ?{due} ORDER BY id",
            (idle_since,) if expire_before is None else (idle_since, expire_before), what="the idle sweep",
        )  # fmt: skip
        return [Session.from_row(r) for r in rows]

    async def stale_openings(self, opened_before: float) -> list[Session]:
        """Sessions still 'opening' (no thread yet) since before ``opened_before``: their create died half-way."""
        rows = await self._db.scan(
            # "+created_at": not the created_at index, which would walk every session ever opened before the cutoff
            # (the planner's guess without statistics); the status index finds the few still opening.
            "SELECT * FROM sessions WHERE status = 'opening' AND +created_at <= ? ORDER BY id", (opened_before,),
            what="the idle sweep",
        )  # fmt: skip
        return [Session.from_row(r) for r in rows]

    async def mark_warned(self, session_id: int, idle_before: float) -> bool:
        """Warn once, and only while the session is still active and idle (a reply since the SELECT cancels it)."""
        changed = await self._db.execute(
            "UPDATE sessions SET warned_at = ? WHERE id = ? AND status = 'active' AND warned_at IS NULL "
            "AND last_activity_at <= ?",
            (self._clock(), session_id, idle_before),
        )
        return changed == 1

    async def left_by_others(self, status: Status, alive: set[str], *, unclaimed: bool) -> list[Session]:
        """Sessions in ``status`` claimed by a process that is no longer alive (``alive`` includes this one).
        ``unclaimed`` adds rows no process named (written before claims were recorded): a restart settles those."""
        rows = await self._db.scan("SELECT * FROM sessions WHERE status = ? ORDER BY id", (status,),
                                   what="the idle sweep")  # fmt: skip
        return [
            Session.from_row(r) for r in rows
            if (r["held_by"] is None and unclaimed) or (r["held_by"] is not None and r["held_by"] not in alive)
        ]  # fmt: skip

    async def refresh_planner_statistics(self) -> None:
        """Hourly: the query planner's statistics refreshed where stale (SQLite; PostgreSQL's autovacuum does it)."""
        await self._db.optimize()
