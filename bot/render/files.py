"""A render's files again, from its kept source and without a model call: exports, the SVG and the platform pack
(so they are free and unlimited, within the per-user rate for heavy work)."""

from __future__ import annotations

from bot.gallery import GalleryStore
from bot.imaging import OutputOptions, Pack
from bot.model import PackItem
from bot.render.design_files import export_async, pack_async, prepare_pack_soon, svg_async
from bot.render.store import Render
from bot.storage import Session, SessionRepository


class RenderFiles:
    def __init__(self, sessions: SessionRepository, gallery: GalleryStore, *, offline: bool) -> None:
        self._sessions = sessions
        self._gallery = gallery
        self._offline = offline

    async def export(self, render: Render, options: OutputOptions) -> bytes:
        """A render in another size, format or background, post-processed again from its kept source: no model
        call, so exports are free and unlimited. "The designed background" of a source painted on a key colour is
        the design engine's scene for the brief, never the key."""
        source = await self._gallery.read_path(render.source_path)
        session = await self._sessions.get(render.session_id)
        return await export_async(source, session, options, self._offline)

    async def export_svg(self, render: Render) -> bytes:
        """The render as SVG: an offline design's original vector, or a model render's cut-out traced."""
        source = await self._gallery.read_path(render.source_path)
        return await svg_async(source)

    async def pack(self, render: Render, name: str, limit: int, items: tuple[PackItem, ...]) -> Pack:
        """The platform pack with logo.svg; opaque files on the designed background (PackTooLarge if over)."""
        source = await self._gallery.read_path(render.source_path)
        session = await self._sessions.get(render.session_id)
        return await pack_async(source, session, name, limit, items)

    async def prepare_pack(self, render: Render, session: Session | None, items: tuple[PackItem, ...]) -> None:
        """After a delivery: the pack's cut-out, backdrop and trace made in the background (the caller's bulk work),
        so a pack click only resamples and encodes."""
        prepare_pack_soon(await self._gallery.read_path(render.source_path), session, items)
