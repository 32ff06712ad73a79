"""Brand kits whose wide art the model painted: the art's files (content-addressed, beside the renders) and one row
per render, so the kit can be made again with other titles or the other matte without a model call."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from bot.gallery.store import GalleryStore
from bot.storage import Database, UniqueViolation
from bot.storage.brand_kits import art_json, art_of


@dataclass(frozen=True)
class KeptKit:
    render_id: int
    art: dict[str, str]  # aspect family -> file path relative to the images folder
    image_calls: int
    notes: str | None


class KitStore:
    def __init__(self, db: Database, gallery: GalleryStore, clock: Callable[[], float] = time.time) -> None:
        self._db = db
        self._gallery = gallery
        self._clock = clock

    async def get(self, render_id: int) -> KeptKit | None:
        row = await self._db.fetchone(
            "SELECT render_id, art, image_calls, notes FROM brand_kits WHERE render_id = ?", (render_id,)
        )
        if row is None:
            return None
        return KeptKit(int(row["render_id"]), art_of(row), int(row["image_calls"]), row["notes"])

    async def art(self, kept: KeptKit) -> dict[str, bytes]:
        return {aspect: await self._gallery.read_path(path) for aspect, path in kept.art.items()}

    async def keep(
        self, render_id: int, user_id: int, art: dict[str, bytes], image_calls: int, month: str, notes: str | None
    ) -> bool:
        """False when another process kept this render's kit first (its art is then the one kept)."""
        paths = {aspect: (await self._gallery.store_file(data, "png"))[1] for aspect, data in art.items()}
        try:
            async with self._db.transaction() as conn:
                async with conn.execute(
                    "INSERT INTO brand_kits (render_id, user_id, art, image_calls, credit_month, notes, created_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (render_id, user_id, art_json(paths), image_calls, month, notes, self._clock()),
                ) as cur:
                    kit_id = int(cur.lastrowid or 0)
                for path in sorted(set(paths.values())):  # one row per file: "still used?" looks it up by name
                    await conn.execute("INSERT INTO brand_kit_art (kit_id, path) VALUES (?, ?)", (kit_id, path))
        except UniqueViolation:
            return False
        return True

    async def kept_for(self, user_id: int) -> set[int]:
        """The renders of ``user_id`` that have a kept kit (the gallery marks them)."""
        rows = await self._db.fetchall("SELECT render_id FROM brand_kits WHERE user_id = ?", (user_id,))
        return {int(r["render_id"]) for r in rows}
