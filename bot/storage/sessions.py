"""Coaching sessions and the credit each one holds.

Credit life cycle, always changed in the same transaction as the session status:
reserved at open -> spent when the first render is delivered, or refunded when the session
expires, is cancelled, or its thread could not be opened. A credit buys a session with a
render budget; later renders inside it spend nothing. A provider failure changes nothing,
so the user can retry without paying twice.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from enum import Enum
from typing import Literal

import aiosqlite

from bot.coach.brief import Brief
from bot.coach.presets import CreationType, StyleName
from bot.gallery import GalleryStore, NewCreation
from bot.imaging import OutputOptions
from bot.providers.base import ChatTurn
from bot.quota import refund_in, reserve_in
from bot.renders import NewRender, RenderStore
from bot.storage.database import Database

Status = Literal["opening", "active", "generating", "completed", "expired", "cancelled"]
LIVE_STATUSES = ("opening", "active", "generating")
# Transcript turns replayed to the model; older ones are summarised by the brief anyway.
HISTORY_LIMIT = 40


@dataclass(frozen=True)
class Session:
    id: int
    user_id: int
    guild_id: int | None
    channel_id: int
    thread_id: int | None
    creation_type: CreationType
    style: StyleName
    description: str
    colors: list[str]
    brief: Brief
    options: OutputOptions
    status: Status
    credit_state: Literal["reserved", "spent", "refunded"]
    credit_month: str
    created_at: float
    last_activity_at: float
    warned_at: float | None
    renders_used: int = 0
    ended_at: float | None = None

    @property
    def live(self) -> bool:
        return self.status in LIVE_STATUSES

    @classmethod
    def from_row(cls, row: aiosqlite.Row) -> Session:
        data = dict(row)
        data["colors"] = json.loads(data["colors"])
        data["brief"] = Brief.model_validate_json(data["brief"])
        data["options"] = OutputOptions(**json.loads(data["options"]))  # "{}" (the column default) = defaults
        return cls(**data)


class ResumeOutcome(Enum):
    RESUMED = "resumed"
    NOT_RESUMABLE = "not_resumable"
    TOO_LATE = "too_late"
    NO_QUOTA = "no_quota"
    ALREADY_ACTIVE = "already_active"


class OpenOutcome(Enum):
    OPENED = "opened"
    NO_QUOTA = "no_quota"
    ALREADY_ACTIVE = "already_active"


@dataclass(frozen=True)
class OpenResult:
    outcome: OpenOutcome
    session: Session | None


class SessionRepository:
    def __init__(self, db: Database, clock: Callable[[], float] = time.time) -> None:
        self._db = db
        self._clock = clock

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
    ) -> OpenResult:
        """Reserve a credit and create the session row together, or neither."""
        now = self._clock()
        options = OutputOptions()  # 512 px transparent PNG until the user picks otherwise
        try:
            async with self._db.transaction() as conn:
                async with conn.execute(
                    f"SELECT id FROM sessions WHERE user_id = ? AND status IN {LIVE_STATUSES}", (user_id,)
                ) as cur:
                    if await cur.fetchone() is not None:
                        raise _AlreadyActive
                if not await reserve_in(conn, user_id, month, limit):
                    raise _NoQuota
                async with conn.execute(
                    "INSERT INTO sessions (user_id, guild_id, channel_id, creation_type, style, description, "
                    "colors, brief, options, status, credit_state, credit_month, created_at, last_activity_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'opening', 'reserved', ?, ?, ?)",
                    (
                        user_id, guild_id, channel_id, creation_type, style, description, json.dumps(colors),
                        brief.model_dump_json(), _options_json(options), month, now, now,
                    ),
                ) as cur:  # fmt: skip
                    session_id = int(cur.lastrowid or 0)
        except _AlreadyActive:
            return OpenResult(OpenOutcome.ALREADY_ACTIVE, await self.active_for_user(user_id))
        except _NoQuota:
            return OpenResult(OpenOutcome.NO_QUOTA, None)
        except sqlite3.IntegrityError as exc:
            # Another connection opened one between our check and insert; the unique index caught it.
            if "UNIQUE" not in str(exc):
                raise
            return OpenResult(OpenOutcome.ALREADY_ACTIVE, await self.active_for_user(user_id))
        return OpenResult(OpenOutcome.OPENED, await self.get(session_id))

    async def attach_thread(self, session_id: int, thread_id: int) -> None:
        await self._db.execute(
            "UPDATE sessions SET thread_id = ?, status = 'active', last_activity_at = ? WHERE id = ?",
            (thread_id, self._clock(), session_id),
        )

    async def get(self, session_id: int) -> Session | None:
        row = await self._db.fetchone("SELECT * FROM sessions WHERE id = ?", (session_id,))
        return Session.from_row(row) if row else None

    async def by_thread(self, thread_id: int) -> Session | None:
        row = await self._db.fetchone("SELECT * FROM sessions WHERE thread_id = ?", (thread_id,))
        return Session.from_row(row) if row else None

    async def active_for_user(self, user_id: int) -> Session | None:
        row = await self._db.fetchone(
            f"SELECT * FROM sessions WHERE user_id = ? AND status IN {LIVE_STATUSES}", (user_id,)
        )
        return Session.from_row(row) if row else None

    async def save_brief(self, session_id: int, brief: Brief) -> None:
        await self._db.execute("UPDATE sessions SET brief = ? WHERE id = ?", (brief.model_dump_json(), session_id))

    async def set_options(self, session_id: int, options: OutputOptions) -> None:
        await self._db.execute(
            "UPDATE sessions SET options = ?, last_activity_at = ?, warned_at = NULL WHERE id = ?",
            (_options_json(options), self._clock(), session_id),
        )

    async def add_message(self, session_id: int, role: Literal["user", "model"], content: str) -> None:
        """Appends to the transcript; a user message also counts as activity (resets idle timers)."""
        now = self._clock()
        async with self._db.transaction() as conn:
            await conn.execute(
                "INSERT INTO session_messages (session_id, role, content, created_at) VALUES (?, ?, ?, ?)",
                (session_id, role, content, now),
            )
            if role == "user":
                await conn.execute(
                    "UPDATE sessions SET last_activity_at = ?, warned_at = NULL WHERE id = ?",
                    (now, session_id),
                )

    async def transcript(self, session_id: int, limit: int = HISTORY_LIMIT) -> list[ChatTurn]:
        rows = await self._db.fetchall(
            "SELECT role, content FROM (SELECT id, role, content FROM session_messages WHERE session_id = ? "
            "ORDER BY id DESC LIMIT ?) ORDER BY id",
            (session_id, limit),
        )
        return [ChatTurn(row["role"], row["content"]) for row in rows]

    async def claim_for_generation(self, session_id: int, budget: int) -> bool:
        """active -> generating while renders remain; False when already generating, out of renders or ended."""
        changed = await self._db.execute(
            "UPDATE sessions SET status = 'generating', last_activity_at = ?, warned_at = NULL "
            "WHERE id = ? AND status = 'active' AND credit_state IN ('reserved', 'spent') AND renders_used < ?",
            (self._clock(), session_id, budget),
        )
        return changed == 1

    async def release_after_failure(self, session_id: int) -> None:
        """generating -> active with the credit and the render budget untouched, so Retry costs nothing."""
        await self._db.execute(
            "UPDATE sessions SET status = 'active' WHERE id = ? AND status = 'generating'", (session_id,)
        )

    async def complete(
        self, session: Session, render: NewRender, new: NewCreation, digest: str, relative: str
    ) -> tuple[int, int]:
        """Record the render and its delivered file, count it, spend the credit if still reserved: atomically.

        The session goes back to 'active' so the user can edit, vary or export. Returns (render id, creation id).
        """
        async with self._db.transaction() as conn:
            render_id = await RenderStore.insert_in(conn, render)
            creation_id = await GalleryStore.insert_in(conn, new, digest, relative, render_id)
            async with conn.execute(
                "UPDATE sessions SET status = 'active', credit_state = 'spent', renders_used = renders_used + ?, "
                "last_activity_at = ?, warned_at = NULL WHERE id = ? AND status = 'generating'",
                (int(render.counted), self._clock(), session.id),
            ) as cur:
                if cur.rowcount != 1:
                    raise RuntimeError(f"session {session.id} was not generating; render not recorded")
        return render_id, creation_id

    async def end(self, session_id: int, status: Literal["expired", "cancelled", "completed"]) -> Session | None:
        """Close a live session, refunding a credit it still holds; None when it was not live."""
        async with self._db.transaction() as conn:
            async with conn.execute(
                f"SELECT * FROM sessions WHERE id = ? AND status IN {LIVE_STATUSES}", (session_id,)
            ) as cur:
                row = await cur.fetchone()
            if row is None:
                return None
            refund = row["credit_state"] == "reserved"
            await conn.execute(
                "UPDATE sessions SET status = ?, ended_at = ?, credit_state = CASE WHEN credit_state = 'reserved' "
                "THEN 'refunded' ELSE credit_state END WHERE id = ?",
                (status, self._clock(), session_id),
            )
            if refund:
                await refund_in(conn, row["user_id"], row["credit_month"])
        return await self.get(session_id)

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
                await conn.execute(
                    "UPDATE sessions SET status = 'active', ended_at = NULL, last_activity_at = ?, warned_at = NULL, "
                    "credit_state = CASE WHEN credit_state = 'refunded' THEN 'reserved' ELSE credit_state END, "
                    "credit_month = ? WHERE id = ?",
                    (now, credit_month, session_id),
                )
        except sqlite3.IntegrityError as exc:
            if "UNIQUE" not in str(exc):
                raise
            return ResumeOutcome.ALREADY_ACTIVE  # another session of this user is open
        return ResumeOutcome.RESUMED

    async def idle_sessions(self, idle_since: float) -> list[Session]:
        """Live, coaching (not generating) sessions with no activity since ``idle_since``."""
        rows = await self._db.fetchall(
            "SELECT * FROM sessions WHERE status = 'active' AND last_activity_at <= ? ORDER BY id",
            (idle_since,),
        )
        return [Session.from_row(r) for r in rows]

    async def mark_warned(self, session_id: int) -> None:
        await self._db.execute("UPDATE sessions SET warned_at = ? WHERE id = ?", (self._clock(), session_id))

    async def with_status(self, status: Status) -> list[Session]:
        rows = await self._db.fetchall("SELECT * FROM sessions WHERE status = ? ORDER BY id", (status,))
        return [Session.from_row(r) for r in rows]


class _AlreadyActive(Exception):
    pass


class _NoQuota(Exception):
    pass


def _options_json(options: OutputOptions) -> str:
    return json.dumps(asdict(options))
