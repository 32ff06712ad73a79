"""Coaching sessions and the credit each one holds.

Credit life cycle, always changed in the same transaction as the session status:
reserved at open -> spent when the first render is delivered, or refunded when the session
expires, is cancelled, or its thread could not be opened. A credit buys a session with a
render budget; later renders inside it spend nothing. A provider failure changes nothing,
so the user can retry without paying twice.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict
from typing import Any, Literal

from bot.config import Tier
from bot.model import Brief, ChatTurn, CreationType, OutputOptions, StyleName, preselected
from bot.model.session import (
    LIVE_STATUSES,
    OpenOutcome,
    OpenResult,
    ResumeOutcome,
    Session,
    Status,
)
from bot.observability import NO_METRICS, Metrics
from bot.storage.database import Database, UniqueViolation
from bot.storage.ledger import refund_in, reserve_in
from bot.storage.liveness import new_holder
from bot.storage.session_claims import RenderClaims
from bot.storage.session_sweep import SweepQueries
from bot.storage.transcripts import TRANSCRIPT_SQL, TranscriptQueries, turns

__all__ = ["LIVE_STATUSES", "OpenOutcome", "OpenResult", "ResumeOutcome", "Session", "SessionRepository", "Status"]
EndStatus = Literal["expired", "cancelled", "completed"]


class SessionRepository(SweepQueries, RenderClaims, TranscriptQueries):
    def __init__(
        self,
        db: Database,
        clock: Callable[[], float] = time.time,
        metrics: Metrics = NO_METRICS,
        holder: str | None = None,
    ) -> None:
        self._db = db
        self._clock = clock
        self._metrics = metrics
        self.holder = holder or new_holder()  # this process's name on the sessions it opens and renders
        # Threads of live sessions, so an ordinary guild message is dropped without a database query. Complete
        # within a process: a guild's events reach one shard, the one whose interaction opened the session.
        self._live_threads: set[int] = set()

    async def load_live_threads(self) -> None:
        rows = await self._db.fetchall(
            f"SELECT thread_id FROM sessions WHERE thread_id IS NOT NULL AND status IN {LIVE_STATUSES}"
        )
        self._live_threads = {int(row["thread_id"]) for row in rows}

    def may_be_live_thread(self, channel_id: int, *, maybe_thread: bool = True) -> bool:
        """False means: certainly not a live session's thread, no query needed. With a shared database another
        process may have opened the session, so any thread has to be looked up; other channels never do."""
        if channel_id in self._live_threads:
            return True
        return maybe_thread and getattr(self._db, "dialect", "sqlite") != "sqlite"

    async def open(
        self,
        *,
        user_id: int,
        guild_id: int | None,
        channel_id: int,
        creation_type: CreationType,
        style: StyleName,
        description: str,
        colors: list[str],
        brief: Brief,
        month: str,
        limit: int,
        tier: Tier = "free",
    ) -> OpenResult:
        """Reserve a credit and create the session row together, or neither."""
        now = self._clock()
        options = OutputOptions()  # 512 px transparent PNG until the user picks otherwise
        try:
            async with self._db.transaction() as conn:
                # The row first: the unique index on a user's live session refuses a second one (UniqueViolation),
                # so no look-up is needed before it; then the credit, and both are undone when it is refused.
                # RETURNING gives the row back in the same round trip (no read after the commit).
                async with conn.execute(
                    "INSERT INTO sessions (user_id, guild_id, channel_id, creation_type, style, description, "
                    "colors, brief, options, status, credit_state, credit_month, created_at, last_activity_at, tier, "
                    "held_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'opening', 'reserved', ?, ?, ?, ?, ?) RETURNING *",
                    (
                        user_id, guild_id, channel_id, creation_type, style, description, json.dumps(colors),
                        brief.model_dump_json(), _options_json(options), month, now, now, tier, self.holder,
                    ),
                ) as cur:  # fmt: skip
                    row = await cur.fetchone()
                if not await reserve_in(conn, user_id, month, limit):
                    raise _NoQuota
        except _NoQuota:
            return OpenResult(OpenOutcome.NO_QUOTA, None)
        except UniqueViolation:  # the user has a live session already (or another connection opened one just now)
            return OpenResult(OpenOutcome.ALREADY_ACTIVE, await self.active_for_user(user_id))
        self._metrics.session_opened()
        self._metrics.credit("reserved")
        return OpenResult(OpenOutcome.OPENED, Session.from_row(row))

    async def attach_thread(self, session_id: int, thread_id: int) -> bool:
        """opening -> active. False when the session was settled meanwhile (swept or recovered, credit refunded):
        the caller must not use it."""
        # A DM with the bot is the "thread" of each of its user's sessions in turn, and a thread belongs to one
        # session: the ended ones there let go of it (a thread of a server is new each time, so none is held).
        _, changed = await self._db.execute_together([
            ("UPDATE sessions SET thread_id = NULL WHERE thread_id = ? AND id <> ? AND ended_at IS NOT NULL "
             "AND EXISTS (SELECT 1 FROM sessions AS opening WHERE opening.id = ? AND opening.status = 'opening')",
             (thread_id, session_id, session_id)),
            ("UPDATE sessions SET thread_id = ?, status = 'active', last_activity_at = ? "
             "WHERE id = ? AND status = 'opening'", (thread_id, self._clock(), session_id)),
        ])  # fmt: skip
        if changed == 1:
            self._live_threads.add(thread_id)
        return changed == 1

    async def get(self, session_id: int) -> Session | None:
        row = await self._db.fetchone("SELECT * FROM sessions WHERE id = ?", (session_id,))
        return Session.from_row(row) if row else None

    async def get_with_transcript(
        self, session_id: int, limit: int, *also: tuple[str, Sequence[Any]]
    ) -> tuple[Session | None, list[ChatTurn], list[list[Any]]]:
        """The session as it is now, its newest ``limit`` messages and the rows of ``also`` (another store's
        reads), in one round trip: a coach turn's reads under the session's lock, before its model request."""
        found, said, *rest = await self._db.fetch_together(
            [("SELECT * FROM sessions WHERE id = ?", (session_id,)), (TRANSCRIPT_SQL, (session_id, limit)), *also]
        )
        return (Session.from_row(found[0]) if found else None), turns(said), rest

    async def by_thread(self, thread_id: int) -> Session | None:
        # At most one session holds a thread (a DM's latest session holds the DM: attach_thread).
        row = await self._db.fetchone("SELECT * FROM sessions WHERE thread_id = ?", (thread_id,))
        return Session.from_row(row) if row else None

    async def active_for_user(self, user_id: int) -> Session | None:
        row = await self._db.fetchone(
            f"SELECT * FROM sessions WHERE user_id = ? AND status IN {LIVE_STATUSES}", (user_id,)
        )
        return Session.from_row(row) if row else None

    async def save_brief(self, session_id: int, brief: Brief) -> None:
        await self._db.execute(
            "UPDATE sessions SET brief = ?, options = COALESCE(?, options) WHERE id = ?",
            (brief.model_dump_json(), await self._options_for(session_id, brief), session_id),
        )

    async def edit_brief(self, session_id: int, brief: Brief, colors: list[str]) -> None:
        """The owner's own edit of the brief and the brand colours: activity, like a message."""
        await self._db.execute(
            "UPDATE sessions SET brief = ?, colors = ?, options = COALESCE(?, options), last_activity_at = ?, "
            "warned_at = NULL WHERE id = ?",
            (brief.model_dump_json(), json.dumps(colors), await self._options_for(session_id, brief), self._clock(),
             session_id),
        )  # fmt: skip

    async def _options_for(self, session_id: int, brief: Brief) -> str | None:
        """The session's options with the background a newly described scene preselects (every path that saves a
        brief comes through here: the coach's reading, a change request, the user's own edit). Callers hold the
        session's lock, so nothing changes between this read and their write."""
        session = await self.get(session_id)
        if session is None:
            return None
        return _options_json(preselected(session.options, session.brief.background, brief.background))

    async def set_options(self, session_id: int, options: OutputOptions) -> None:
        await self._db.execute(
            "UPDATE sessions SET options = ?, last_activity_at = ?, warned_at = NULL WHERE id = ?",
            (_options_json(options), self._clock(), session_id),
        )

    async def end(
        self,
        session_id: int,
        status: EndStatus,
        *,
        expect: tuple[Status, ...] = LIVE_STATUSES,
        idle_before: float | None = None,
        refund: bool = True,
    ) -> Session | None:
        """Close a session that is still in one of the ``expect`` states (and, with ``idle_before``, still idle
        since then), refunding a credit it holds (unless ``refund`` is False: the credit is then spent). None when
        someone else changed it first: a Generate click
        between the sweep's SELECT and this call wins, and the paid render is recorded."""
        condition = f"id = ? AND status IN ({', '.join('?' * len(expect))})"
        params: list[object] = [session_id, *expect]
        if idle_before is not None:
            condition += " AND last_activity_at <= ?"
            params.append(idle_before)
        async with self._db.transaction() as conn:
            async with conn.execute(f"SELECT user_id, credit_state, credit_month FROM sessions WHERE {condition}",
                                    params) as cur:  # fmt: skip
                row = await cur.fetchone()
            if row is None:
                return None
            # The write lock is held since BEGIN IMMEDIATE, so the row cannot change between the two statements;
            # the UPDATE repeats the condition anyway so it stays correct on a database without that guarantee.
            async with conn.execute(
                "UPDATE sessions SET status = ?, ended_at = ?, credit_state = CASE WHEN credit_state = 'reserved' "
                f"THEN ? ELSE credit_state END WHERE {condition}",
                [status, self._clock(), "refunded" if refund else "spent", *params],
            ) as cur:
                if cur.rowcount != 1:
                    return None
            if row["credit_state"] == "reserved" and refund:
                await refund_in(conn, row["user_id"], row["credit_month"])
                self._metrics.credit("refunded")
        ended = await self.get(session_id)
        if ended is not None and ended.thread_id is not None:
            self._live_threads.discard(ended.thread_id)
        return ended

    async def resume(self, session_id: int, *, month: str, limit: int, window_seconds: float) -> ResumeOutcome:
        """expired -> active within the window; a refunded credit is reserved again (this month, quota permitting)."""
        now = self._clock()
        try:
            async with self._db.transaction() as conn:
                async with conn.execute("SELECT * FROM sessions WHERE id = ?", (session_id,)) as cur:
                    row = await cur.fetchone()
                if row is None or row["status"] != "expired":
                    return ResumeOutcome.NOT_RESUMABLE
                if (row["ended_at"] or 0) < now - window_seconds:
                    return ResumeOutcome.TOO_LATE
                credit_month = row["credit_month"]
                if row["credit_state"] == "refunded":
                    if not await reserve_in(conn, row["user_id"], month, limit):
                        return ResumeOutcome.NO_QUOTA
                    credit_month = month
                    self._metrics.credit("reserved")
                await conn.execute(
                    "UPDATE sessions SET status = 'active', ended_at = NULL, last_activity_at = ?, warned_at = NULL, "
                    "credit_state = CASE WHEN credit_state = 'refunded' THEN 'reserved' ELSE credit_state END, "
                    "credit_month = ? WHERE id = ?",
                    (now, credit_month, session_id),
                )
                thread_id = row["thread_id"]
                if thread_id is None and row["guild_id"] is None:
                    # A DM session whose DM a later session took (attach_thread): it takes the DM back, so what
                    # the user writes there reaches their open session, not the later one that ended.
                    thread_id = row["channel_id"]
                    await conn.execute("UPDATE sessions SET thread_id = NULL WHERE thread_id = ? AND id <> ? "
                                       "AND ended_at IS NOT NULL", (thread_id, session_id))  # fmt: skip
                    await conn.execute("UPDATE sessions SET thread_id = ? WHERE id = ?", (thread_id, session_id))
        except UniqueViolation:
            return ResumeOutcome.ALREADY_ACTIVE  # another session of this user is open
        if thread_id is not None:
            self._live_threads.add(int(thread_id))
        return ResumeOutcome.RESUMED

    async def set_card_message(self, session_id: int, message_id: int) -> None:
        await self._db.execute("UPDATE sessions SET card_message_id = ? WHERE id = ?", (message_id, session_id))

    async def take_content_hint(self, session_id: int, user_id: int) -> bool:
        """True once per session (the first caller, whichever process): the owner is to be told how to reach the
        coach when Discord withholds their messages' text. Only the owner's session counts."""
        changed = await self._db.execute(
            "UPDATE sessions SET content_hint_at = ? WHERE id = ? AND user_id = ? AND content_hint_at IS NULL",
            (time.time(), session_id, user_id),
        )
        return changed == 1


class _NoQuota(Exception):
    pass


def _options_json(options: OutputOptions) -> str:
    return json.dumps(asdict(options))
