"""Files made again from a kept render, with no model call: an export (any size, format, background, or the
vector) and the platform pack. The same for the bot's buttons and the studio's endpoints."""

from __future__ import annotations

from dataclasses import dataclass

from bot.design.worker import on_behalf_of
from bot.imaging import Pack, PackTooLarge
from bot.model import TYPES, OutputOptions
from bot.render import Render
from bot.services import Services
from bot.usecases.outcomes import NotYours
from bot.usecases.ownership import owned_render


@dataclass(frozen=True)
class SlowDown:
    """The per-user rate for heavy work (exports, packs, kits, gallery pages) says wait a few seconds."""


@dataclass(frozen=True)
class Exported:
    filename: str
    data: bytes


@dataclass(frozen=True)
class Packed:
    pack: Pack  # one ZIP, or two parts over the limit


@dataclass(frozen=True)
class TooLarge:
    """Over the front end's upload limit even in two parts."""

    limit: int


async def heavy_work_on(services: Services, render_id: int, user_id: int) -> Render | NotYours | SlowDown:
    """The caller's render, if the per-user rate for heavy work allows one more job now."""
    render = await owned_render(services, render_id, user_id)
    if not isinstance(render, Render):
        return render
    return render if services.heavy.allow(user_id) else SlowDown()


async def export_render(
    services: Services, render_id: int, user_id: int, options: OutputOptions | None
) -> Exported | NotYours | SlowDown:
    """``options`` None: the SVG (an offline design's vector original, or a model render's cut-out traced)."""
    render = await heavy_work_on(services, render_id, user_id)
    if not isinstance(render, Render):
        return render
    with on_behalf_of(user_id):
        if options is None:
            return Exported(f"render-{render.id}.svg", await services.files.export_svg(render))
        data = await services.files.export(render, options)
    session = await services.sessions.get(render.session_id)
    kind = TYPES[session.creation_type].file_stem if session is not None else "design"
    return Exported(f"{kind}-render{render.id}-{options.size}.{options.format}", data)


async def platform_pack(
    services: Services, render_id: int, user_id: int, limit: int
) -> Packed | NotYours | SlowDown | TooLarge:
    """Every size the platforms ask for, with logo.svg and a README; two parts over ``limit``."""
    render = await heavy_work_on(services, render_id, user_id)
    if not isinstance(render, Render):
        return render
    items = services.settings.export.pack_items()
    try:
        with on_behalf_of(user_id, bulk=True):  # a dozen sizes: kept off the worker left for renders
            return Packed(await services.files.pack(render, f"platform-pack-{render.id}", limit, items))
    except PackTooLarge:
        return TooLarge(limit)
