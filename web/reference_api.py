"""Reference upload from the page: the image is the request body (PNG, JPEG, WebP or GIF, up to 8 MB) and goes
through the same untrusted-image path as the bot's uploads (size, magic bytes, header dimensions and decode cost
checked before a pixel is decoded; first frame, EXIF orientation, metadata dropped), in a worker process."""

from __future__ import annotations

from aiohttp import web

from bot.references import ReferenceRefused
from bot.services import Services
from web.identity import error
from web.studio_api import StudioApi
from web.views import API, ID

MAX_UPLOAD = 8 * 1024 * 1024


class ReferenceApi:
    def __init__(self, services: Services, studio: StudioApi) -> None:
        self.services = services
        self.studio = studio

    def routes(self) -> list[web.RouteDef]:
        return [web.post(f"{API}/sessions/{ID}/references", self.upload)]

    async def upload(self, request: web.Request) -> web.Response:
        session = await self.studio.owned(request)
        if session is None:
            return error(404, "No such session.")
        if not session.live:
            return error(409, "This session has ended: start a new design to use a reference.")
        data = await request.read()
        if not data:
            return error(400, "Choose an image file (PNG, JPEG, WebP or GIF) to upload.")
        if len(data) > MAX_UPLOAD:
            return error(413, "That image is larger than 8 MB: save it smaller and try again.")
        try:
            clean = await self.services.untrusted.clean(data)
        except ReferenceRefused as exc:
            return error(400, exc.user_message)
        limit = self.services.settings.coach.max_references
        added = await self.services.references.add(session.id, session.user_id, clean, "upload", limit)
        notes = [clean.note] if clean.note else []
        if added.dropped:
            notes.append(f"only your {limit} newest references are kept, so the oldest one was dropped")
        count = await self.services.references.count(session.id)
        return web.json_response({"references": count, "width": clean.width, "height": clean.height,
                                  "notes": notes})  # fmt: skip
