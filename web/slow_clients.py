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
    """The app's runner, with connections past ``max_connections`` answered 503 and closed at once. A client
    reconnecting in a loop must not flood the log: the first refusal is logged, then a count once a minute."""

    def __init__(self, app: web.Application, settings: WebSettings, **kwargs: object) -> None:
        super().__init__(app, keepalive_timeout=settings.header_timeout_seconds, **kwargs)  # type: ignore[arg-type]
        self._cap = settings.max_connections
        self._refused = RefusalLog(settings.max_connections)

    async def _make_server(self) -> web.Server:
        server = await super()._make_server()
        accept = server.connection_made

        def connection_made(handler: web.RequestHandler, transport: asyncio.Transport) -> None:
            accept(handler, transport)
            if len(server.connections) > self._cap:
                transport.write(_BUSY)
                # Closed on the next turn of the loop: aiohttp starts the handler's task after this returns, and
                # a connection lost before that task runs fails an assertion inside aiohttp (a traceback each).
                asyncio.get_running_loop().call_soon(handler.force_close)
                self._refused.one()

        server.connection_made = connection_made  # type: ignore[method-assign]
        return server


class RefusalLog:
    """Connections refused past the cap: the first one logged at once, the rest counted and logged once a minute."""

    def __init__(self, cap: int, every: float = 60.0) -> None:
        self._cap = cap
        self._every = every
        self._count = 0
        self._pending: asyncio.TimerHandle | None = None

    def one(self) -> None:
        if self._pending is None:
            log.warning("a connection past the connection cap (%d) was answered 503", self._cap)
            self._pending = asyncio.get_running_loop().call_later(self._every, self._flush)
            return
        self._count += 1

    def _flush(self) -> None:
        count, self._count = self._count, 0
        if count == 0:
            self._pending = None  # quiet for a minute: the next refusal is logged at once again
            return
        log.warning("%d more connections past the connection cap (%d) were answered 503 in the last %g s", count,
                    self._cap, self._every)  # fmt: skip
        self._pending = asyncio.get_running_loop().call_later(self._every, self._flush)


def body_deadline(seconds: float, max_bytes: int, too_large: str) -> Callable[..., Awaitable[web.StreamResponse]]:
    """``max_bytes``: the largest body (the app's ``client_max_size``); over it, 413 with the ``too_large``
    sentence, before a byte of a declared-too-large body is read (aiohttp then drains it for a few seconds, so the
    client reads the answer rather than a reset connection)."""

    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.body_exists:
            if (request.content_length or 0) > max_bytes:
                return web.json_response({"error": too_large}, status=413)
            try:
                async with asyncio.timeout(seconds):
                    await request.read()
            except web.HTTPRequestEntityTooLarge:  # a chunked body, without a declared length
                return web.json_response({"error": too_large}, status=413)
            except TimeoutError:
                log.info("%s %s: the body did not arrive within %g s; closed", request.method, request.path, seconds)
                return web.json_response({"error": "The request body took too long to arrive."}, status=408,
                                         headers={"Connection": "close"})  # fmt: skip
            except (ConnectionError, asyncio.IncompleteReadError) as exc:
                log.info("%s %s: the client went away mid-body (%s)", request.method, request.path, type(exc).__name__)
                return web.json_response({"error": "The connection closed before the body arrived."}, status=400)
        return await handler(request)

    return middleware
