"""The studio's file and account endpoints: gallery, files, exports, the platform pack, ratings, Done, Resume, forget.

Files are served from the bot's own store (Discord CDN links expire). Another user's ids answer 404 like unknown
ones, so nothing tells them apart.
"""

from __future__ import annotations

import asyncio
import io
from collections import OrderedDict

from aiohttp import web
from PIL import Image

from bot.accounts import NotYours
from bot.gallery import Creation
from bot.model import ImagingError, OutputOptions
from bot.services import Services
from bot.sessions import resume_refusal
from bot.usecases import (
    SLOW_DOWN,
    Exported,
    NoSuchSession,
    Packed,
    ResumeRefused,
    SlowDown,
    TooLarge,
    close_session,
    export_render,
    platform_pack,
    resume_session,
)
from bot.usecases import NotYours as RenderNotYours
from web.identity import COOKIE, USER, error
from web.studio_api import BadRequest, StudioApi, body_of
from web.views import API, ID, creation_json

MIME = {"png": "image/png", "webp": "image/webp"}
THUMB_PX = 192
PACK_LIMIT_BYTES = 200 * 1024 * 1024  # no upload limit on the web: one ZIP


def _thumbnail(data: bytes) -> bytes:
    image = Image.open(io.BytesIO(data))
    image.thumbnail((THUMB_PX, THUMB_PX))
    out = io.BytesIO()
    image.save(out, "PNG", compress_level=1)
    return out.getvalue()


THUMB_CACHE = 512  # thumbnails kept in memory, by creation id (a creation's file never changes)


class AccountApi:
    def __init__(self, services: Services, studio: StudioApi) -> None:
        self.services = services
        self.studio = studio
        self._thumbs: OrderedDict[int, bytes] = OrderedDict()

    async def thumbnail(self, creation: Creation) -> bytes:
        """Made once per creation, then served from memory (least recently used out first)."""
        cached = self._thumbs.get(creation.id)
        if cached is None:
            cached = await asyncio.to_thread(_thumbnail, await self.services.gallery.read(creation))
            self._thumbs[creation.id] = cached
            while len(self._thumbs) > THUMB_CACHE:
                self._thumbs.popitem(last=False)
        self._thumbs.move_to_end(creation.id)
        return cached

    def routes(self) -> list[web.RouteDef]:
        return [
            web.get(f"{API}/gallery", self.gallery),
            web.get(f"{API}/creations/{ID}/file", self.creation_file),
            web.get(f"{API}/renders/{ID}/export", self.export),
            web.get(f"{API}/renders/{ID}/pack", self.pack),
            web.post(f"{API}/renders/{ID}/rating", self.rate),
            web.post(f"{API}/sessions/{ID}/done", self.done),
            web.post(f"{API}/sessions/{ID}/resume", self.resume),
            web.post(f"{API}/forget", self.forget),
        ]

    async def gallery(self, request: web.Request) -> web.Response:
        try:
            page = max(int(request.query.get("page", "1")), 1)
        except ValueError:
            return error(400, "page must be a whole number from 1.")
        listing = await self.services.gallery.list_page(request[USER], page, per_page=12)
        return web.json_response({"page": listing.page, "pages": listing.pages, "total": listing.total,
                                  "items": [creation_json(c) for c in listing.items]})  # fmt: skip

    async def creation_file(self, request: web.Request) -> web.Response:
        creation = await self.services.gallery.get(int(request.match_info["id"]))
        if creation is None or creation.user_id != request[USER]:
            return error(404, "No such image.")
        if request.query.get("thumb"):
            return web.Response(body=await self.thumbnail(creation), content_type="image/png",
                                headers={"Cache-Control": "private, max-age=86400"})  # fmt: skip
        data = await self.services.gallery.read(creation)
        return web.Response(body=data, content_type=MIME.get(creation.format, "application/octet-stream"),
                            headers={"Cache-Control": "private, max-age=86400",
                                     "Content-Disposition": f'inline; filename="{creation.filename}"'})  # fmt: skip

    async def export(self, request: web.Request) -> web.Response:
        svg = request.query.get("format") == "svg"  # the vector: the original of an offline design, else traced
        try:
            options = None if svg else OutputOptions(
                size=int(request.query.get("size", "512")), format=request.query.get("format", "png"),  # type: ignore[arg-type]
                background=request.query.get("background", "transparent").lower())  # fmt: skip
        except (ImagingError, ValueError) as exc:
            return error(400, str(exc))
        outcome = await export_render(self.services, int(request.match_info["id"]), request[USER], options)
        if not isinstance(outcome, Exported):
            return self._refused(outcome)
        headers = {"Content-Disposition": f'attachment; filename="{outcome.filename}"'}
        if options is None:
            headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
        mime = "image/svg+xml" if options is None else MIME[options.format]
        return web.Response(body=outcome.data, content_type=mime, headers=headers)

    async def pack(self, request: web.Request) -> web.Response:
        outcome = await platform_pack(self.services, int(request.match_info["id"]), request[USER], PACK_LIMIT_BYTES)
        if isinstance(outcome, TooLarge):
            return error(413, "The pack is too large; export the sizes you need one by one.")
        if not isinstance(outcome, Packed):
            return self._refused(outcome)
        name, data = outcome.pack.parts[0]
        return web.Response(body=data, content_type="application/zip",
                            headers={"Content-Disposition": f'attachment; filename="{name}"'})  # fmt: skip

    @staticmethod
    def _refused(outcome: RenderNotYours | SlowDown) -> web.Response:
        return error(404, "No such render.") if isinstance(outcome, RenderNotYours) else error(429, SLOW_DOWN)

    async def rate(self, request: web.Request) -> web.Response:
        try:
            stars = int((await body_of(request)).get("stars", 0))
        except OverflowError:
            return error(400, "stars must be 1 to 5.")
        except (BadRequest, ValueError, TypeError) as exc:
            return error(400, str(exc))
        if not 1 <= stars <= 5:
            return error(400, "stars must be 1 to 5.")
        try:
            previous = await self.services.ratings.rate(int(request.match_info["id"]), request[USER], stars)
        except NotYours:
            return error(404, "No such render.")
        return web.json_response({"stars": stars, "previous": previous})

    async def done(self, request: web.Request) -> web.Response:
        outcome = await close_session(self.services, int(request.match_info["id"]), request[USER])
        if isinstance(outcome, NoSuchSession):
            return error(404, "No such session.")
        closed = "Session closed. Your renders stay in your gallery."
        return web.json_response({"status": "completed", "message": closed})

    async def resume(self, request: web.Request) -> web.Response:
        tier = (await self.studio.tier(request[USER])).tier
        outcome = await resume_session(self.services, int(request.match_info["id"]), request[USER], tier)
        if isinstance(outcome, NoSuchSession):
            return error(404, "No such session.")
        if isinstance(outcome, ResumeRefused):
            return error(409, resume_refusal(outcome.outcome))
        return web.json_response(await self.studio.state(outcome.session))

    async def forget(self, request: web.Request) -> web.Response:
        try:
            confirmed = (await body_of(request)).get("confirm") is True
        except BadRequest as exc:
            return error(400, str(exc))
        if not confirmed:
            return error(400, 'Forgetting deletes your sessions, renders and gallery: send {"confirm": true}.')
        report = await self.services.forget(request[USER])
        self._thumbs.clear()  # nothing of theirs stays behind in memory either
        response = web.json_response({"deleted": vars(report)})
        response.del_cookie(COOKIE, path="/")  # the login itself was deleted with the rest (hosted mode)
        return response
