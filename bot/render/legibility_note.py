"""The legibility preview of a delivered image (how it reads at 128 / 48 / 28 px) and its warning, kept with the
render so every front end can show it, then and later."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace

from bot.gallery import Creation
from bot.imaging import Legibility, assess
from bot.model import has_text
from bot.render.store import RenderStore
from bot.storage import Session

log = logging.getLogger(__name__)


async def legibility_of(
    creation: Creation, data: bytes, session: Session | None, renders: RenderStore
) -> Legibility | None:
    """Measured off the event loop; the session (already read by the caller) says whether the design has text.
    The warning comes once per session (the preview with every render). None when the measurement failed: the
    preview is a courtesy and never stops a delivery."""
    text = session is not None and has_text(session.brief)
    try:
        legibility = await asyncio.to_thread(assess, data, text)
    except Exception:
        log.exception("legibility preview failed for creation %s", creation.id)
        return None
    if legibility.warning and creation.session_id is not None and await _said_before(creation, renders):
        return replace(legibility, warning=None)  # said once per session: the same advice on every card is noise
    if creation.render_id is not None and legibility.warning:
        await renders.set_legibility(creation.render_id, legibility.warning)
    return legibility


async def _said_before(creation: Creation, renders: RenderStore) -> bool:
    """Whether an earlier render of this session already carries the warning."""
    earlier = await renders.for_session(creation.session_id or 0)
    return any(r.legibility_warning for r in earlier if r.id != creation.render_id)
