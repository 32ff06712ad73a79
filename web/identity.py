"""Who is asking: the one local user (local mode), or the Discord account behind a signed session cookie (hosted).

Every state-changing request must carry the ``X-Profile-Creator`` header, which only the studio's own script sends:
a form or image on another site cannot set it without a CORS preflight we never grant (CSRF). In local mode the
Host header must name loopback, so a web page cannot reach the studio through DNS rebinding.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

from aiohttp import web

from bot.config import WebSettings

COOKIE = "pc_session"
CSRF_HEADER = "X-Profile-Creator"
SESSION_SECONDS = 30 * 86400
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
# Who is asking (None: nobody logged in); set by the middleware on every request.
USER = web.RequestKey("user_id", int | None)  # type: ignore[arg-type]


def error(status: int, message: str) -> web.Response:
    """The API's error shape: one sentence, as the bot would say it."""
    return web.json_response({"error": message}, status=status)


def load_secret(data_dir: Path) -> bytes:
    """The cookie-signing key: kept in data_dir so sessions survive restarts, readable by this user only."""
    path = data_dir / "web-session.key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(secrets.token_bytes(32))
        path.chmod(0o600)
    return path.read_bytes()


class CookieSigner:
    def __init__(self, key: bytes, clock: Callable[[], float] = time.time) -> None:
        self._key = key
        self._clock = clock

    def _mac(self, body: str) -> str:
        return hmac.new(self._key, body.encode(), hashlib.sha256).hexdigest()

    def sign(self, user_id: int) -> str:
        body = f"{user_id}.{int(self._clock() + SESSION_SECONDS)}"
        return f"{body}.{self._mac(body)}"

    def verify(self, token: str) -> int | None:
        body, _, mac = token.rpartition(".")
        user, _, expires = body.partition(".")
        if not (user.isdigit() and expires.isdigit()) or not hmac.compare_digest(mac, self._mac(body)):
            return None
        return int(user) if int(expires) > self._clock() else None


def identity_middleware(settings: WebSettings, signer: CookieSigner) -> Callable[..., Awaitable[web.StreamResponse]]:
    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        if not settings.login and (request.url.host or "") not in LOOPBACK_HOSTS:
            return error(403, "The local studio answers only on 127.0.0.1 or localhost.")
        if request.method not in ("GET", "HEAD", "OPTIONS") and request.headers.get(CSRF_HEADER) != "1":
            return error(403, "This request did not come from the studio page (missing X-Profile-Creator header).")
        user_id: int | None = settings.local_user_id
        if settings.login:
            user_id = signer.verify(request.cookies.get(COOKIE, ""))
        request[USER] = user_id
        if request.path.startswith("/api/") and user_id is None:
            return error(401, "Log in with Discord first.")
        return await handler(request)

    return middleware


def set_session_cookie(response: web.StreamResponse, signer: CookieSigner, user_id: int, secure: bool) -> None:
    response.set_cookie(COOKIE, signer.sign(user_id), max_age=SESSION_SECONDS, httponly=True, samesite="Lax",
                        secure=secure, path="/")  # fmt: skip
