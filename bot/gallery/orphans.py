"""Files no row names: left by a crash between writing an image and recording it, or by a failed delete.

Only files older than the grace period go, so a file written a moment ago whose row is being committed stays.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from bot.storage import Database
from bot.storage.brand_kits import art_paths


class OrphanFiles:
    def __init__(self, db: Database, images_dir: Path, references_dir: Path) -> None:
        self._db = db
        self._images = images_dir
        self._references = references_dir

    async def sweep(self, older_than_seconds: float = 3600) -> int:
        """Delete unnamed files older than ``older_than_seconds``; returns how many went."""
        images = {row["p"] for row in await self._db.fetchall(
            "SELECT relative_path AS p FROM creations UNION SELECT source_path AS p FROM renders")}  # fmt: skip
        images |= art_paths(await self._db.fetchall("SELECT art FROM brand_kits"))
        references = {row["p"] for row in await self._db.fetchall(
            "SELECT relative_path AS p FROM session_references")}  # fmt: skip
        cutoff = time.time() - older_than_seconds  # file times are the filesystem's, not a test clock's
        return await asyncio.to_thread(_sweep, [(self._images, images), (self._references, references)], cutoff)


def _sweep(folders: list[tuple[Path, set[str]]], cutoff: float) -> int:
    deleted = 0
    for root, named in folders:
        if not root.is_dir():
            continue
        for path in root.rglob("*"):
            try:
                if path.is_file() and path.relative_to(root).as_posix() not in named and path.stat().st_mtime < cutoff:
                    path.unlink()
                    deleted += 1
            except FileNotFoundError:  # deleted meanwhile by forget or another process
                continue
    return deleted
