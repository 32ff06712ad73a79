"""Brand kits kept as they were delivered: the ZIP (one or two parts), the contact sheet and the animated preview,
content-addressed beside the images, and one row per render and variant (matte, name, panel titles).

Giving a kept kit again reads its files back: no model call, no credit, no redraw. Only when the front end cannot
take the parts as kept (the studio wants one file; a Discord server's upload limit is lower than the kit's) are the
ZIP's entries written into new parts, off the event loop. A render keeps its newest ``PER_RENDER`` kits; the files of
a kit dropped then are left to the orphan sweep, which deletes only files no row names (an identical sheet may be
another kit's)."""

from __future__ import annotations

import asyncio
import io
import json
import time
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bot.gallery.store import GalleryStore
from bot.imaging.platform_pack import Pack, pack_from_files
from bot.storage import Database, UniqueViolation

PER_RENDER = 3  # kits kept per render (each variant once): the newest ones


@dataclass(frozen=True)
class ArchivedKit:
    id: int
    render_id: int
    user_id: int
    name: str | None
    matte: str
    titles: tuple[str, ...]
    style: str | None  # the session's style preset
    files: int  # files inside the ZIP
    zip_bytes: int  # the ZIP's size (both parts when split)
    charged: bool  # a creation credit paid for the model's art when it was made
    notes: str | None
    created_at: float
    parts: tuple[tuple[str, str], ...]  # (the ZIP's file name, its path relative to the images folder)
    sheet: str | None
    preview: str | None


@dataclass(frozen=True)
class NewKit:
    render_id: int
    user_id: int
    name: str | None
    matte: str
    titles: tuple[str, ...]
    style: str | None
    pack: Pack
    sheet: bytes
    preview: bytes
    charged: bool
    notes: str | None


class KitArchive:
    def __init__(self, db: Database, gallery: GalleryStore, clock: Callable[[], float] = time.time) -> None:
        self._db = db
        self._gallery = gallery
        self._clock = clock

    async def keep(self, kit: NewKit) -> int | None:
        """The kept kit's id; None when another process kept the same variant at the same moment (its copy stays)."""
        files = [("zip", i, name, data, "zip") for i, (name, data) in enumerate(kit.pack.parts)]
        files += [("sheet", 0, "brand-kit-preview.png", kit.sheet, "png")] if kit.sheet else []
        files += [("preview", 0, "emote-preview.gif", kit.preview, "gif")] if kit.preview else []
        stored = [(role, i, name, (await self._gallery.store_file(data, ext))[1]) for role, i, name, data, ext in files]
        variant = json.dumps([kit.matte, kit.name, list(kit.titles)])
        zip_bytes = sum(len(data) for _, data in kit.pack.parts)
        try:
            async with self._db.transaction() as conn:
                # The same variant made again replaces the one kept: a list of identical kits helps no one.
                await conn.execute("DELETE FROM kept_kits WHERE render_id = ? AND variant = ?",
                                   (kit.render_id, variant))  # fmt: skip
                async with conn.execute(
                    "INSERT INTO kept_kits (render_id, user_id, variant, name, matte, titles, style, files, zip_bytes, "
                    "charged, notes, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (kit.render_id, kit.user_id, variant, kit.name, kit.matte, json.dumps(list(kit.titles)),
                     kit.style, kit.pack.files, zip_bytes, int(kit.charged), kit.notes, self._clock()),
                ) as cur:  # fmt: skip
                    kit_id = int(cur.lastrowid or 0)
                for role, i, name, path in stored:
                    await conn.execute(
                        "INSERT INTO kept_kit_files (kit_id, role, position, filename, path) VALUES (?, ?, ?, ?, ?)",
                        (kit_id, role, i, name, path),
                    )
                await conn.execute(
                    "DELETE FROM kept_kits WHERE render_id = ? AND id NOT IN "
                    "(SELECT id FROM kept_kits WHERE render_id = ? ORDER BY id DESC LIMIT ?)",
                    (kit.render_id, kit.render_id, PER_RENDER),
                )
        except UniqueViolation:
            return None
        return kit_id

    async def get(self, kit_id: int) -> ArchivedKit | None:
        found = await self._listed("k.id = ?", (kit_id,))
        return found[0] if found else None

    async def for_user(self, user_id: int, render_ids: Sequence[int] | None = None) -> list[ArchivedKit]:
        """The user's kept kits, newest first; only those of ``render_ids`` when given."""
        if render_ids is None:
            return await self._listed("k.user_id = ?", (user_id,))
        if not render_ids:
            return []
        marks = ", ".join("?" * len(render_ids))
        return await self._listed(f"k.user_id = ? AND k.render_id IN ({marks})", (user_id, *render_ids))

    async def _listed(self, where: str, params: Sequence[object]) -> list[ArchivedKit]:
        rows = await self._db.fetchall(
            "SELECT k.id, k.render_id, k.user_id, k.name, k.matte, k.titles, k.style, k.files, k.zip_bytes, "
            "k.charged, k.notes, k.created_at, f.role, f.position, f.filename, f.path "
            f"FROM kept_kits k JOIN kept_kit_files f ON f.kit_id = k.id WHERE {where} "
            "ORDER BY k.id DESC, f.role, f.position",
            params,
        )
        kits: dict[int, dict[str, object]] = {}
        for row in rows:
            kit = kits.setdefault(int(row["id"]), {
                "id": int(row["id"]), "render_id": int(row["render_id"]), "user_id": int(row["user_id"]),
                "name": row["name"], "matte": row["matte"], "titles": tuple(json.loads(row["titles"])),
                "style": row["style"], "files": int(row["files"]), "zip_bytes": int(row["zip_bytes"]),
                "charged": bool(row["charged"]), "notes": row["notes"], "created_at": float(row["created_at"]),
                "parts": (), "sheet": None, "preview": None,
            })  # fmt: skip
            if row["role"] == "zip":
                kit["parts"] = (*kit["parts"], (row["filename"], row["path"]))  # type: ignore[misc]
            else:
                kit[row["role"]] = row["path"]
        return [ArchivedKit(**k) for k in kits.values()]  # type: ignore[arg-type]

    async def read(self, path: str) -> bytes:
        return await self._gallery.read_path(path)


def repack(parts: list[tuple[str, bytes]], name: str, limit: int) -> Pack:
    """A kept kit's ZIP entries in new parts for ``limit`` (one ZIP if it fits); README.txt once, last. The entries
    are the kept bytes: nothing is drawn again. Runs in a thread (it reads and writes whole ZIPs)."""
    files: dict[str, bytes] = {}
    for _, data in parts:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            files.update((entry, archive.read(entry)) for entry in archive.namelist())
    readme = files.pop("README.txt", None)
    entries = [*files.items(), *([("README.txt", readme)] if readme is not None else [])]
    return pack_from_files(entries, name, limit)


async def repack_async(parts: list[tuple[str, bytes]], name: str, limit: int) -> Pack:
    return await asyncio.to_thread(repack, parts, name, limit)
