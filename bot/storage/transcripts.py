"""A session's transcript: the user's and the coach's messages (a user message is also activity)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Literal

from bot.model import ChatTurn
from bot.model.session import HISTORY_LIMIT
from bot.storage.database import Database


class TranscriptQueries:
    _db: Database
    _clock: Callable[[], float]

    async def add_message(
        self, session_id: int, role: Literal["user", "model"], content: str, *, signature: str | None = None
    ) -> None:
        """Appends to the transcript (a model turn with its thought signature); a user message also counts as
        activity (resets idle timers)."""
        now = self._clock()
        statements: list[tuple[str, Sequence[object]]] = [(
            "INSERT INTO session_messages (session_id, role, content, created_at, signature) VALUES (?, ?, ?, ?, ?)",
            (session_id, role, content, now, signature),
        )]  # fmt: skip
        if role == "user":
            statements.append(
                ("UPDATE sessions SET last_activity_at = ?, warned_at = NULL WHERE id = ?", (now, session_id))
            )
        await self._db.execute_together(statements)

    async def transcript(self, session_id: int, limit: int = HISTORY_LIMIT) -> list[ChatTurn]:
        return turns(await self._db.fetchall(TRANSCRIPT_SQL, (session_id, limit)))


# The newest ``limit`` messages of a session, oldest first.
TRANSCRIPT_SQL = (
    "SELECT role, content, signature FROM (SELECT id, role, content, signature FROM session_messages "
    "WHERE session_id = ? ORDER BY id DESC LIMIT ?) AS recent ORDER BY id"
)


def turns(rows: Sequence[Mapping[str, Any]]) -> list[ChatTurn]:
    return [ChatTurn(row["role"], row["content"], signature=row["signature"]) for row in rows]
