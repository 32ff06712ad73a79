"""The brand kit and its emotes, the same for the bot's button and the studio's endpoints.

What it costs. Offline, nothing: the design engine composes the wide pieces from the render's own design. With
Gemini, one creation credit: the model paints the wide art, one image call per aspect family (and one repaint of a
family the self-check refuses), each counted as one of the credit's attempts; a provider failure gives the credit
back. The art is kept with the render, so getting the kit again (other titles, the other chat matte) is free and
calls no model. The emotes never call a model. The heavy-work rate limit per user applies, as for exports.
"""

from __future__ import annotations

import asyncio
import logging
import re
from dataclasses import dataclass, replace

from bot.accounts import QuotaStatus
from bot.design import worker as design_worker
from bot.gallery import NewKit
from bot.imaging import PackTooLarge
from bot.model import KitFlaw, ProviderError, Session, Trouble, flaws_json, flaws_of, has_text, plain, usage_scope
from bot.model.brand_kit import DEFAULT_PIECES, EMOTE_FILES, Matte, Motion, family_of
from bot.model.kit_flaws import repainted
from bot.render import KitArt, Render
from bot.render.brand_kit import Kit, KitRequest, build_kit, cutout_png, emotes_for, piece_path, with_words
from bot.services import Services
from bot.usecases.outcomes import NotYours
from bot.usecases.ownership import owned_render
from bot.usecases.render_files import SlowDown, TooLarge, heavy_work_on

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class KitMade:
    kit: Kit  # the ZIP (pack), a contact sheet and an animated preview
    name: str | None
    charged: bool = False  # a creation credit was spent on the model's art just now
    flaws: tuple[KitFlaw, ...] = ()  # what the self-check found on the model's art
    kept: int | None = None  # the kept kit's id: the gallery gives it again (None: it could not be kept)


@dataclass(frozen=True)
class KitNeedsCredit:
    """The model's art costs a creation credit and none is left this month; nothing was called."""

    status: QuotaStatus


@dataclass(frozen=True)
class KitFailed:
    """The model failed (or the operator's daily budget is reached); the credit was given back."""

    trouble: Trouble


@dataclass(frozen=True)
class KitAlreadyOnIt:
    """This render's kit is being painted (a second click)."""


KitOutcome = KitMade | NotYours | SlowDown | TooLarge | KitNeedsCredit | KitFailed | KitAlreadyOnIt


async def kit_cost(services: Services, render_id: int, user_id: int) -> int | NotYours:
    """Credits the next kit of the caller's render costs: 0 offline or once its art is kept, else 1 (for the front
    end's confirmation)."""
    render = await owned_render(services, render_id, user_id)
    if not isinstance(render, Render):
        return render
    if services.provider.offline or await services.kits.get(render_id) is not None:
        return 0
    return 1


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
) -> KitOutcome:
    """``name`` overrides the brief's text on the banners; ``limit``: the front end's upload limit (a ZIP over it
    comes in two parts). A kit is many worker jobs: bulk work, shared fairly with the other users' kits and kept
    off the worker left for renders."""
    with design_worker.on_behalf_of(user_id, bulk=True):
        return await _kit(services, render_id, user_id, limit, name, titles, matte)


async def _kit(
    services: Services, render_id: int, user_id: int, limit: int, name: str | None, titles: tuple[str, ...],
    matte: Matte,
) -> KitOutcome:  # fmt: skip
    render = await heavy_work_on(services, render_id, user_id)
    if not isinstance(render, Render):
        return render
    session = await services.sessions.get(render.session_id)
    if name is None and session is not None and has_text(session.brief):
        name = session.brief.text
    # The name goes into the README, onto the banners and into Discord's message: never a bidi override.
    name = plain(name or "") or None
    titles = tuple(filter(None, map(plain, titles)))
    source = await services.gallery.read_path(render.source_path)
    request = KitRequest(name=name, pieces=DEFAULT_PIECES, matte=matte, titles=titles)
    art, flaws = None, ()
    try:
        if not services.provider.offline and session is not None:
            kept = await services.kits.get(render.id)
            if kept is not None:
                art, flaws = await services.kits.art(kept), flaws_of(kept.notes)
            else:
                with services.kit_art.painting(render.id) as first:
                    if not first:
                        return KitAlreadyOnIt()
                    painted = await _paint(services, render, session, user_id, source, request, limit)
                if not isinstance(painted, tuple):
                    return painted
                kit, flaws = painted
                return await _keep(services, render, session, KitMade(kit, name, True, flaws), request)
        kit = await build_kit(source, session, request, zip_name(name, render.id), limit, art=art)
    except PackTooLarge:
        return TooLarge(limit)
    return await _keep(services, render, session, KitMade(kit, name, flaws=flaws), request)


