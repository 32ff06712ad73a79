"""The caller's kept images and renders, read back with no model call (Post again, a gallery pick, the studio's
file links, the export panel). Someone else's answers exactly like one that does not exist."""

from __future__ import annotations

from dataclasses import dataclass

from bot.gallery import Creation
from bot.render import Render
from bot.services import Services
from bot.usecases.outcomes import NotYours
from bot.usecases.ownership import owned_render


@dataclass(frozen=True)
class KeptImage:
    creation: Creation
    data: bytes | None  # None when only the record was asked for (the studio's thumbnails are cached)


async def kept_image(services: Services, creation_id: int, user_id: int, *, read: bool = True) -> KeptImage | NotYours:
    creation = await services.gallery.get(creation_id)
    if creation is None or creation.user_id != user_id:
        return NotYours()
    return KeptImage(creation, await services.gallery.read(creation) if read else None)


async def your_render(services: Services, render_id: int, user_id: int) -> Render | NotYours:
    return await owned_render(services, render_id, user_id)
