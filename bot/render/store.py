"""Renders: every image the model made for a session, with its source kept for edits and exports."""

from __future__ import annotations

import time
from dataclasses import dataclass

import aiosqlite

from bot.model import NewRender, RenderKind
from bot.storage import Database

__all__ = ["NewRender", "RenderKind", "RenderStore"]


@dataclass(frozen=True)
class Render(NewRender):
    id: int
    created_at: float

    @classmethod
    def from_row(cls, row: aiosqlite.Row) -> Render:
        return cls(**{**dict(row), "counted": bool(row["counted"]), "billing_fallback": bool(row["billing_fallback"])})


class RenderStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def get(self, render_id: int) -> Render | None:
        row = await self._db.fetchone("SELECT * FROM renders WHERE id = ?", (render_id,))
        return Render.from_row(row) if row else None

    async def latest(self, session_id: int) -> Render | None:
        row = await self._db.fetchone(
            "SELECT * FROM renders WHERE session_id = ? ORDER BY id DESC LIMIT 1", (session_id,)
        )
        return Render.from_row(row) if row else None

    async def for_session(self, session_id: int) -> list[Render]:
        rows = await self._db.fetchall("SELECT * FROM renders WHERE session_id = ? ORDER BY id", (session_id,))
        return [Render.from_row(row) for row in rows]

    async def set_legibility(self, render_id: int, warning: str | None) -> None:
        await self._db.execute("UPDATE renders SET legibility_warning = ? WHERE id = ?", (warning, render_id))

    async def count(self, session_id: int) -> int:
        row = await self._db.fetchone("SELECT COUNT(*) AS n FROM renders WHERE session_id = ?", (session_id,))
        return int(row["n"]) if row else 0

    async def record_failure(self, session_id: int, kind: str) -> None:
        """A failed render attempt, for the operator's stats (unavailable, timeout, safety, empty, other)."""
        await self._db.execute(
            "INSERT INTO render_failures (session_id, kind, at) VALUES (?, ?, ?)", (session_id, kind, time.time())
        )
