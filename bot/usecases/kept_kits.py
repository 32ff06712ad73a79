"""Brand kits kept as they were delivered: the caller's list (all, a gallery page's renders, or one render's) and
one kit given again. No model call, no credit, no redraw: the kept files are read back. Someone else's kit answers
exactly like one that does not exist."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.gallery import ArchivedKit, repack_async
from bot.imaging import PackTooLarge
from bot.render import Render
from bot.services import Services
from bot.usecases.outcomes import NotYours
from bot.usecases.ownership import owned_render
from bot.usecases.render_files import SlowDown, TooLarge


@dataclass(frozen=True)
class KitsKept:
    """The caller's kept kits, newest first."""

    kits: tuple[ArchivedKit, ...]

    def of(self, render_id: int | None) -> tuple[ArchivedKit, ...]:
        return tuple(k for k in self.kits if k.render_id == render_id)


@dataclass(frozen=True)
class KitGiven:
    """A kept kit again: its ZIP (the parts as kept, or new parts for the front end's limit) and, when asked, the
    contact sheet and the animated preview it was delivered with."""

    kit: ArchivedKit
    parts: tuple[tuple[str, bytes], ...]
    sheet: bytes | None = None
    preview: bytes | None = None


async def kept_kits(services: Services, user_id: int, render_ids: Sequence[int] | None = None) -> KitsKept:
    """The caller's kept kits (only those of ``render_ids`` when given: a gallery page's renders)."""
    return KitsKept(tuple(await services.kit_archive.for_user(user_id, render_ids)))


async def render_kits(services: Services, render_id: int, user_id: int) -> KitsKept | NotYours:
    """One render's kept kits, for its owner."""
    render = await owned_render(services, render_id, user_id)
    if not isinstance(render, Render):
        return render
    return await kept_kits(services, user_id, [render_id])


async def kit_again(
    services: Services, kit_id: int, user_id: int, *, limit: int, one_file: bool = False, previews: bool = True
) -> KitGiven | NotYours | SlowDown | TooLarge:
    """``limit``: the front end's upload limit; ``one_file``: the front end answers one file (the studio), so a kit
    kept in two parts is joined; ``previews``: read the contact sheet and the animated preview too."""
    kit = await services.kit_archive.get(kit_id)
    if kit is None or kit.user_id != user_id:
        return NotYours()
    parts = [(name, await services.kit_archive.read(path)) for name, path in kit.parts]
    if any(len(data) > limit for _, data in parts) or (one_file and len(parts) > 1):
        # Written into new parts from the kept entries: CPU and memory for a whole ZIP, so the heavy-work rate.
        if not services.heavy.allow(user_id):
            return SlowDown()
        try:
            pack = await repack_async(parts, _stem(parts[0][0]), limit)
        except PackTooLarge:
            return TooLarge(limit)
        if one_file and len(pack.parts) > 1:
            return TooLarge(limit)
        parts = pack.parts
    sheet = await services.kit_archive.read(kit.sheet) if previews and kit.sheet else None
    preview = await services.kit_archive.read(kit.preview) if previews and kit.preview else None
    return KitGiven(kit, tuple(parts), sheet, preview)


def _stem(filename: str) -> str:
    """A part's ZIP name without ".zip" and its "-part1of2" (the kit's own name)."""
    return re.sub(r"(-part\dof\d)?\.zip$", "", filename)
