"""Ratings: one per render, by the render's owner, 1-5 stars, changeable (the operator's satisfaction figure)."""

from __future__ import annotations

import time
from collections.abc import Callable

from bot.storage import Database


class NotYours(Exception):
    """Only the person the render was made for can rate it."""


class RatingStore:
    def __init__(self, db: Database, clock: Callable[[], float] = time.time) -> None:
        self._db = db
        self._clock = clock

    async def rate(self, render_id: int, user_id: int, stars: int) -> int | None:
        """Set (or change) the rating; returns the previous stars, None when first rated."""
        if not 1 <= stars <= 5:
            raise ValueError("stars must be 1 to 5")
        async with self._db.transaction() as conn:
            async with conn.execute("SELECT user_id FROM renders WHERE id = ?", (render_id,)) as cur:
                owner = await cur.fetchone()
            if owner is None or owner["user_id"] != user_id:
                raise NotYours(render_id)
            async with conn.execute("SELECT stars FROM ratings WHERE render_id = ?", (render_id,)) as cur:
                previous = await cur.fetchone()
            await conn.execute(
                "INSERT INTO ratings (render_id, user_id, stars, rated_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (render_id) DO UPDATE SET stars = excluded.stars, rated_at = excluded.rated_at",
                (render_id, user_id, stars, self._clock()),
            )
        return int(previous["stars"]) if previous else None

    async def stars(self, render_id: int) -> int | None:
        row = await self._db.fetchone("SELECT stars FROM ratings WHERE render_id = ?", (render_id,))
        return int(row["stars"]) if row else None
