"""The database side of what the fleet learned about Gemini models (bot.providers.model_memory states the need):
learned generation settings per model, and models a key has no quota for until Google's daily reset."""

from __future__ import annotations

import time

from bot.storage.database import Database

FIRST_CALL = "first call"  # a claim row: a process is making the fleet's first call to the model


class ModelMemoryStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def learned_settings(self, model: str | None = None) -> dict[str, str]:
        if model is None:
            rows = await self._db.fetchall("SELECT model, settings FROM model_learned_settings")
        else:
            rows = await self._db.fetchall("SELECT model, settings FROM model_learned_settings WHERE model = ?",
                                           (model,))  # fmt: skip
        return {r["model"]: r["settings"] for r in rows}

    async def remember_settings(self, model: str, settings: str) -> None:
        await self._db.execute(
            "INSERT INTO model_learned_settings (model, settings, learned_at) VALUES (?, ?, ?) "
            "ON CONFLICT (model) DO UPDATE SET settings = excluded.settings, learned_at = excluded.learned_at",
            (model, settings, time.time()),
        )

    async def unusable(self, key_id: str, now: float) -> dict[str, tuple[str, float]]:
        rows = await self._db.fetchall("SELECT model, reason, until FROM model_key_access WHERE key_id = ? AND "
                                       "until > ? AND reason <> ?", (key_id, now, FIRST_CALL))  # fmt: skip
        return {r["model"]: (r["reason"], float(r["until"])) for r in rows}

    async def remember_unusable(self, key_id: str, model: str, reason: str, until: float) -> None:
        await self._db.execute(
            "INSERT INTO model_key_access (key_id, model, reason, until) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (key_id, model) DO UPDATE SET reason = excluded.reason, until = excluded.until",
            (key_id, model, reason, until),
        )

    async def claim_first_call(self, key_id: str, model: str, now: float, hold: float) -> bool:
        # One statement: a row is written only when none is in force (a claim or a "no quota" until the reset).
        written = await self._db.execute(
            "INSERT INTO model_key_access (key_id, model, reason, until) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (key_id, model) DO UPDATE SET reason = excluded.reason, until = excluded.until "
            "WHERE model_key_access.until <= ?",
            (key_id, model, FIRST_CALL, now + hold, now),
        )
        return written > 0

    async def release_first_call(self, key_id: str, model: str) -> None:
        await self._db.execute("DELETE FROM model_key_access WHERE key_id = ? AND model = ? AND reason = ?",
                               (key_id, model, FIRST_CALL))  # fmt: skip
