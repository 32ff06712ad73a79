"""Who is asking: the one local user (local mode), or the Discord account behind a login cookie (hosted).

The cookie is a random token looked up in the database (bot/usecases/sign_in.py), so logout and forget revoke it.

Every state-changing request must carry the ``X-Profile-Creator`` header, which only the studio's own script sends:
a form or image on another site cannot set it without a CORS preflight we never grant (CSRF). In local mode the
Host header must name loopback, so a web page cannot reach the studio through DNS rebinding.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from aiohttp import web

from bot.config import WebSettings
from bot.usecases import LOGIN_SECONDS, signed_in_user

if TYPE_CHECKING:
    from bot.services import Services

COOKIE = "pc_session"
CSRF_HEADER = "X-Profile-Creator"
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
# Who is asking (None: nobody logged in); set by the middleware on every request.
USER = web.RequestKey("user_id", int | None)  # type: ignore[arg-type]


def error(status: int, message: str) -> web.Response:
    """The API's error shape: one sentence, as the bot would say it."""
    return web.json_response({"error": message}, status=status)


def identity_middleware(settings: WebSettings, services: Services) -> Callable[..., Awaitable[web.StreamResponse]]:
    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        if not settings.login and (request.url.host or "") not in LOOPBACK_HOSTS:
            return error(403, "The local studio answers only on 127.0.0.1 or localhost.")
        if request.method not in ("GET", "HEAD", "OPTIONS") and request.headers.get(CSRF_HEADER) != "1":
            return error(403, "This request did not come from the studio page (missing X-Profile-Creator header).")
        user_id: int | None = settings.local_user_id
        if settings.login:
            user_id = await signed_in_user(services, request.cookies.get(COOKIE, ""))
        request[USER] = user_id
        if request.path.startswith("/api/") and user_id is None:
            return error(401, "Log in with Discord first.")
        return await handler(request)

    return middleware


def set_session_cookie(response: web.StreamResponse, token: str, secure: bool) -> None:
    response.set_cookie(COOKIE, token, max_age=LOGIN_SECONDS, httponly=True, samesite="Lax", secure=secure, path="/")
