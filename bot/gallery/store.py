"""The gallery: image files named by content hash, indexed by the creations table.

Discord CDN links expire, so the bot keeps its own copy of everything it delivered.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import aiosqlite

from bot.model import TYPES, NewCreation
from bot.storage import Database, insert_creation_in


@dataclass(frozen=True)
class Creation(NewCreation):
    """A stored gallery entry: the new creation plus where and when it was kept."""

    id: int
    sha256: str
    relative_path: str
    created_at: float
    delivered_at: float | None
    render_id: int | None = None

    @property
    def filename(self) -> str:
        kind = TYPES[self.creation_type].file_stem  # type: ignore[index]
        return f"{kind}-{self.id}-{self.size}{'-offline' if self.offline else ''}.{self.format}"

    @classmethod
    def from_row(cls, row: aiosqlite.Row) -> Creation:
        return cls(**{**dict(row), "offline": bool(row["offline"])})


@dataclass(frozen=True)
class GalleryPage:
    items: list[Creation]
    page: int
    pages: int
    total: int


def _write_once(path: Path, data: bytes) -> None:
    if path.exists():
        return  # same hash, same bytes
    path.parent.mkdir(parents=True, exist_ok=True)
    # Unique per write: two renders of identical bytes (same hash) may be stored at the same moment.
    temporary = path.with_suffix(path.suffix + f".{os.getpid()}.{uuid.uuid4().hex}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)  # atomic: a crash never leaves a half-written image under its hash


def _hash_and_write(images_dir: Path, data: bytes, fmt: str) -> tuple[str, str]:
    # The hash too runs off the loop: a 1024 px PNG is a few megabytes, several milliseconds of SHA-256.
    digest = hashlib.sha256(data).hexdigest()
    relative = f"{digest[:2]}/{digest}.{fmt}"
    _write_once(images_dir / relative, data)
    return digest, relative


class GalleryStore:
    def __init__(self, db: Database, images_dir: Path) -> None:
        self._db = db
        self._dir = images_dir

    async def store_file(self, data: bytes, fmt: str) -> tuple[str, str]:
        """Writes the bytes (off the event loop) and returns (sha256, path relative to the store)."""
        return await asyncio.to_thread(_hash_and_write, self._dir, data, fmt)

    async def add(self, new: NewCreation, data: bytes) -> Creation:
        """Store and index an image outside any session (used by tools and tests)."""
        digest, relative = await self.store_file(data, new.format)
        async with self._db.transaction() as conn:
            creation_id = await insert_creation_in(conn, new, digest, relative)
        creation = await self.get(creation_id)
        assert creation is not None
        return creation

    async def get(self, creation_id: int) -> Creation | None:
        row = await self._db.fetchone("SELECT * FROM creations WHERE id = ?", (creation_id,))
        return Creation.from_row(row) if row else None

    async def for_session(self, session_id: int) -> list[Creation]:
        """A session's delivered images, oldest first (the studio shows them under the chat)."""
        rows = await self._db.fetchall("SELECT * FROM creations WHERE session_id = ? ORDER BY id", (session_id,))
        return [Creation.from_row(row) for row in rows]

    async def mark_delivered(self, creation_id: int) -> None:
        await self._db.execute("UPDATE creations SET delivered_at = ? WHERE id = ?", (time.time(), creation_id))

    async def undelivered(self) -> list[Creation]:
        rows = await self._db.fetchall("SELECT * FROM creations WHERE delivered_at IS NULL ORDER BY id")
        return [Creation.from_row(r) for r in rows]

    async def list_page(self, user_id: int, page: int = 1, per_page: int = 5) -> GalleryPage:
        """A user's creations, newest first; ``page`` is 1-based and clamped to what exists."""
        count = await self._db.fetchone("SELECT COUNT(*) AS n FROM creations WHERE user_id = ?", (user_id,))
        total = int(count["n"]) if count else 0
        pages = max((total + per_page - 1) // per_page, 1)
        page = min(max(page, 1), pages)
        rows = await self._db.fetchall(
            "SELECT * FROM creations WHERE user_id = ? ORDER BY id DESC LIMIT ? OFFSET ?",
            (user_id, per_page, (page - 1) * per_page),
        )
        return GalleryPage([Creation.from_row(r) for r in rows], page, pages, total)

    async def read(self, creation: Creation) -> bytes:
        return await self.read_path(creation.relative_path)

    async def read_path(self, relative: str) -> bytes:
        """A stored file (a delivered image or a render's source), read off the event loop."""
        return await asyncio.to_thread((self._dir / relative).read_bytes)
