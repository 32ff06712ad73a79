"""The brand kit from the studio: POST /renders/{id}/brand-kit answers the kit's ZIP (offline, or once the render's
art is kept: free; with Gemini the first kit of a render costs a creation credit, which GET /renders/{id}/brand-kit
states first); GET /renders/{id}/emotes?motion=&file=&matte= answers one animated emote alone. Every kit made is
kept: GET /kits lists the caller's (or one render's), GET /kits/{id}/file gives one again as one ZIP, as it was made
(no model call, no credit, no redraw)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aiohttp import web

from bot.usecases import (
    KitGiven,
    KitMade,
    KitsKept,
    NotYours,
    SlowDown,
    brand_kit,
    emote_file,
    kept_kits,
    kit_again,
    kit_cost,
    render_kits,
)
from web.api_models import EmoteQuery, KitBody, KitListQuery
from web.contract import Endpoint, get, post
from web.events import KeptKits
from web.identity import USER, error
from web.openapi import file_answer, json_answer
from web.views import kit_json
from web.wording import status
from web.wording_deliveries import kept_kit, kit, kit_notes, kits_listed, render_file

if TYPE_CHECKING:
    from bot.services import Services

KIT_LIMIT_BYTES = 200 * 1024 * 1024  # no upload limit on the web: one ZIP
_TYPES = {"gif": "image/gif", "png": "image/apng", "webp": "image/webp"}


class KitApi:
    def __init__(self, services: Services) -> None:
        self.services = services

    def routes(self) -> list[Endpoint]:
        return [
            get("/renders/{id}/brand-kit", self.cost, "What the next brand kit of this render costs (0 or 1 creation "
                "credit)", json_answer("The cost")),
            post("/renders/{id}/brand-kit", self.kit, "The brand kit: banners, offline screen, panels and animated "
                 "emotes in the render's style", file_answer("The ZIP", "application/zip"), 402, 409, 413, 429, 502),
            get("/renders/{id}/emotes", self.emote, "One animated emote", file_answer("The emote", *_TYPES.values()),
                429),
            get("/kits", self.kits, "The caller's kept brand kits, newest first (or one render's)",
                json_answer("The kits", KeptKits), 404),
            get("/kits/{id}/file", self.kit_file, "A kept brand kit's ZIP again, as it was made (no model call, no "
                "credit)", file_answer("The ZIP", "application/zip"), 413, 429),
        ]  # fmt: skip

    async def cost(self, request: web.Request) -> web.Response:
        """What the next kit of this render costs, for the page's confirmation (0 or 1 creation credit)."""
        credits = await kit_cost(self.services, int(request.match_info["id"]), request[USER])
        if isinstance(credits, NotYours):
            return error(status(credits), render_file(credits))
        return web.json_response({"credits": credits})

    async def kit(self, request: web.Request, body: KitBody) -> web.Response:
        name, titles = body.name.strip() if body.name else None, tuple(t.strip() for t in body.titles)
        outcome = await brand_kit(self.services, int(request.match_info["id"]), request[USER], limit=KIT_LIMIT_BYTES,
                                  name=name, titles=titles, matte=body.matte)  # fmt: skip
        if not isinstance(outcome, KitMade):
            return error(status(outcome), kit(outcome))
        filename, data = outcome.kit.pack.parts[0]
        headers = {"Content-Disposition": f'attachment; filename="{filename}"',
                   "X-Kit-Charged": str(int(outcome.charged))}  # fmt: skip
        if outcome.flaws:  # what the self-check found, in one header line the page shows
            headers["X-Kit-Notes"] = kit_notes(outcome).encode("ascii", "replace").decode()
        return web.Response(body=data, content_type="application/zip", headers=headers)

    async def emote(self, request: web.Request, query: EmoteQuery) -> web.Response:
        outcome = await emote_file(self.services, int(request.match_info["id"]), request[USER], query.motion,
                                   query.file, query.matte)  # fmt: skip
        if isinstance(outcome, NotYours | SlowDown):
            return error(status(outcome), render_file(outcome))
        filename, data = outcome
        return web.Response(body=data, content_type=_TYPES[filename.rsplit(".", 1)[1]],
                            headers={"Content-Disposition": f'inline; filename="{filename}"'})  # fmt: skip

    async def kits(self, request: web.Request, query: KitListQuery) -> web.Response:
        if query.render is None:
            listed: KitsKept | NotYours = await kept_kits(self.services, request[USER])
        else:
            listed = await render_kits(self.services, query.render, request[USER])
        if isinstance(listed, NotYours):
            return error(status(listed), kits_listed(listed))
        return web.json_response({"kits": [kit_json(k) for k in listed.kits]})

    async def kit_file(self, request: web.Request) -> web.Response:
        outcome = await kit_again(self.services, int(request.match_info["id"]), request[USER], limit=KIT_LIMIT_BYTES,
                                  one_file=True, previews=False)  # fmt: skip
        if not isinstance(outcome, KitGiven):
            return error(status(outcome), kept_kit(outcome))
        ((filename, data),) = outcome.parts
        return web.Response(body=data, content_type="application/zip",
                            headers={"Content-Disposition": f'attachment; filename="{filename}"',
                                     "Cache-Control": "private, max-age=86400"})  # fmt: skip
