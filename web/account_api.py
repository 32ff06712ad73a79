"""The studio's file and account endpoints: gallery, files, exports, the platform pack, ratings, Done, Resume, forget.

Files are served from the bot's own store (Discord CDN links expire). Another user's ids answer 404 like unknown
ones, so nothing tells them apart.
"""

from __future__ import annotations

import asyncio
import io
from collections import OrderedDict
from typing import TYPE_CHECKING

from aiohttp import web
from PIL import Image

from bot.model import OutputOptions
from bot.usecases import (
    Exported,
    NoSuchSession,
    NotYours,
    Packed,
    Resumed,
    close_session,
    export_render,
    forget_me,
    kept_image,
    kept_kits,
    platform_pack,
    rate_render,
    resume_session,
    session_view,
)
from web.api_models import ExportQuery, FileQuery, ForgetBody, GalleryQuery, RatingBody
from web.contract import Endpoint, get, post
from web.identity import COOKIE, USER, error
from web.openapi import file_answer, json_answer
from web.studio_api import StudioApi
from web.views import creation_json, kit_json
from web.wording import finished, status
from web.wording_deliveries import image_words, render_file

if TYPE_CHECKING:
    from bot.gallery import Creation
    from bot.services import Services

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

    def routes(self) -> list[Endpoint]:
        return [
            get("/gallery", self.gallery, "The caller's creations, 12 a page", json_answer("A page of creations")),
            get("/creations/{id}/file", self.creation_file, "An image from the gallery, or its thumbnail",
                file_answer("The image", *MIME.values())),
            get("/renders/{id}/export", self.export, "A render in any size, format or background (no model call)",
                file_answer("The file", *MIME.values(), "image/svg+xml"), 429),
            get("/renders/{id}/pack", self.pack, "The platform pack", file_answer("The ZIP", "application/zip"),
                413, 429),
            post("/renders/{id}/rating", self.rate, "Rate a render 1 to 5", json_answer("The rating")),
            post("/sessions/{id}/done", self.done, "Close the session", json_answer("Closed")),
            post("/sessions/{id}/resume", self.resume, "Resume an expired session",
                 json_answer("The session's state"), 409),
            post("/forget", self.forget, "Delete everything kept about the caller", json_answer("What was deleted")),
        ]  # fmt: skip

    async def gallery(self, request: web.Request, query: GalleryQuery) -> web.Response:
        listing = await self.services.gallery.list_page(request[USER], query.page, per_page=12)
        kits = await kept_kits(self.services, request[USER], [c.render_id for c in listing.items if c.render_id])
        items = [{**creation_json(c), "kits": [kit_json(k) for k in kits.of(c.render_id)]} for c in listing.items]
        return web.json_response({"page": listing.page, "pages": listing.pages, "total": listing.total,
                                  "items": items})  # fmt: skip

    async def creation_file(self, request: web.Request, query: FileQuery) -> web.Response:
        thumb = query.thumb == "1"
        kept = await kept_image(self.services, int(request.match_info["id"]), request[USER], read=not thumb)
        if isinstance(kept, NotYours):
            return error(status(kept), image_words(kept))
        creation = kept.creation
        if thumb:
            return web.Response(body=await self.thumbnail(creation), content_type="image/png",
                                headers={"Cache-Control": "private, max-age=86400"})  # fmt: skip
        data = kept.data
        return web.Response(body=data, content_type=MIME.get(creation.format, "application/octet-stream"),
                            headers={"Cache-Control": "private, max-age=86400",
                                     "Content-Disposition": f'inline; filename="{creation.filename}"'})  # fmt: skip

    async def export(self, request: web.Request, query: ExportQuery) -> web.Response:
        # svg: the vector, the original of an offline design, else traced
        options = None if query.format == "svg" else OutputOptions(query.size, query.format, query.background.lower())
        outcome = await export_render(self.services, int(request.match_info["id"]), request[USER], options)
        if not isinstance(outcome, Exported):
            return error(status(outcome), render_file(outcome))
        headers = {"Content-Disposition": f'attachment; filename="{outcome.filename}"'}
        if options is None:
            headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
        mime = "image/svg+xml" if options is None else MIME[options.format]
        return web.Response(body=outcome.data, content_type=mime, headers=headers)

    async def pack(self, request: web.Request) -> web.Response:
        outcome = await platform_pack(self.services, int(request.match_info["id"]), request[USER], PACK_LIMIT_BYTES)
        if not isinstance(outcome, Packed):
            return error(status(outcome), render_file(outcome, what="pack"))
        name, data = outcome.pack.parts[0]
        return web.Response(body=data, content_type="application/zip",
                            headers={"Content-Disposition": f'attachment; filename="{name}"'})  # fmt: skip

    async def rate(self, request: web.Request, body: RatingBody) -> web.Response:
        outcome = await rate_render(self.services, int(request.match_info["id"]), request[USER], body.stars)
        if isinstance(outcome, NotYours):
            return error(status(outcome), render_file(outcome))
        return web.json_response({"stars": outcome.stars, "previous": outcome.previous})

    async def done(self, request: web.Request) -> web.Response:
        outcome = await close_session(self.services, int(request.match_info["id"]), request[USER])
        if isinstance(outcome, NoSuchSession):
            return error(status(outcome), finished(outcome))
        return web.json_response({"status": "completed", "message": finished(outcome)})

    async def resume(self, request: web.Request) -> web.Response:
        tier = (await self.studio.tier(request[USER])).tier
        outcome = await resume_session(self.services, int(request.match_info["id"]), request[USER], tier)
        if not isinstance(outcome, Resumed):
            return error(status(outcome), finished(outcome))
        view = await session_view(self.services, outcome.session.id, request[USER])
        return web.json_response(await self.studio.state(view) if not isinstance(view, NoSuchSession) else {})

    async def forget(self, request: web.Request, body: ForgetBody) -> web.Response:
        report = await forget_me(self.services, request[USER])
        self._thumbs.clear()  # nothing of theirs stays behind in memory either
        response = web.json_response({"deleted": vars(report)})
        response.del_cookie(COOKIE, path="/")  # the login itself was deleted with the rest (hosted mode)
        return response
