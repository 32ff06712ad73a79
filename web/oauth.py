"""Log in with Discord (hosted mode): OAuth2 authorization-code flow with ``state``, scope ``identify``.

One person then has one quota ledger and one gallery across the bot and the studio: both key them by the Discord
user id. The client secret comes from the environment (DISCORD_CLIENT_SECRET), never from the config file.
"""

from __future__ import annotations

import hmac
import logging
import secrets
from typing import TYPE_CHECKING
from urllib.parse import urlencode

import aiohttp
from aiohttp import web

from bot.config import Settings
from bot.usecases import sign_in, sign_out_everywhere
from web.identity import COOKIE, USER, error, set_session_cookie

if TYPE_CHECKING:
    from bot.services import Services

log = logging.getLogger(__name__)
STATE_COOKIE = "pc_oauth_state"
DISCORD_SITE = "https://discord.com"
DISCORD_API = "https://discord.com/api/v10"


class DiscordLogin:
    def __init__(self, settings: Settings, services: Services) -> None:
        self._web = settings.web
        self._api = settings.discord.api_base_url or DISCORD_API
        self._site = self._web.oauth_authorize_url or f"{DISCORD_SITE}/oauth2/authorize"
        self._secret = settings.discord_client_secret.get_secret_value() if settings.discord_client_secret else ""
        self._services = services

    @property
    def _redirect_uri(self) -> str:
        return f"{self._web.public_url.rstrip('/')}/auth/callback"

    def _secure(self) -> bool:
        return self._web.public_url.startswith("https://")

    async def login(self, request: web.Request) -> web.StreamResponse:
        state = secrets.token_urlsafe(24)
        query = urlencode({"response_type": "code", "client_id": self._web.discord_client_id, "scope": "identify",
                           "state": state, "redirect_uri": self._redirect_uri, "prompt": "none"})  # fmt: skip
        response = web.HTTPFound(f"{self._site}?{query}")
        response.set_cookie(STATE_COOKIE, state, max_age=600, httponly=True, samesite="Lax", secure=self._secure(),
                            path="/auth")  # fmt: skip
        raise response

    async def callback(self, request: web.Request) -> web.StreamResponse:
        expected = request.cookies.get(STATE_COOKIE, "")
        state = request.query.get("state", "")
        if not expected or not hmac.compare_digest(state, expected):
            return error(400, "The login link was not started here or has expired (state did not match). Try again.")
        code = request.query.get("code")
        if not code:
            return error(400, "Discord did not send a login code. Try logging in again.")
        try:
            user_id = await self._user_for(code)
        except (aiohttp.ClientError, KeyError, ValueError) as exc:
            log.warning("Discord login failed: %s", type(exc).__name__)
            return error(502, "Discord did not confirm the login. Try again in a moment.")
        response = web.HTTPFound("/")
        set_session_cookie(response, await sign_in(self._services, user_id), self._secure())
        response.del_cookie(STATE_COOKIE, path="/auth")
        raise response

    async def _user_for(self, code: str) -> int:
        form = {"grant_type": "authorization_code", "code": code, "redirect_uri": self._redirect_uri}
        basic = {"Authorization": aiohttp.encode_basic_auth(self._web.discord_client_id, self._secret)}
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=15)) as http:
            async with http.post(f"{self._api}/oauth2/token", data=form, headers=basic) as answer:
                answer.raise_for_status()
                token = (await answer.json(content_type=None))["access_token"]
            headers = {"Authorization": f"Bearer {token}"}
            async with http.get(f"{self._api}/users/@me", headers=headers) as answer:
                answer.raise_for_status()
                return int((await answer.json(content_type=None))["id"])

    async def logout(self, request: web.Request) -> web.StreamResponse:
        """Ends the login in every browser (a copied or stolen cookie stops working too)."""
        if request[USER] is not None:
            await sign_out_everywhere(self._services, request[USER])
        response = web.json_response({"ok": True})
        response.del_cookie(COOKIE, path="/")
        return response
