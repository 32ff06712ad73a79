"""Reference upload from the page: the image is the request body (PNG, JPEG, WebP or GIF, up to 8 MB) and goes
through the same untrusted-image path as the bot's uploads (size, magic bytes, header dimensions and decode cost
checked before a pixel is decoded; first frame, EXIF orientation, metadata dropped), in a worker process."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aiohttp import web

from bot.usecases import ReferenceAdded, add_reference
from web.contract import Endpoint, post
from web.identity import USER, error
from web.openapi import json_answer
from web.wording import reference, reference_notes, status

if TYPE_CHECKING:
    from bot.services import Services

# The app's body limit (web/server.py): a larger body is answered 413 with UPLOAD_TOO_LARGE before it is read.
MAX_UPLOAD = 8 * 1024 * 1024
IMAGE_TYPES = ("image/png", "image/jpeg", "image/webp", "image/gif")


class ReferenceApi:
    def __init__(self, services: Services) -> None:
        self.services = services

    def routes(self) -> list[Endpoint]:
        kept = json_answer("References kept, the image's size, notes")
        return [post("/sessions/{id}/references", self.upload, "Upload a reference image (the body: PNG, JPEG, WebP "
                     "or GIF, up to 8 MB), checked and cleaned as the bot's are", kept, 409, 429,
                     upload=IMAGE_TYPES)]  # fmt: skip

    async def upload(self, request: web.Request) -> web.Response:
        async def read() -> bytes:  # once the session is known to be the caller's and open
            data = await request.read()
            if not data:
                raise _Refused(400, "Choose an image file (PNG, JPEG, WebP or GIF) to upload.")
            return data

        try:
            outcome = await add_reference(self.services, int(request.match_info["id"]), request[USER], read, "upload")
        except _Refused as refused:
            return error(refused.status, refused.sentence)
        if not isinstance(outcome, ReferenceAdded):
            return error(status(outcome), reference(outcome))
        return web.json_response({"references": outcome.references, "width": outcome.width, "height": outcome.height,
                                  "notes": reference_notes(outcome)})  # fmt: skip


class _Refused(Exception):
    """The upload itself is unusable (empty): answered before it is decoded."""

    def __init__(self, status: int, sentence: str) -> None:
        super().__init__(sentence)
        self.status, self.sentence = status, sentence
