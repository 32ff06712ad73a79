"""After a front end has shown a render (a thread message, the studio's page): the bookkeeping, the same for both.
The creation is marked delivered (so a restart does not post it again), its platform pack's dear part is started
in the background (so a pack click finds it made), and its legibility at small sizes measured (kept with the
render; the front end shows the preview and the note its own way)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.design.worker import on_behalf_of
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
    render = await services.renders.get(creation.render_id) if creation.render_id else None
    if render is not None and session is not None:
        with on_behalf_of(session.user_id, bulk=True):  # below renders, on the worker the pack will use
            await services.files.prepare_pack(render, session, services.settings.export.pack_items())
    return Delivered(await legibility_of(creation, data, session, services.renders))
