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

from bot.accounts import SLOW_DOWN, NotYours
from bot.gallery import Creation
from bot.imaging import PackTooLarge
from bot.model import ImagingError, OutputOptions
from bot.services import Services
from bot.sessions import resume_refusal
from bot.usecases import ResumeRefused, close_session, resume_session
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

    async def _render(self, request: web.Request):  # type: ignore[no-untyped-def]
        render = await self.services.renders.get(int(request.match_info["id"]))
        return render if render is not None and render.user_id == request[USER] else None

    async def export(self, request: web.Request) -> web.Response:
        render = await self._render(request)
        if render is None:
            return error(404, "No such render.")
        if not self.services.heavy.allow(request[USER]):
            return error(429, SLOW_DOWN)
        if request.query.get("format") == "svg":  # the vector: the original of an offline design, else traced
            svg = await self.services.generation.export_svg(render)
            return web.Response(body=svg, content_type="image/svg+xml", headers={
                "Content-Disposition": f'attachment; filename="render-{render.id}.svg"',
                "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
            })  # fmt: skip
        try:
            options = OutputOptions(size=int(request.query.get("size", "512")),
                                    format=request.query.get("format", "png"),  # type: ignore[arg-type]
                                    background=request.query.get("background", "transparent").lower())  # fmt: skip
        except (ImagingError, ValueError) as exc:
            return error(400, str(exc))
        data = await self.services.generation.export(render, options)
        name = f"render-{render.id}-{options.size}.{options.format}"
        return web.Response(body=data, content_type=MIME[options.format],
                            headers={"Content-Disposition": f'attachment; filename="{name}"'})  # fmt: skip

    async def pack(self, request: web.Request) -> web.Response:
        render = await self._render(request)
        if render is None:
            return error(404, "No such render.")
        if not self.services.heavy.allow(request[USER]):
            return error(429, SLOW_DOWN)
        items = self.services.settings.export.pack_items()
        try:
            pack = await self.services.generation.pack(render, f"platform-pack-{render.id}", PACK_LIMIT_BYTES, items)
        except PackTooLarge:
            return error(413, "The pack is too large; export the sizes you need one by one.")
        name, data = pack.parts[0]
        return web.Response(body=data, content_type="application/zip",
                            headers={"Content-Disposition": f'attachment; filename="{name}"'})  # fmt: skip

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
        session = await self.studio.owned(request)
        if session is None:
            return error(404, "No such session.")
        await close_session(self.services, session.id)
        closed = "Session closed. Your renders stay in your gallery."
        return web.json_response({"status": "completed", "message": closed})

    async def resume(self, request: web.Request) -> web.Response:
        session = await self.studio.owned(request)
        if session is None:
            return error(404, "No such session.")
        outcome = await resume_session(self.services, session.id, (await self.studio.tier(request[USER])).tier)
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
