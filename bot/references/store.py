"""Reference images of a session: stored after cleaning, at most N per session, deleted with the session.

Files live under ``references/<session id>/`` so a session's references go with one directory. They are kept for
the session and its resume window only; the housekeeping sweep deletes them after that.
"""

from __future__ import annotations

import asyncio
import shutil
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from bot.references.intake import CleanReference
from bot.storage import Database

Source = Literal["upload", "avatar", "message"]


@dataclass(frozen=True)
class StoredReference:
    id: int
    session_id: int
    source: str
    mime: str
    data: bytes


@dataclass(frozen=True)
class Added:
    reference_id: int
    dropped: int  # older references removed to stay within the per-session limit


class ReferenceStore:
    def __init__(self, db: Database, root: Path, clock: Callable[[], float] = time.time) -> None:
        self._db = db
        self._root = root
        self._clock = clock

    async def add(
        self, session_id: int, user_id: int, clean: CleanReference, source: Source, keep_at_most: int
    ) -> Added:
        suffix = "png" if clean.mime == "image/png" else "jpg"
        relative = f"{session_id}/{uuid.uuid4().hex}.{suffix}"
        # The row first, then the file: a forget (or a crash) in between never leaves a file no row points to.
        reference_id = await self._db.execute_insert(
            "INSERT INTO session_references (session_id, user_id, source, relative_path, mime, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (session_id, user_id, source, relative, clean.mime, self._clock()),
        )
        try:
            await asyncio.to_thread(_write, self._root / relative, clean.data)
        except BaseException:
            await asyncio.shield(self._db.execute("DELETE FROM session_references WHERE id = ?", (reference_id,)))
            raise
        if await self._db.fetchone("SELECT 1 FROM session_references WHERE id = ?", (reference_id,)) is None:
            await asyncio.to_thread(_unlink, self._root / relative)  # forgotten while the file was written
            return Added(reference_id, 0)
        rows = await self._db.fetchall(
            "SELECT id, relative_path FROM session_references WHERE session_id = ? "
            "ORDER BY id DESC LIMIT 1000000 OFFSET ?",
            (session_id, keep_at_most),
        )
        for row in rows:  # the oldest beyond the limit
            await self._db.execute("DELETE FROM session_references WHERE id = ?", (row["id"],))
            await asyncio.to_thread(_unlink, self._root / row["relative_path"])
        return Added(reference_id, len(rows))

    async def for_session(self, session_id: int) -> list[StoredReference]:
        return await self.from_rows(await self._db.fetchall(*self.query_for(session_id)))

    @staticmethod
    def query_for(session_id: int) -> tuple[str, tuple[int]]:
        """The read ``for_session`` makes, for a caller that reads it together with others (``from_rows`` then)."""
        return (
            "SELECT id, session_id, source, mime, relative_path FROM session_references WHERE session_id = ? "
            "ORDER BY id",
            (session_id,),
        )

    async def from_rows(self, rows: Sequence[Mapping[str, Any]]) -> list[StoredReference]:
        found = []
        for row in rows:
            data = await asyncio.to_thread(_read, self._root / row["relative_path"])
            if data is not None:
                found.append(StoredReference(row["id"], row["session_id"], row["source"], row["mime"], data))
        return found

    async def count(self, session_id: int) -> int:
        row = await self._db.fetchone(
            "SELECT COUNT(*) AS n FROM session_references WHERE session_id = ?", (session_id,)
        )
        return int(row["n"]) if row else 0

    async def purge_session(self, session_id: int) -> int:
        removed = await self._db.execute("DELETE FROM session_references WHERE session_id = ?", (session_id,))
        await asyncio.to_thread(shutil.rmtree, self._root / str(session_id), True)
        return removed

    async def purge_finished(self, ended_before: float) -> int:
        """References of sessions that can no longer continue: done or cancelled, or expired past the resume
        window. Returns how many were deleted. Starts from the references (kept for live sessions and the resume
        window only, so a small table) and looks each session up by id, never walking the sessions' history."""
        # Each referenced session looked up by id alone, in a subquery of the references' rows: a join (or IN) lets
        # PostgreSQL's planner hash every session ever opened, and a status condition could lead either planner
        # down the status index, through every session ever completed. One statement: one round trip.
        rows = await self._db.scan(
            "SELECT q.session_id AS id FROM (SELECT DISTINCT session_id FROM session_references) AS q "
            "WHERE (SELECT CASE WHEN s.status IN ('completed', 'cancelled') OR (s.status = 'expired' AND "
            "s.ended_at <= ?) THEN 1 ELSE 0 END FROM sessions s WHERE s.id = q.session_id) = 1",
            (ended_before,), what="the reference purge",
        )  # fmt: skip
        finished = [row["id"] for row in rows]
        return sum([await self.purge_session(session_id) for session_id in finished])

    async def purge_user(self, user_id: int) -> int:
        rows = await self._db.fetchall(
            "SELECT DISTINCT session_id FROM session_references WHERE user_id = ?", (user_id,)
        )
        return sum([await self.purge_session(row["session_id"]) for row in rows])


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def _unlink(path: Path) -> None:
    path.unlink(missing_ok=True)
