"""Renders: every image the model made for a session, with its source kept for edits and exports."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Literal

import aiosqlite

from bot.storage import Database

RenderKind = Literal["generate", "vary", "edit"]


@dataclass(frozen=True)
class NewRender:
    session_id: int
    user_id: int
    kind: RenderKind
    source_sha256: str
    source_path: str
    prompt: str
    change_request: str | None
    counted: bool
    cutout_confidence: float | None
    note: str | None
    # The self-check's verdict (JSON; None when unchecked) and the corrective edits it took.
    check_verdict: str | None = field(default=None, kw_only=True)
    auto_fixes: int = field(default=0, kw_only=True)


@dataclass(frozen=True)
class Render(NewRender):
    id: int
    created_at: float

    @classmethod
    def from_row(cls, row: aiosqlite.Row) -> Render:
        return cls(**{**dict(row), "counted": bool(row["counted"])})


class RenderStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    @staticmethod
    async def insert_in(conn: aiosqlite.Connection, new: NewRender) -> int:
        """Adds the render inside the caller's transaction (the one that records the delivered file)."""
        async with conn.execute(
            "INSERT INTO renders (session_id, user_id, kind, source_sha256, source_path, prompt, change_request, "
            "counted, cutout_confidence, note, created_at, check_verdict, auto_fixes) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                new.session_id, new.user_id, new.kind, new.source_sha256, new.source_path, new.prompt,
                new.change_request, int(new.counted), new.cutout_confidence, new.note, time.time(),
                new.check_verdict, new.auto_fixes,
            ),
        ) as cur:  # fmt: skip
            return int(cur.lastrowid or 0)

    async def get(self, render_id: int) -> Render | None:
        row = await self._db.fetchone("SELECT * FROM renders WHERE id = ?", (render_id,))
        return Render.from_row(row) if row else None

    async def latest(self, session_id: int) -> Render | None:
        row = await self._db.fetchone(
            "SELECT * FROM renders WHERE session_id = ? ORDER BY id DESC LIMIT 1", (session_id,)
        )
        return Render.from_row(row) if row else None

    async def count(self, session_id: int) -> int:
        row = await self._db.fetchone("SELECT COUNT(*) AS n FROM renders WHERE session_id = ?", (session_id,))
        return int(row["n"]) if row else 0

    async def record_failure(self, session_id: int, kind: str) -> None:
        """A failed render attempt, for the operator's stats (unavailable, timeout, safety, empty, other)."""
        await self._db.execute(
            "INSERT INTO render_failures (session_id, kind, at) VALUES (?, ?, ?)", (session_id, kind, time.time())
        )
