"""Studio logins (hosted mode), kept server-side so that logging out or being forgotten ends them everywhere.

The browser holds a random token; the database holds only its SHA-256, so a leaked database gives no cookie.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from collections.abc import Callable

from bot.storage import Database

LOGIN_SECONDS = 30 * 86400


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class WebLogins:
    def __init__(self, db: Database, clock: Callable[[], float] = time.time) -> None:
        self._db = db
        self._clock = clock

    async def start(self, user_id: int) -> str:
        """A new login for ``user_id``; returns the cookie's token."""
        token = secrets.token_urlsafe(32)
        now = self._clock()
        await self._db.execute(
            "INSERT INTO web_logins (token_hash, user_id, expires_at) VALUES (?, ?, ?)",
            (_hash(token), user_id, now + LOGIN_SECONDS),
        )
        await self._db.execute("DELETE FROM web_logins WHERE expires_at < ?", (now,))
        return token

    async def user_for(self, token: str) -> int | None:
        if not token or len(token) > 128:
            return None
        row = await self._db.fetchone(
            "SELECT user_id FROM web_logins WHERE token_hash = ? AND expires_at > ?", (_hash(token), self._clock())
        )
        return int(row["user_id"]) if row else None

    async def end_all(self, user_id: int) -> int:
        """Log ``user_id`` out of every browser; returns how many logins ended."""
        return await self._db.execute("DELETE FROM web_logins WHERE user_id = ?", (user_id,))
