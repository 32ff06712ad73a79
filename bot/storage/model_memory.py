"""The database side of what the fleet learned about Gemini models (bot.providers.model_memory states the need):
learned generation settings per model, and models a key has no quota for until Google's daily reset."""

from __future__ import annotations

import time

from bot.storage.database import Database


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
                                       "until > ?", (key_id, now))  # fmt: skip
        return {r["model"]: (r["reason"], float(r["until"])) for r in rows}

    async def remember_unusable(self, key_id: str, model: str, reason: str, until: float) -> None:
        await self._db.execute(
            "INSERT INTO model_key_access (key_id, model, reason, until) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (key_id, model) DO UPDATE SET reason = excluded.reason, until = excluded.until",
            (key_id, model, reason, until),
        )
