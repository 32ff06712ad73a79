"""After a front end has shown a render (a thread message, the studio's page): the bookkeeping, the same for both.
The creation is marked delivered (so a restart does not post it again) and its legibility at small sizes measured
(kept with the render; the front end shows the preview and the note its own way)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.gallery import Creation
from bot.imaging import Legibility
from bot.render import legibility_of
from bot.services import Services


@dataclass(frozen=True)
class Delivered:
    legibility: Legibility | None  # None: the measurement failed (a courtesy; the image is delivered)


async def render_delivered(services: Services, creation: Creation, data: bytes) -> Delivered:
    """``data``: the file as shown. Called once the user can see it."""
    await services.gallery.mark_delivered(creation.id)
    session = await services.sessions.get(creation.session_id) if creation.session_id else None
    return Delivered(await legibility_of(creation, data, session, services.renders))
