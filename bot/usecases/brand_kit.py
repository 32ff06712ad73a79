"""The brand kit and its emotes, the same for the bot's button and the studio's endpoints.

What it costs: nothing. The wide art is composed by the design engine from the render's own design (its designed
background, its cut-out, its font), and the emotes are made from the cut-out, so no model call is made in either
mode and no credit is spent; the heavy-work rate limit per user applies, as for exports and packs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.design import worker as design_worker
from bot.imaging import PackTooLarge
from bot.model import has_text
from bot.model.brand_kit import DEFAULT_PIECES, EMOTE_FILES, Matte, Motion
from bot.render import Render
from bot.render.brand_kit import Kit, KitRequest, build_kit, cutout_png, emotes_for
from bot.services import Services
from bot.usecases.render_files import NotYours, SlowDown, heavy_work_on


@dataclass(frozen=True)
class KitMade:
    kit: Kit  # the ZIP (pack), a contact sheet and an animated preview
    name: str | None


@dataclass(frozen=True)
class KitTooLarge:
    limit: int


def zip_name(name: str | None, render_id: int) -> str:
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", name or "").strip("-")[:40]
    return f"{slug}-brand-kit" if slug else f"brand-kit-{render_id}"


async def brand_kit(
    services: Services,
    render_id: int,
    user_id: int,
    *,
    limit: int,
    name: str | None = None,
    titles: tuple[str, ...] = (),
    matte: Matte = "dark",
) -> KitMade | NotYours | SlowDown | KitTooLarge:
    """``name`` overrides the brief's text on the banners; ``limit``: the front end's upload limit (a ZIP over it
    comes in two parts)."""
    render = await heavy_work_on(services, render_id, user_id)
    if not isinstance(render, Render):
        return render
    session = await services.sessions.get(render.session_id)
    if name is None and session is not None and has_text(session.brief):
        name = session.brief.text
    source = await services.gallery.read_path(render.source_path)
    request = KitRequest(name=name, pieces=DEFAULT_PIECES, matte=matte, titles=titles)
    try:
        kit = await build_kit(source, session, request, zip_name(name, render.id), limit)
    except PackTooLarge:
        return KitTooLarge(limit)
    return KitMade(kit, name)


async def emote_file(
    services: Services, render_id: int, user_id: int, motion: Motion, suffix: str, matte: Matte = "dark"
) -> tuple[str, bytes] | NotYours | SlowDown:
    """One emote alone (``suffix``: one of the kit's emote files, e.g. "twitch-112.gif")."""
    render = await heavy_work_on(services, render_id, user_id)
    if not isinstance(render, Render):
        return render
    source = await services.gallery.read_path(render.source_path)
    cut = await design_worker.run(cutout_png, source)
    wanted = tuple(t for t in EMOTE_FILES if t.suffix == suffix)  # only the file asked for is encoded
    ((name, data),) = await design_worker.run(emotes_for, cut, motion, matte, wanted)
    return name.split("/", 1)[1], data


EMOTE_SUFFIXES = tuple(t.suffix for t in EMOTE_FILES)
