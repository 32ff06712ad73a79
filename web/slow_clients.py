"""Slow and abusive clients: a connection cap, a deadline for a request's headers and one for its body.

aiohttp closes a connection whose handler is still waiting for a complete request when its keep-alive timer
fires, and that timer starts with the connection and is not pushed back by incoming bytes. So a short
``keepalive_timeout`` is the header deadline: a client trickling a byte at a time is closed when it runs out,
whether it is the connection's first request or a later one. The body deadline is read here, before any handler:
the body is read once (aiohttp keeps it for ``request.json()``) within ``body_timeout_seconds``. A client that
goes away mid-body is logged in one line, not a traceback.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from aiohttp import web

from bot.config import WebSettings

log = logging.getLogger(__name__)
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
_BUSY = b"HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\nRetry-After: 5\r\n\r\n"


class GuardedRunner(web.AppRunner):
    """The app's runner, with connections past ``max_connections`` answered 503 and closed at once."""

    def __init__(self, app: web.Application, settings: WebSettings, **kwargs: object) -> None:
        super().__init__(app, keepalive_timeout=settings.header_timeout_seconds, **kwargs)  # type: ignore[arg-type]
        self._cap = settings.max_connections

    async def _make_server(self) -> web.Server:
        server = await super()._make_server()
        accept = server.connection_made

        def connection_made(handler: web.RequestHandler, transport: asyncio.Transport) -> None:
            accept(handler, transport)
            if len(server.connections) > self._cap:
                transport.write(_BUSY)
                handler.force_close()
                transport.close()

        server.connection_made = connection_made  # type: ignore[method-assign]
        return server


def body_deadline(seconds: float) -> Callable[..., Awaitable[web.StreamResponse]]:
    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.body_exists:
            try:
                async with asyncio.timeout(seconds):
                    await request.read()
            except TimeoutError:
                log.info("%s %s: the body did not arrive within %g s; closed", request.method, request.path, seconds)
                return web.json_response({"error": "The request body took too long to arrive."}, status=408,
                                         headers={"Connection": "close"})  # fmt: skip
            except (ConnectionError, asyncio.IncompleteReadError) as exc:
                log.info("%s %s: the client went away mid-body (%s)", request.method, request.path, type(exc).__name__)
                return web.json_response({"error": "The connection closed before the body arrived."}, status=400)
        return await handler(request)

    return middleware
