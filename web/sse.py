"""Server-sent events over a POST response: ``event: NAME`` and one JSON ``data:`` line per event."""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web


class EventStream:
    def __init__(self, request: web.Request) -> None:
        self._request = request
        self._response = web.StreamResponse(
            headers={"Content-Type": "text/event-stream", "Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
        )
        self.closed = False

    async def open(self) -> EventStream:
        await self._response.prepare(self._request)
        return self

    async def send(self, event: str, data: Any) -> None:
        if self.closed:
            return
        payload = f"event: {event}\ndata: {json.dumps(data, separators=(',', ':'))}\n\n"
        try:
            await self._response.write(payload.encode())
        except (ConnectionResetError, RuntimeError):
            self.closed = True  # the browser went away; the work itself goes on and is saved

    async def finish(self) -> web.StreamResponse:
        if not self.closed:
            try:
                await self._response.write_eof()
            except (ConnectionResetError, RuntimeError):
                pass
        return self._response


def wants_json(request: web.Request) -> bool:
    accept = request.headers.get("Accept", "")
    return "application/json" in accept and "text/event-stream" not in accept