async def _keep(services: Services, render: Render, session: Session | None, made: KitMade,
                request: KitRequest) -> KitMade:  # fmt: skip
    """The kit as delivered, kept for the gallery. A disk that refuses it costs the gallery's copy, not the kit."""
    new = NewKit(render.id, render.user_id, made.name, request.matte, request.titles,
                 session.style if session is not None else None, made.kit.pack, made.kit.sheet, made.kit.preview,
                 made.charged, flaws_json(made.flaws))  # fmt: skip
    try:
        return replace(made, kept=await services.kit_archive.keep(new))
    except OSError:
        log.warning("the brand kit of render %s could not be kept", render.id, exc_info=True)
        return made


async def _paint(
    services: Services, render: Render, session: Session, user_id: int, source: bytes, request: KitRequest,
    limit: int,
) -> tuple[Kit, tuple[KitFlaw, ...]] | KitNeedsCredit | KitFailed:  # fmt: skip
    """The model's art for a kit: a credit reserved first, given back if the model fails; the art kept after."""
    month = await services.quota.reserve(user_id, session.tier)
    if month is None:
        return KitNeedsCredit(await services.quota.status(user_id, session.tier))
    art = KitArt({})
    try:
        cut = await design_worker.run(cutout_png, source)
        with usage_scope(session.id):
            await services.kit_art.paint(session, cut, {family_of(p) for p in request.pieces}, art)
            kit = await build_kit(source, session, request, zip_name(request.name, render.id), limit, cut=cut,
                                  art=art.images)  # fmt: skip
            # The words we set, the status line too ("Currently offline"): the model reads them back, and only
            # lettering beyond them is a fault.
            words = dict((piece_path(p), (p, " ".join(filter(None, (w, p.status))) or None))
                         for p, w in with_words(request))  # fmt: skip
            failing = await services.kit_art.review(
                session, [(*words[path], data) for path, data in kit.pieces.items() if path in words]
            )
            attempts = services.spend_for(session.tier).attempts_per_credit
            if failing and art.calls + len(failing) <= attempts:  # one repaint per refused family
                await services.kit_art.paint(session, cut, set(failing), art)
                kit = await build_kit(source, session, request, zip_name(request.name, render.id), limit, cut=cut,
                                      art=art.images)  # fmt: skip
                art.flaws += map(repainted, failing.values())
            elif failing:
                art.flaws += failing.values()
    except ProviderError as exc:
        await services.quota.refund(user_id, month)
        return KitFailed(exc.trouble)
    except BaseException:  # a bug, cancellation, or a ZIP over the limit: the credit is not lost either
        await asyncio.shield(services.quota.refund(user_id, month))
        raise
    await services.kits.keep(render.id, user_id, art.images, art.calls, month, flaws_json(art.flaws))
    return kit, tuple(art.flaws)


async def emote_file(
    services: Services, render_id: int, user_id: int, motion: Motion, suffix: str, matte: Matte = "dark"
) -> tuple[str, bytes] | NotYours | SlowDown:
    """One emote alone (``suffix``: one of the kit's emote files, e.g. "twitch-112.gif")."""
    render = await heavy_work_on(services, render_id, user_id)
    if not isinstance(render, Render):
        return render
    source = await services.gallery.read_path(render.source_path)
    wanted = tuple(t for t in EMOTE_FILES if t.suffix == suffix)  # only the file asked for is encoded
    with design_worker.on_behalf_of(user_id):
        cut = await design_worker.run(cutout_png, source)
        ((name, data),) = await design_worker.run(emotes_for, cut, motion, matte, wanted)
    return name.split("/", 1)[1], data


EMOTE_SUFFIXES = tuple(t.suffix for t in EMOTE_FILES)
