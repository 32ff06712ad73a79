"""The brand kit from the studio: POST /renders/{id}/brand-kit answers the kit's ZIP (offline, or once the render's
art is kept: free; with Gemini the first kit of a render costs a creation credit, which GET /renders/{id}/brand-kit
states first); GET /renders/{id}/emotes?motion=&file=&matte= answers one animated emote alone."""

from __future__ import annotations

from aiohttp import web

from bot.model import MATTES, MOTIONS
from bot.services import Services
from bot.usecases import (
    EMOTE_SUFFIXES,
    SLOW_DOWN,
    KitAlreadyOnIt,
    KitFailed,
    KitMade,
    KitNeedsCredit,
    NotYours,
    SlowDown,
    TooLarge,
    brand_kit,
    emote_file,
    kit_cost,
    kit_failed,
)
from web.identity import USER, error
from web.studio_api import BadRequest, body_of
from web.views import API, ID

KIT_LIMIT_BYTES = 200 * 1024 * 1024  # no upload limit on the web: one ZIP
MAX_WORDS = 40
_TYPES = {"gif": "image/gif", "png": "image/apng", "webp": "image/webp"}


class KitApi:
    def __init__(self, services: Services) -> None:
        self.services = services

    def routes(self) -> list[web.RouteDef]:
        return [
            web.get(f"{API}/renders/{ID}/brand-kit", self.cost),
            web.post(f"{API}/renders/{ID}/brand-kit", self.kit),
            web.get(f"{API}/renders/{ID}/emotes", self.emote),
        ]

    async def cost(self, request: web.Request) -> web.Response:
        """What the next kit of this render costs, for the page's confirmation (0 or 1 creation credit)."""
        credits = await kit_cost(self.services, int(request.match_info["id"]), request[USER])
        if isinstance(credits, NotYours):
            return error(404, "No such render.")
        return web.json_response({"credits": credits})

    async def kit(self, request: web.Request) -> web.Response:
        try:
            body = await body_of(request) if request.body_exists else {}
        except BadRequest as exc:
            return error(400, str(exc))
        name, titles, matte = body.get("name"), body.get("titles", []), body.get("matte", "dark")
        if name is not None and (not isinstance(name, str) or not 0 < len(name.strip()) <= MAX_WORDS):
            return error(400, f"name must be 1 to {MAX_WORDS} characters.")
        if not isinstance(titles, list) or len(titles) > 4 or not all(
            isinstance(t, str) and 0 < len(t.strip()) <= MAX_WORDS for t in titles
        ):
            return error(400, f"titles must be up to 4 panel titles of 1 to {MAX_WORDS} characters.")
        if matte not in MATTES:
            return error(400, "matte must be dark or light (the chat the GIF emotes are for).")
        outcome = await brand_kit(self.services, int(request.match_info["id"]), request[USER], limit=KIT_LIMIT_BYTES,
                                  name=name.strip() if name else None, titles=tuple(t.strip() for t in titles),
                                  matte=matte)  # fmt: skip
        if isinstance(outcome, NotYours):
            return error(404, "No such render.")
        if isinstance(outcome, SlowDown):
            return error(429, SLOW_DOWN)
        if isinstance(outcome, TooLarge):
            return error(413, "The kit is too large to download in one piece.")
        if isinstance(outcome, KitNeedsCredit):
            s = outcome.status
            return error(402, f"A brand kit's art costs one creation and you have none left this month ({s.used} / "
                              f"{s.limit}). More on {s.resets_at:%B} {s.resets_at.day}.")  # fmt: skip
        if isinstance(outcome, KitFailed):
            return error(502, kit_failed(outcome.error))
        if isinstance(outcome, KitAlreadyOnIt):
            return error(409, "This render's kit is being painted; it downloads when it is ready.")
        assert isinstance(outcome, KitMade)
        filename, data = outcome.kit.pack.parts[0]
        headers = {"Content-Disposition": f'attachment; filename="{filename}"',
                   "X-Kit-Charged": str(int(outcome.charged))}  # fmt: skip
        if outcome.notes:  # the self-check's notes, in one header line the page shows
            headers["X-Kit-Notes"] = " ".join(outcome.notes).encode("ascii", "replace").decode()
        return web.Response(body=data, content_type="application/zip", headers=headers)

    async def emote(self, request: web.Request) -> web.Response:
        motion = request.query.get("motion", "pulse")
        suffix = request.query.get("file", "discord-128.gif")
        matte = request.query.get("matte", "dark")
        if motion not in MOTIONS:
            return error(400, f"motion must be one of {', '.join(MOTIONS)}.")
        if suffix not in EMOTE_SUFFIXES:
            return error(400, f"file must be one of {', '.join(EMOTE_SUFFIXES)}.")
        if matte not in MATTES:
            return error(400, "matte must be dark or light.")
        outcome = await emote_file(self.services, int(request.match_info["id"]), request[USER], motion, suffix,
                                   matte)  # type: ignore[arg-type]  # fmt: skip
        if isinstance(outcome, NotYours):
            return error(404, "No such render.")
        if isinstance(outcome, SlowDown):
            return error(429, SLOW_DOWN)
        filename, data = outcome
        return web.Response(body=data, content_type=_TYPES[filename.rsplit(".", 1)[1]],
                            headers={"Content-Disposition": f'inline; filename="{filename}"'})  # fmt: skip
