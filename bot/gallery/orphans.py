"""Files no row names: left by a crash between writing an image and recording it, or by a failed delete.

Only files older than the grace period go, so a file written a moment ago whose row is being committed stays.
The walk takes one folder at a time (a hash prefix of the images, a session of the references) and asks the
database only about that folder's old files, by exact name through the path indexes, on the operator's own
connection: its cost follows one folder, and no user's statement waits behind it.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from bot.storage import Database
from bot.storage.file_names import chunks, named_query


class OrphanFiles:
    def __init__(self, db: Database, images_dir: Path, references_dir: Path) -> None:
        self._db = db
        self._images = images_dir
        self._references = references_dir

    async def sweep(self, older_than_seconds: float = 3600) -> int:
        """Delete unnamed files older than ``older_than_seconds``; returns how many went."""
        cutoff = time.time() - older_than_seconds  # file times are the filesystem's, not a test clock's
        deleted = 0
        for root, named in ((self._images, self._images_named), (self._references, self._references_named)):
            for folder in await asyncio.to_thread(_folders, root):
                old = await asyncio.to_thread(_old_files, root, folder, cutoff)
                if old:
                    kept = await named(folder, old)
                    deleted += await asyncio.to_thread(_unlink_all, root, [p for p in old if p not in kept])
        return deleted

    async def _images_named(self, folder: Path, old: list[str]) -> set[str]:
        kept: set[str] = set()
        for some in chunks(old):
            sql, params = named_query(some)
            kept |= {row["p"] for row in await self._db.scan(sql, params, what="the orphan-file sweep")}
        return kept

    async def _references_named(self, folder: Path, old: list[str]) -> set[str]:
        if not folder.name.isdigit():  # references live under <session id>/; nothing else is named
            return set()
        rows = await self._db.scan(
            "SELECT relative_path AS p FROM session_references WHERE session_id = ?", (int(folder.name),),
            what="the orphan-file sweep",
        )  # fmt: skip
        return {row["p"] for row in rows}


def _folders(root: Path) -> list[Path]:
    """The root itself (stray files) and each folder below it."""
    if not root.is_dir():
        return []
    return [root, *sorted(p for p in root.iterdir() if p.is_dir())]


def _old_files(root: Path, folder: Path, cutoff: float) -> list[str]:
    """Files in ``folder`` (all depths; the root's own files only) older than ``cutoff``, relative to ``root``."""
    found = []
    for path in folder.iterdir() if folder == root else folder.rglob("*"):
        try:
            if path.is_file() and path.stat().st_mtime < cutoff:
                found.append(path.relative_to(root).as_posix())
        except FileNotFoundError:  # deleted meanwhile by forget or another process
            continue
    return found


def _unlink_all(root: Path, relative: list[str]) -> int:
    deleted = 0
    for name in relative:
        try:
            (root / name).unlink()
            deleted += 1
        except FileNotFoundError:
            continue
    return deleted
