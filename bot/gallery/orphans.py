"""Files no row names: left by a crash between writing an image and recording it, or by a failed delete.

Only files older than the grace period go, so a file written a moment ago whose row is being committed stays.
The walk takes one folder at a time (a hash prefix of the images, a session of the references) and asks the
database only about that folder's old files, by exact name through the path indexes, on the operator's own
connection: its cost follows one folder, and no user's statement waits behind it.

A pass compares about ``files_per_pass`` files, then records the folder it stopped before (housekeeping_cursors);
the next pass goes on from there and wraps around at the end. A pass then costs the same however many files there
are; what grows is how many passes a full round takes (about 21 hourly passes for 100k users' 420,000 files).
"""

from __future__ import annotations

import asyncio
import stat
import time
from pathlib import Path

from bot.storage import Database
from bot.storage.file_names import chunks, named_query

FILES_PER_PASS = 20_000
_CURSOR = "orphan-files"
Place = tuple[int, str]  # (0 images / 1 references, folder name; "" is the root's own files)


class OrphanFiles:
    def __init__(self, db: Database, images_dir: Path, references_dir: Path) -> None:
        self._db = db
        self._roots = (images_dir, references_dir)

    async def sweep(self, older_than_seconds: float = 3600, files_per_pass: int = FILES_PER_PASS) -> int:
        """Delete unnamed files older than ``older_than_seconds`` in the next folders, from where the last pass
        stopped, until about ``files_per_pass`` files were compared (or every folder was); returns how many went."""
        cutoff = time.time() - older_than_seconds  # file times are the filesystem's, not a test clock's
        places = await asyncio.to_thread(self._places)
        if not places:
            return 0
        row = await self._db.fetchone("SELECT position FROM housekeeping_cursors WHERE name = ?", (_CURSOR,))
        resume = _parse(row["position"]) if row else (0, "")
        first = next((i for i, place in enumerate(places) if place >= resume), 0)
        deleted = compared = 0
        stop = first
        for step in range(len(places)):  # one round at most
            index, name = places[(first + step) % len(places)]
            root = self._roots[index]
            folder = root / name if name else root
            seen, old = await asyncio.to_thread(_files, root, folder, cutoff)
            if old:
                kept = await (self._images_named(old) if index == 0 else self._references_named(name))
                deleted += await asyncio.to_thread(_unlink_all, root, [p for p in old if p not in kept])
            compared += seen
            stop = (first + step + 1) % len(places)
            if compared >= files_per_pass:
                break
        await self._db.execute(
            "INSERT INTO housekeeping_cursors (name, position) VALUES (?, ?) "
            "ON CONFLICT (name) DO UPDATE SET position = excluded.position",
            (_CURSOR, f"{places[stop][0]}/{places[stop][1]}"),
        )  # fmt: skip
        return deleted

    def _places(self) -> list[Place]:
        """Every folder of both roots, in the walk's order (the roots' own files first)."""
        found: list[Place] = []
        for index, root in enumerate(self._roots):
            if root.is_dir():
                found += [(index, ""), *sorted((index, p.name) for p in root.iterdir() if p.is_dir())]
        return found

    async def _images_named(self, old: list[str]) -> set[str]:
        kept: set[str] = set()
        for some in chunks(old):
            sql, params = named_query(some)
            kept |= {row["p"] for row in await self._db.scan(sql, params, what="the orphan-file sweep")}
        return kept

    async def _references_named(self, folder: str) -> set[str]:
        if not folder.isdigit():  # references live under <session id>/; nothing else is named
            return set()
        rows = await self._db.scan(
            "SELECT relative_path AS p FROM session_references WHERE session_id = ?", (int(folder),),
            what="the orphan-file sweep",
        )  # fmt: skip
        return {row["p"] for row in rows}


def _parse(position: str) -> Place:
    index, _, name = position.partition("/")
    return (int(index), name) if index.isdigit() else (0, "")


def _files(root: Path, folder: Path, cutoff: float) -> tuple[int, list[str]]:
    """How many files ``folder`` holds (all depths; the root's own files only), and those older than ``cutoff``,
    relative to ``root``."""
    seen, old = 0, []
    for path in folder.iterdir() if folder == root else folder.rglob("*"):
        try:
            status = path.stat()  # one system call per file: its kind and its age
        except FileNotFoundError:  # deleted meanwhile by forget or another process
            continue
        if stat.S_ISREG(status.st_mode):
            seen += 1
            if status.st_mtime < cutoff:
                old.append(path.relative_to(root).as_posix())
    return seen, old


def _unlink_all(root: Path, relative: list[str]) -> int:
    deleted = 0
    for name in relative:
        try:
            (root / name).unlink()
            deleted += 1
        except FileNotFoundError:
            continue
    return deleted
