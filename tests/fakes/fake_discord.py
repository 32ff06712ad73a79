"""A loopback Discord (REST + gateway websocket) for end-to-end tests with the real discord.py.

It keeps just enough state to behave like Discord towards one bot in one guild:
messages, threads, interactions and their responses, synced commands. It enforces a
per-channel message rate limit (answering 429 the way discord.py retries), so tests
can assert the bot stays within Discord's limits. See ../shared/DISCORD-TESTING.md.
"""

from __future__ import annotations

import asyncio
import base64
import itertools
import json
import time
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from tests.fakes import components_v2
from tests.fakes.fake_modals import modal_problem, submission

EPHEMERAL = 64
LOADING = 1 << 7  # a deferred answer's "is thinking…" message (Discord's message flags)
USE_EXTERNAL_APPS = 1 << 50  # lets user-installed apps answer publicly where the bot isn't (Discord's permissions)
MESSAGE_LIMIT = 2000  # a message's content, as a bot sends it
Json = dict[str, Any]


def _ts() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S.000000+00:00", time.gmtime())


def _json(payload: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    # discord.py requires exactly application/json (no charset) to parse responses.
    return web.Response(
        status=status,
        body=json.dumps(payload).encode(),
        headers={"Content-Type": "application/json", **(headers or {})},
    )


def _refused(payload: Json, files: list[Attachment]) -> web.Response | None:
    """A new message Discord refuses: content too long, or components it would not take (tests/fakes/components_v2)."""
    if problem := components_v2.refusal(payload, [f.filename for f in files]):
        return _json(problem, status=400)
    return _too_long(payload)


def _too_long(payload: Json) -> web.Response | None:
    """Discord refuses a message whose content is over 2,000 characters (400, Invalid Form Body)."""
    if len(payload.get("content") or "") <= MESSAGE_LIMIT:
        return None
    errors = {"content": {"_errors": [{"code": "BASE_TYPE_MAX_LENGTH",
                                       "message": f"Must be {MESSAGE_LIMIT} or fewer in length."}]}}  # fmt: skip
    return _json({"message": "Invalid Form Body", "code": 50035, "errors": errors}, status=400)


@dataclass
class Attachment:
    filename: str
    data: bytes
    content_type: str


@dataclass
class Interaction:
    id: int
    token: str
    payload: Json
    callbacks: list[Json] = field(default_factory=list)
    # What the follow-up endpoint answered, in order. Right after a deferred answer (type 5) Discord creates no new
    # message for the first one: it edits the "thinking" original, which is then listed here too (same id).
    followups: list[Json] = field(default_factory=list)
    created_followups: int = 0  # new messages made by follow-ups (Discord's cap counts these)
    original: Json | None = None
    loading: bool = False  # the original is a deferred answer still "thinking"
    created_at: float = field(default_factory=time.monotonic)  # when INTERACTION_CREATE was dispatched
    acked_at: float | None = None  # when the first callback arrived (Discord's 3 s deadline)

    @property
    def acked(self) -> bool:
        return bool(self.callbacks)

    @property
    def ephemeral(self) -> bool:
        first = (self.callbacks[0].get("data") or {}) if self.callbacks else {}
        return bool((first.get("flags") or 0) & EPHEMERAL)


class FakeDiscord:
    def __init__(self, *, private_threads_allowed: bool = True) -> None:
        self._ids = itertools.count(1_100_000_000_000_000_000)
        self.app_id = self.next_id()
        self.bot_user: Json = {
            "id": str(self.app_id),
            "username": "ProfileCreator",
            "discriminator": "0000",
            "global_name": None,
            "avatar": None,
            "bot": True,
        }
        self.guild_id = self.next_id()
        self.channel_id = self.next_id()
        self.admin_role_id = self.next_id()
        self.pro_role_id = self.next_id()
        self.users: dict[int, Json] = {}
        self.member_roles: dict[int, list[int]] = {}
        self.private_threads_allowed = private_threads_allowed
        self.channels: dict[int, Json] = {
            self.channel_id: {
                "id": str(self.channel_id),
                "type": 0,
                "name": "streams",
                "position": 0,
                "guild_id": str(self.guild_id),
                "permission_overwrites": [],
            }
        }
        self.messages: dict[int, list[Json]] = defaultdict(list)
        self.attachments: dict[int, list[Attachment]] = {}  # message id -> files
        self.edits: list[tuple[int, float]] = []  # (channel id, time) of every accepted create/edit
        self.posted_at: dict[str, float] = {}  # message id -> monotonic time it was posted (benchmarks)
        self.rate_limited = 0
        self.interactions: dict[int, Interaction] = {}
        self.commands: list[Json] = []
        self.thread_members: dict[int, set[int]] = defaultdict(set)
        self.unknown_routes: list[str] = []
        self.refused: list[str] = []  # calls Discord would refuse for what they ask (see _refuse)
        # Set once a bot has identified and been sent READY + GUILD_CREATE: only from then on does an
        # INTERACTION_CREATE reach it (commands are synced over REST before the gateway connects).
        self.gateway_ready = asyncio.Event()
        self._buckets: dict[int, deque[float]] = defaultdict(deque)
        self._sockets: set[web.WebSocketResponse] = set()
        self._socket_shards: dict[web.WebSocketResponse, tuple[int, int] | None] = {}
        self._socket_intents: dict[web.WebSocketResponse, int] = {}  # what each connection identified with
        self._identified = 0  # the last IDENTIFY's intents (a RESUME keeps them)
        self._seq = 0
        self._runner: web.AppRunner | None = None
        self.port = 0
        self.bucket_size = 5
        self.bucket_window = 5.0
        # Faults a test can switch on: uploads over this many bytes get 413; every interaction token is refused
        # (401, as after Discord's 15 minutes); adding a member to a thread is refused (403).
        self.upload_limit: int | None = None
        self.tokens_expired = False
        self.add_member_refused = False
        self.deleted_channels: list[int] = []
        self.attachment_size_limit = 25 * 1024 * 1024  # what interactions say the server accepts
        # More guilds (add_guild): id -> {"name", "channel_id", "roles": [role json], "member_roles": {user: [ids]}}.
        self.other_guilds: dict[int, Json] = {}
        # Servers whose members added the app to their account (user install) but that never installed the bot:
        # no GUILD_CREATE, and their interactions are authorized by the user only.
        self.guilds_without_bot: set[int] = set()
        self.dm_channels: dict[int, int] = {}  # user id -> the DM channel with the bot
        self.owner_id: int | None = None
        # Start-up faults: REST answers 401 unless this token is used; IDENTIFY asking for the Message Content
        # intent is closed with 4014 (disallowed intents), as when the portal switch is off.
        self.valid_token: str | None = None
        # OAuth2 (Log in with Discord): the studio's application credentials, codes granted, tokens issued.
        self.oauth_client: tuple[str, str] = ("555000111", "studio-client-secret-0123")
        self.oauth_codes: dict[str, int] = {}
        self.oauth_tokens: dict[str, int] = {}
        # The portal's Message Content switch: the application's flags say it, and an IDENTIFY asking for the
        # intent without it is closed with 4014.
        self.message_content_allowed = True
        # the application's owner (bot.is_owner); None = nobody
        self.entitlements: list[Json] = []
        # The CDN: path (as after /cdn/) -> bytes; avatars and attachments are served from here.
        self.cdn_files: dict[str, bytes] = {}
        self.cdn_fetches: list[str] = []
        self.member_avatars: dict[tuple[int, int], str] = {}  # (user, guild) -> server avatar hash

    # ----------------------------------------------------------------- lifecycle
    def next_id(self) -> int:
        return next(self._ids)

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v10"

    @property
    def cdn_base(self) -> str:
        return f"http://127.0.0.1:{self.port}/cdn"

    async def _cdn(self, request: web.Request) -> web.Response:
        path = request.match_info["path"]
        self.cdn_fetches.append(path)
        if path not in self.cdn_files:
            return web.Response(status=404, text="404: Not Found")
        return web.Response(body=self.cdn_files[path], content_type="application/octet-stream")

    def attachment(self, channel_id: int, filename: str, data: bytes, content_type: str = "image/png") -> Json:
        """A file as Discord lists it on a message or in a command's resolved data; its bytes are on the CDN."""
        attachment_id = self.next_id()
        path = f"attachments/{channel_id}/{attachment_id}/{filename}"
        self.cdn_files[path] = data
        url = f"{self.cdn_base}/{path}"
        return {"id": str(attachment_id), "filename": filename, "size": len(data), "url": url, "proxy_url": url,
                "content_type": content_type}  # fmt: skip

    def set_avatar(self, user_id: int, data: bytes, *, guild_id: int | None = None) -> str:
        """The user's account avatar, or with ``guild_id`` their server avatar there."""
        avatar = f"{self.next_id():x}"
        if guild_id is None:
            self.users[user_id]["avatar"] = avatar
            self.cdn_files[f"avatars/{user_id}/{avatar}.png"] = data
        else:
            self.member_avatars[(user_id, guild_id)] = avatar
            self.cdn_files[f"guilds/{guild_id}/users/{user_id}/avatars/{avatar}.png"] = data
        return avatar

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/"

    async def start(self) -> None:
        app = web.Application(client_max_size=64 * 1024**2)
        app.router.add_get("/", self._gateway)
        app.router.add_get("/cdn/{path:.*}", self._cdn)
        app.router.add_route("*", "/api/v10/{path:.*}", self._rest)
        # A request still sleeping in an injected delay must not hold the test's teardown for aiohttp's 60 s.
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def stop(self) -> None:
        for socket in list(self._sockets):
            await socket.close()
        if self._runner:
            await self._runner.cleanup()

    def add_user(self, name: str, *, roles: list[int] | None = None) -> int:
        user_id = self.next_id()
        self.users[user_id] = {"id": str(user_id), "username": name, "discriminator": "0", "global_name": name,
                               "avatar": None, "bot": False}  # fmt: skip
        self.member_roles[user_id] = list(roles or [])
        return user_id

    def dm_channel(self, user_id: int) -> int:
        """The DM channel between the user and the bot (type 1), made on first use as Discord does."""
        if user_id not in self.dm_channels:
            channel_id = self.next_id()
            self.channels[channel_id] = {"id": str(channel_id), "type": 1, "last_message_id": None, "flags": 0,
                                         "recipients": [self.users[user_id]]}  # fmt: skip
            self.dm_channels[user_id] = channel_id
        return self.dm_channels[user_id]

    def add_guild(
        self, name: str, guild_id: int | None = None, *, bot: bool = True, external_apps: bool = True
    ) -> int:
        """Another server with one text channel and two roles: "Managers" (Manage Server) and "Pro Streamers" (the
        same name as a role the main guild may map to a tier). ``external_apps`` False: its moderators turned
        "Use External Apps" off for everyone (Discord's default is on)."""
        guild_id, channel_id = guild_id or self.next_id(), self.next_id()
        everyone = USE_EXTERNAL_APPS if external_apps else 0
        roles = [
            {"id": str(guild_id), "name": "@everyone", "permissions": str(everyone), "position": 0},
            {"id": str(self.next_id()), "name": "Managers", "permissions": str(1 << 5), "position": 2},
            {"id": str(self.next_id()), "name": "Pro Streamers", "permissions": "0", "position": 1},
        ]
        self.other_guilds[guild_id] = {"name": name, "channel_id": channel_id, "roles": roles, "member_roles": {}}
        self.channels[channel_id] = {"id": str(channel_id), "type": 0, "name": "general", "position": 0,
                                     "guild_id": str(guild_id), "permission_overwrites": []}  # fmt: skip
        if not bot:
            self.guilds_without_bot.add(guild_id)
        return guild_id

    def role_id(self, guild_id: int, name: str) -> int:
        return int(next(r["id"] for r in self.other_guilds[guild_id]["roles"] if r["name"] == name))

    def join(self, user_id: int, guild_id: int, roles: list[int] | None = None) -> None:
        self.other_guilds[guild_id]["member_roles"][user_id] = list(roles or [])

    def guild_channel(self, guild_id: int) -> int:
        return self.channel_id if guild_id == self.guild_id else self.other_guilds[guild_id]["channel_id"]

    def member(self, user_id: int, guild_id: int | None = None) -> Json:
        if guild_id is None or guild_id == self.guild_id:
            roles = self.member_roles[user_id]
            permissions = 8 if self.admin_role_id in roles else 0
        else:
            guild = self.other_guilds[guild_id]
            roles = guild["member_roles"].get(user_id, [])
            permissions = 0
            for role in guild["roles"]:
                if int(role["id"]) in roles or int(role["id"]) == guild_id:  # everyone has @everyone's
                    permissions |= int(role["permissions"])
        avatar = self.member_avatars.get((user_id, guild_id or self.guild_id))
        return {
            "user": self.users[user_id],
            "roles": [str(r) for r in roles],
            "avatar": avatar,
            "joined_at": _ts(),
            "deaf": False,
            "mute": False,
            "flags": 0,
            "permissions": str(permissions),
        }

    async def grant_entitlement(self, sku_id: int, *, user_id: int | None = None, guild_id: int | None = None) -> Json:
        """A Discord App Subscription starts: ENTITLEMENT_CREATE, and later interactions list it."""
        entitlement = {"id": str(self.next_id()), "sku_id": str(sku_id), "application_id": str(self.app_id),
                       "user_id": str(user_id) if user_id else None, "guild_id": str(guild_id) if guild_id else None,
                       "type": 8, "deleted": False, "starts_at": None, "ends_at": None, "consumed": False}  # fmt: skip
        self.entitlements.append(entitlement)
        await self.dispatch("ENTITLEMENT_CREATE", entitlement)
        return entitlement

    async def end_entitlement(self, entitlement: Json, ends_at: str) -> None:
        """A subscription is cancelled and runs out: ENTITLEMENT_UPDATE with ends_at set (Discord's docs)."""
        entitlement["ends_at"] = ends_at
        await self.dispatch("ENTITLEMENT_UPDATE", entitlement)

    async def revoke_entitlement(self, entitlement: Json) -> None:
        """The subscription is refunded or removed: ENTITLEMENT_DELETE, and interactions stop listing it."""
        self.entitlements.remove(entitlement)
        await self.dispatch("ENTITLEMENT_DELETE", {**entitlement, "deleted": True})

    # ------------------------------------------------------------------ gateway
    def _on_shard(self, guild_id: int, shard: tuple[int, int] | None) -> bool:
        return shard is None or (guild_id >> 22) % shard[1] == shard[0]

    @property
    def application_flags(self) -> int:
        """GATEWAY_MESSAGE_CONTENT_LIMITED (1 << 19): the portal switch of an app in under 100 servers."""
        return 1 << 19 if self.message_content_allowed else 0

    def _content_visible(self, message: Json) -> bool:
        """Discord's exceptions to a withheld Message Content: DMs, the app's own messages, and messages that
        mention the app (an @mention in the text, or a reply with the ping on to a regular message of the app's,
        not to an interaction response)."""
        if not message.get("guild_id") or message["author"]["id"] == self.bot_user["id"]:
            return True
        if f"<@{self.app_id}>" in message.get("content", "") or f"<@!{self.app_id}>" in message.get("content", ""):
            return True
        replied = message.get("referenced_message") or {}
        pinged = any(u["id"] == self.bot_user["id"] for u in message.get("mentions", []))
        return pinged and replied.get("author", {}).get("id") == self.bot_user["id"] and not (
            replied.get("interaction_metadata") or replied.get("interaction"))

    def _as_seen(self, event: str, data: Json, intents: int) -> Json:
        """A message as a connection without the Message Content intent (1 << 15) receives it."""
        if event not in ("MESSAGE_CREATE", "MESSAGE_UPDATE") or intents & (1 << 15) or self._content_visible(data):
            return data
        return {**data, "content": "", "attachments": [], "embeds": [], "components": []}

    async def dispatch(self, event: str, data: Json) -> None:
        """To every connection, or, for a guild's event, to the connection of the shard that guild is on."""
        self._seq += 1
        guild = data.get("guild_id") if isinstance(data, dict) else None
        if guild and int(guild) in self.guilds_without_bot and event != "INTERACTION_CREATE":
            return  # the bot isn't there: Discord sends it nothing of that server but its users' interactions
        for socket in list(self._sockets):
            if socket.closed or (guild and not self._on_shard(int(guild), self._socket_shards.get(socket))):
                continue
            seen = self._as_seen(event, data, self._socket_intents.get(socket, self._identified))
            await socket.send_str(json.dumps({"op": 0, "t": event, "s": self._seq, "d": seen}))

    def _guild_payload(self) -> Json:
        roles = [
            {"id": str(self.guild_id), "name": "@everyone", "permissions": "0", "position": 0},
            {"id": str(self.admin_role_id), "name": "Admins", "permissions": "8", "position": 2},
            {"id": str(self.pro_role_id), "name": "Pro Streamers", "permissions": "0", "position": 1},
        ]
        for role in roles:
            role.update({"color": 0, "hoist": False, "managed": False, "mentionable": False, "flags": 0})
        members = [self.member(uid) for uid in self.users]
        members.append({"user": self.bot_user, "roles": [], "joined_at": _ts(), "deaf": False, "mute": False,
                        "flags": 0})  # fmt: skip
        return {
            "id": str(self.guild_id),
            "name": "Stream Team",
            "icon": None,
            "owner_id": str(next(iter(self.users), self.app_id)),
            "roles": roles,
            "channels": [c for c in self.channels.values() if c["type"] == 0],
            "threads": [c for c in self.threads() if not c["thread_metadata"]["archived"]],
            "members": members,
            "member_count": len(members),
            "features": [],
            "emojis": [],
            "stickers": [],
            "unavailable": False,
            "large": False,
            "premium_tier": 0,
            "preferred_locale": "en-US",
        }

    async def _send_to(self, socket: web.WebSocketResponse, event: str, data: Json) -> None:
        self._seq += 1
        await socket.send_str(json.dumps({"op": 0, "t": event, "s": self._seq, "d": data}))

    def _other_guild_payload(self, guild_id: int) -> Json:
        guild = self.other_guilds[guild_id]
        roles = [{**r, "color": 0, "hoist": False, "managed": False, "mentionable": False, "flags": 0}
                 for r in guild["roles"]]  # fmt: skip
        members = [self.member(uid, guild_id) for uid in guild["member_roles"]]
        members.append({"user": self.bot_user, "roles": [], "joined_at": _ts(), "deaf": False, "mute": False,
                        "flags": 0})  # fmt: skip
        payload = self._guild_payload()
        payload.update({
            "id": str(guild_id), "name": guild["name"], "owner_id": str(self.app_id), "roles": roles,
            "channels": [self.channels[guild["channel_id"]]], "threads": [], "members": members,
            "member_count": len(members),
        })  # fmt: skip
        return payload

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse(max_msg_size=0)
        await socket.prepare(request)
        self._sockets.add(socket)
        await socket.send_str(json.dumps({"op": 10, "d": {"heartbeat_interval": 41250}}))
        try:
            async for message in socket:
                if message.type != WSMsgType.TEXT:
                    continue
                frame = json.loads(message.data)
                if frame["op"] == 1:
                    await socket.send_str(json.dumps({"op": 11}))
                elif frame["op"] == 2 and not self.message_content_allowed and frame["d"]["intents"] & (1 << 15):
                    await socket.close(code=4014, message=b"Disallowed intent(s).")
                elif frame["op"] in (2, 6):  # IDENTIFY or RESUME: start a fresh session either way
                    if frame["op"] == 2:  # IDENTIFY says which shard this connection is, and its intents
                        shard = (frame.get("d") or {}).get("shard")
                        self._socket_intents[socket] = self._identified = int(frame["d"].get("intents") or 0)
                        self._socket_shards[socket] = tuple(shard) if shard else None  # type: ignore[assignment]
                    mine = [
                        g
                        for g in [self.guild_id, *self.other_guilds]
                        if self._on_shard(g, self._socket_shards.get(socket)) and g not in self.guilds_without_bot
                    ]
                    await self._send_to(
                        socket,
                        "READY",
                        {
                            "v": 10,
                            "user": self.bot_user,
                            "guilds": [{"id": str(g), "unavailable": True} for g in mine],
                            **({"shard": list(shard)} if (shard := self._socket_shards.get(socket)) else {}),
                            "session_id": "fake-session",
                            "resume_gateway_url": self.gateway_url,
                            "application": {"id": str(self.app_id), "flags": self.application_flags},
                        },
                    )
                    for guild in mine:
                        payload = self._guild_payload() if guild == self.guild_id else self._other_guild_payload(guild)
                        await self._send_to(socket, "GUILD_CREATE", payload)
                    self.gateway_ready.set()
        finally:
            self._sockets.discard(socket)
            self._socket_shards.pop(socket, None)
            self._socket_intents.pop(socket, None)
            if not self._sockets:
                self.gateway_ready.clear()
        return socket

    # --------------------------------------------------------------------- REST
    def authorize(self, user_id: int) -> str:
        """The user approves the studio on Discord's authorize page: Discord redirects back with this code."""
        code = f"code-{self.next_id()}"
        self.oauth_codes[code] = user_id
        return code

    async def _oauth_token(self, request: web.Request) -> web.Response:
        """POST /oauth2/token (authorization_code grant, client credentials by HTTP Basic), as Discord documents."""
        form = await request.post()
        expected = "Basic " + base64.b64encode(":".join(self.oauth_client).encode()).decode()
        if request.headers.get("Authorization") != expected:
            return _json({"error": "invalid_client"}, status=401)
        user = self.oauth_codes.pop(str(form.get("code")), None)  # a code works once
        if form.get("grant_type") != "authorization_code" or user is None:
            return _json({"error": "invalid_grant", "error_description": 'Invalid "code" in request.'}, status=400)
        token = f"oauth-{self.next_id()}"
        self.oauth_tokens[token] = user
        return _json({"access_token": token, "token_type": "Bearer", "expires_in": 604800,
                      "refresh_token": f"refresh-{token}", "scope": "identify"})  # fmt: skip

    async def _rest(self, request: web.Request) -> web.Response:
        path = request.match_info["path"]
        parts = path.split("/")
        method = request.method
        if path == "oauth2/token" and method == "POST":
            return await self._oauth_token(request)
        bearer = request.headers.get("Authorization", "")
        if bearer.startswith("Bearer ") and path == "users/@me":
            user = self.oauth_tokens.get(bearer.removeprefix("Bearer "))
            return _json(self.users[user]) if user else _json({"message": "401: Unauthorized", "code": 0}, status=401)
        if self.valid_token and request.headers.get("Authorization") != f"Bot {self.valid_token}":
            return _json({"message": "401: Unauthorized", "code": 0}, status=401)
        try:
            if path == "users/@me":
                return _json(self.bot_user)
            if path == "users/@me/channels" and method == "POST":  # open (or get) the DM with a user
                return _json(self.channels[self.dm_channel(int((await request.json())["recipient_id"]))])
            if path == "oauth2/applications/@me":
                return _json({"id": str(self.app_id), "name": "Profile Creator", "description": "", "icon": None,
                              "bot_public": True, "bot_require_code_grant": False,
                              "owner": self.users[self.owner_id] if self.owner_id else self.bot_user,
                              "verify_key": "0" * 64, "flags": self.application_flags})  # fmt: skip
            if parts[0] == "applications" and parts[-1] == "commands" and method == "PUT":
                return await self._sync_commands(request)
            if parts[0] == "interactions" and parts[-1] == "callback":
                return await self._callback(request, int(parts[1]), parts[2])
            if parts[0] == "webhooks":
                return await self._webhook(request, parts)
            if parts[0] == "channels":
                return await self._channels(request, parts)
        except web.HTTPException:
            raise
        self.unknown_routes.append(f"{method} /{path}")
        return _json({"message": "404: Not Found", "code": 0}, status=404)

    async def _sync_commands(self, request: web.Request) -> web.Response:
        payload = await request.json()
        self.commands = [
            # Discord answers every field: a context menu's type (2 user, 3 message) and its empty description.
            {"type": 1, "description": "", **command, "id": str(self.next_id()), "application_id": str(self.app_id),
             "version": "1", "guild_id": str(self.guild_id)}
            for command in payload
        ]  # fmt: skip
        return _json(self.commands)

    async def _body(self, request: web.Request) -> tuple[Json, list[Attachment]]:
        if not request.content_type.startswith("multipart/"):
            text = await request.text()
            return (json.loads(text) if text else {}), []
        payload: Json = {}
        files: list[Attachment] = []
        reader = await request.multipart()
        while (part := await reader.next()) is not None:
            if part.name == "payload_json":
                payload = json.loads(await part.text())
            else:
                data = await part.read()
                files.append(Attachment(part.filename or "file", bytes(data), part.headers.get("Content-Type", "")))
        return payload, files

    def _message(self, channel_id: int, payload: Json, files: list[Attachment], author: Json | None = None) -> Json:
        message_id = self.next_id()
        attachments = [
            {"id": str(self.next_id()), "filename": f.filename, "size": len(f.data), "content_type": f.content_type,
             "url": f"https://cdn.fake/{message_id}/{f.filename}", "proxy_url": f"https://cdn.fake/{f.filename}"}
            for f in files
        ]  # fmt: skip
        channel = self.channels.get(channel_id, {})
        message = {
            "id": str(message_id),
            "channel_id": str(channel_id),
            "guild_id": None if channel.get("type") in (1, 3) else channel.get("guild_id", str(self.guild_id)),
            "author": author or self.bot_user,
            "content": payload.get("content") or "",
            "timestamp": _ts(),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": attachments,
            "embeds": payload.get("embeds") or [],
            "components": components_v2.resolved(payload.get("components") or [], attachments)
            if (payload.get("flags") or 0) & components_v2.IS_COMPONENTS_V2 else payload.get("components") or [],
            "pinned": False,
            "type": 0,
            "flags": payload.get("flags") or 0,
        }
        if message["guild_id"] is None:  # a DM: Discord leaves the field out
            del message["guild_id"]
        if files:
            self.attachments[message_id] = files
        return message

    def _edit_attachments(self, message: Json, listed: list[Json], files: list[Attachment]) -> None:
        """Discord's edit: the message keeps the existing attachments listed (by id) and gains the uploaded files
        (listed with their upload index as id); any attachment not listed is removed."""
        message_id = int(message["id"])
        old = {a["id"]: (a, f) for a, f in zip(message["attachments"], self.attachments.get(message_id, []),
                                                strict=False)}  # fmt: skip
        kept: list[tuple[Json, Attachment]] = []
        for item in listed:
            if str(item.get("id")) in old:
                kept.append(old[str(item["id"])])
            elif str(item.get("id", "")).isdigit() and int(item["id"]) < len(files):
                upload = files[int(item["id"])]
                kept.append(({"id": str(self.next_id()), "filename": upload.filename, "size": len(upload.data),
                              "content_type": upload.content_type,
                              "url": f"https://cdn.fake/{message_id}/{upload.filename}",
                              "proxy_url": f"https://cdn.fake/{upload.filename}"}, upload))  # fmt: skip
        message["attachments"] = [a for a, _ in kept]
        self.attachments[message_id] = [f for _, f in kept]

    def _rate_limit(self, channel_id: int) -> tuple[web.Response | None, dict[str, str]]:
        """Discord's ~5 messages/edits per 5 s per channel, with the headers Discord sends.

        discord.py waits by itself when X-RateLimit-Remaining reaches 0, exactly as against
        Discord; a 429 (which it would wait out and retry) means a client overran the bucket.
        """
        now = time.monotonic()
        bucket = self._buckets[channel_id]
        while bucket and now - bucket[0] >= self.bucket_window:
            bucket.popleft()
        if len(bucket) >= self.bucket_size:
            self.rate_limited += 1
            retry_after = self.bucket_window - (now - bucket[0])
            limited = _json(
                {"message": "You are being rate limited.", "retry_after": retry_after, "global": False},
                status=429,
                headers={"Via": "1.1 google", "Retry-After": f"{retry_after:.3f}", "X-RateLimit-Scope": "user"},
            )
            return limited, {}
        bucket.append(now)
        self.edits.append((channel_id, now))
        reset_after = self.bucket_window - (now - bucket[0])
        headers = {
            "X-RateLimit-Limit": str(self.bucket_size),
            "X-RateLimit-Remaining": str(self.bucket_size - len(bucket)),
            "X-RateLimit-Reset": f"{time.time() + reset_after:.3f}",
            "X-RateLimit-Reset-After": f"{reset_after:.3f}",
            "X-RateLimit-Bucket": f"messages-{channel_id}",
        }
        return None, headers

    async def _channels(self, request: web.Request, parts: list[str]) -> web.Response:
        channel_id = int(parts[1])
        method = request.method
        if int((self.channels.get(channel_id) or {}).get("guild_id") or 0) in self.guilds_without_bot:
            # The bot is no member there: its own calls are refused; only interaction answers reach that server.
            return self._refuse(f"{method} /channels/{'/'.join(parts[1:])}", 403, "Missing Access", 50001)
        if len(parts) == 2 and method == "GET":
            return _json(self.channels[channel_id])
        if len(parts) == 2 and method == "DELETE":
            channel = self.channels.pop(channel_id)
            self.deleted_channels.append(channel_id)
            await self.dispatch("THREAD_DELETE", {k: channel[k] for k in ("id", "guild_id", "parent_id", "type")})
            return _json(channel)
        if len(parts) == 2 and method == "PATCH":
            changes = await request.json()
            channel = self.channels[channel_id]
            if channel["type"] == 1:  # a DM has nothing to archive, lock or rename (Discord's error 50003)
                return self._refuse(f"PATCH /channels/{channel_id}", 403, "Cannot execute action on a DM channel",
                                    50003)
            metadata = channel.setdefault("thread_metadata", {})
            for key in ("archived", "locked"):
                if key in changes:
                    metadata[key] = changes[key]
            channel["name"] = changes.get("name", channel["name"])
            await self.dispatch("THREAD_UPDATE", channel)
            return _json(channel)
        if parts[2:] == ["typing"]:
            return web.Response(status=204)
        if parts[2] == "thread-members" and method == "PUT":
            if self.add_member_refused:
                return _json({"message": "Missing Access", "code": 50001}, status=403)
            self.thread_members[channel_id].add(int(parts[3]))
            return web.Response(status=204)
        if parts[2:] == ["threads"] and method == "POST":
            return await self._create_thread(request, channel_id)
        if parts[2] == "messages" and len(parts) == 3 and method == "POST":
            limited, headers = self._rate_limit(channel_id)
            if limited:
                return limited
            payload, files = await self._body(request)
            if refused := _refused(payload, files):
                return refused
            if self.upload_limit is not None and sum(len(f.data) for f in files) > self.upload_limit:
                return _json({"message": "Request entity too large", "code": 40005}, status=413)
            message = self._message(channel_id, payload, files)
            self.messages[channel_id].append(message)
            self.posted_at[message["id"]] = time.monotonic()
            await self.dispatch("MESSAGE_CREATE", message)
            return _json(message, headers=headers)
        if parts[2] == "messages" and len(parts) == 4 and method == "PATCH":
            limited, headers = self._rate_limit(channel_id)
            if limited:
                return limited
            payload, files = await self._body(request)
            if refused := _too_long(payload):
                return refused
            message = self.find_message(int(parts[3]))
            message.update({k: v for k, v in payload.items() if k in ("content", "embeds", "components")})
            if "attachments" in payload:
                self._edit_attachments(message, payload["attachments"], files)
            message["edited_timestamp"] = _ts()
            return _json(message, headers=headers)
        self.unknown_routes.append(f"{method} /channels/{'/'.join(parts[1:])}")
        return _json({"message": "404: Not Found", "code": 0}, status=404)

    async def _create_thread(self, request: web.Request, parent_id: int) -> web.Response:
        payload = await request.json()
        kind = payload.get("type", 11)
        if kind == 12 and not self.private_threads_allowed:
            return _json({"message": "Missing Access", "code": 50001}, status=403)
        thread_id = self.next_id()
        thread = {
            "id": str(thread_id),
            "type": kind,
            "name": payload["name"],
            "guild_id": self.channels[parent_id]["guild_id"],
            "parent_id": str(parent_id),
            "owner_id": str(self.app_id),
            "position": 0,
            "flags": 0,
            "member_count": 1,
            "message_count": 0,
            "rate_limit_per_user": 0,
            "thread_metadata": {
                "archived": False,
                "auto_archive_duration": payload.get("auto_archive_duration", 1440),
                "archive_timestamp": _ts(),
                "locked": False,
                "invitable": payload.get("invitable", True),
            },
        }
        self.channels[thread_id] = thread
        await self.dispatch("THREAD_CREATE", {**thread, "newly_created": True})
        return _json(thread, status=201)

    # ------------------------------------------------------------- interactions
    async def _callback(self, request: web.Request, interaction_id: int, token: str) -> web.Response:
        interaction = self.interactions[interaction_id]
        if interaction.token != token:
            return _json({"message": "Invalid Webhook Token", "code": 50027}, status=401)
        if interaction.acked:
            return _json({"message": "Interaction has already been acknowledged.", "code": 40060}, status=400)
        body, files = await self._body(request)
        if body["type"] in (4, 7) and (refused := _refused(body.get("data") or {}, files)):
            return refused
        if body["type"] == 9 and (problem := modal_problem(body.get("data") or {})):
            return _json({"message": "Invalid Form Body", "code": 50035, "errors": problem}, status=400)
        interaction.acked_at = time.monotonic()
        interaction.callbacks.append(body)
        kind, data = body["type"], body.get("data") or {}
        if kind in (4, 5) and self._forced_ephemeral(interaction):
            data = {**data, "flags": (data.get("flags") or 0) | EPHEMERAL}
        channel_id = int(interaction.payload["channel_id"])
        message: Json | None = None
        if kind in (4, 5):  # message now, or deferred "thinking"
            message = self._message(channel_id, data, files)
            if kind == 5:
                message["flags"] |= LOADING
                interaction.loading = True
            message["interaction_metadata"] = {
                "id": str(interaction_id),
                "type": interaction.payload["type"],
                "user": (interaction.payload.get("member") or interaction.payload)["user"],
                "authorizing_integration_owners": interaction.payload["authorizing_integration_owners"],
            }
            interaction.original = message
        elif kind in (6, 7) and "message" in interaction.payload:  # component: (deferred) update of its message
            message = self.find_message(int(interaction.payload["message"]["id"]))
            if kind == 7:
                message.update({k: v for k, v in data.items() if k in ("content", "embeds", "components")})
                if "attachments" in data:
                    self.attachments[int(message["id"])] = files
            interaction.original = message
        result = {
            "interaction": {
                "id": str(interaction_id),
                "type": interaction.payload["type"],
                "response_message_id": message["id"] if message else None,
                "response_message_loading": kind == 5,
                "response_message_ephemeral": bool((data.get("flags") or 0) & EPHEMERAL),
            },
            "resource": {"type": kind, "message": message} if message else {"type": kind},
        }
        return _json(result)

    @staticmethod
    def _forced_ephemeral(interaction: Interaction) -> bool:
        """Discord makes a user-installed app's answers ephemeral in a server that hasn't installed the app when
        the user lacks "Use External Apps" there (docs: permissions, USE_EXTERNAL_APPS)."""
        payload = interaction.payload
        member = payload.get("member")
        if "0" in payload["authorizing_integration_owners"] or member is None:
            return False
        return not int(member.get("permissions") or 0) & USE_EXTERNAL_APPS

    def _interaction_by_token(self, token: str) -> Interaction:
        return next(i for i in self.interactions.values() if i.token == token)

    async def _webhook(self, request: web.Request, parts: list[str]) -> web.Response:
        if self.tokens_expired:
            return _json({"message": "Invalid Webhook Token", "code": 50027}, status=401)
        interaction = self._interaction_by_token(parts[2])
        method = request.method
        if len(parts) == 3 and method == "POST" and interaction.loading:
            # Discord's docs (Create Followup Message): directly after a DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE answer
            # this works as Edit Original Interaction Response: no new message, the loading one is edited, and
            # its ephemeral state stays the defer's (the flag sent now is ignored). IS_COMPONENTS_V2 is the exception:
            # the defer cannot set it, so the follow-up does (discord-api-docs #7515, #7560).
            payload, files = await self._body(request)
            if refused := _refused(payload, files):
                return refused
            message = self._edit_original(interaction, payload, files)
            interaction.followups.append(message)
            self.posted_at[message["id"]] = time.monotonic()
            return _json(message)
        if len(parts) == 3 and method == "POST":
            if "0" not in interaction.payload["authorizing_integration_owners"] and interaction.created_followups >= 5:
                # Discord's limit for an app the user installed, where the bot isn't: 5 follow-ups an interaction.
                return _json({"message": "Maximum number of follow up messages reached", "code": 40094},
                             status=400)  # fmt: skip
            payload, files = await self._body(request)
            if refused := _refused(payload, files):
                return refused
            if self._forced_ephemeral(interaction):
                payload["flags"] = (payload.get("flags") or 0) | EPHEMERAL
            message = self._message(int(interaction.payload["channel_id"]), payload, files)
            interaction.followups.append(message)
            interaction.created_followups += 1
            self.posted_at[message["id"]] = time.monotonic()
            return _json(message)
        target = parts[4]
        if target == "@original":
            message = interaction.original
        else:
            message = next((m for m in interaction.followups if m["id"] == target), None) or self.find_message(
                int(target)
            )
        if message is None:
            return _json({"message": "Unknown Message", "code": 10008}, status=404)
        if method == "GET":
            return _json(message)
        if method == "DELETE":
            message["deleted"] = True
            return web.Response(status=204)
        payload, files = await self._body(request)
        if refused := _too_long(payload):
            return refused
        if message is interaction.original:
            return _json(self._edit_original(interaction, payload, files))
        self._edit_answer(message, payload, files)
        return _json(message)

    def _edit_original(self, interaction: Interaction, payload: Json, files: list[Attachment]) -> Json:
        """The original answer edited: a deferred one stops "thinking" and keeps the defer's flags."""
        message = interaction.original
        assert message is not None
        self._edit_answer(message, payload, files)
        if interaction.loading:
            message["flags"] &= ~LOADING
            interaction.loading = False
        return message

    def _edit_answer(self, message: Json, payload: Json, files: list[Attachment]) -> None:
        message.update({k: v for k, v in payload.items() if k in ("content", "embeds", "components")})
        if files:
            self.attachments[int(message["id"])] = files
            message["attachments"] = [{"id": str(self.next_id()), "filename": f.filename, "size": len(f.data),
                                       "content_type": f.content_type, "url": f"https://cdn.fake/x/{f.filename}",
                                       "proxy_url": "https://cdn.fake/x"} for f in files]  # fmt: skip
        # A message becomes Components V2 by an edit carrying the flag, and never goes back.
        message["flags"] |= (payload.get("flags") or 0) & components_v2.IS_COMPONENTS_V2
        if message["flags"] & components_v2.IS_COMPONENTS_V2 and "components" in payload:
            message["components"] = components_v2.resolved(payload["components"], message["attachments"])

    def _refuse(self, call: str, status: int, message: str, code: int) -> web.Response:
        """A call Discord refuses for what it asks (not a fault the test injected), recorded for tests to assert
        the bot makes none."""
        self.refused.append(f"{call}: {status} {code}")
        return _json({"message": message, "code": code}, status=status)

    # -------------------------------------------------------------- test driver
    def find_message(self, message_id: int) -> Json:
        for messages in self.messages.values():
            for message in messages:
                if int(message["id"]) == message_id:
                    return message
        for interaction in self.interactions.values():
            for message in [interaction.original, *interaction.followups]:
                if message and int(message["id"]) == message_id:
                    return message
        raise KeyError(message_id)

    def _interaction_base(self, user_id: int, kind: int, data: Json, channel_id: int | None) -> Interaction:
        """As Discord sends it: in a server, ``member`` and ``context`` 0; in the DM with the bot, ``user`` and
        ``context`` 1. ``authorizing_integration_owners`` names who installed the app: the server ("0") where the bot
        is, the user ("1") in a DM or a server without the bot (the app is then installed to the user's account)."""
        interaction_id = self.next_id()
        channel_id = channel_id or self.channel_id
        channel = self.channels[channel_id]
        guild_id = channel.get("guild_id")
        payload: Json = {
            "id": str(interaction_id),
            "application_id": str(self.app_id),
            "type": kind,
            "data": data,
            "channel_id": str(channel_id),
            # As Discord sends it: a thread, a DM or a channel of a server without the bot comes whole (discord.py
            # builds the uncached channel from this, and a missing field kills its gateway task); others partial.
            "channel": dict(channel)
            if "thread_metadata" in channel or channel["type"] in (1, 3)
            or int(channel.get("guild_id") or 0) in self.guilds_without_bot
            else {k: channel[k] for k in ("id", "type", "name", "guild_id") if k in channel},
            "token": f"tok-{interaction_id}",
            "version": 1,
            "app_permissions": "2251799813685247",
            "locale": "en-US",
            "entitlements": [
                e for e in self.entitlements if e["user_id"] == str(user_id) or (guild_id and e["guild_id"] == guild_id)
            ],
            "attachment_size_limit": self.attachment_size_limit,
        }
        if guild_id is None:  # the DM with the bot (BOT_DM): user-installed, or reached through a server install
            payload.update(user=self.users[user_id], context=1, authorizing_integration_owners={"1": str(user_id)})
        else:
            payload.update(guild_id=guild_id, member=self.member(user_id, int(guild_id)), guild_locale="en-US",
                           context=0)  # fmt: skip
            if int(guild_id) in self.guilds_without_bot:
                payload["authorizing_integration_owners"] = {"1": str(user_id)}
                payload["guild"] = {"id": guild_id, "locale": "en-US", "features": []}
            else:
                payload["authorizing_integration_owners"] = {"0": guild_id}
        interaction = Interaction(interaction_id, payload["token"], payload)
        self.interactions[interaction_id] = interaction
        return interaction

    async def slash(
        self, user_id: int, group: str, sub: str, options: Json | None = None, *, channel_id: int | None = None
    ) -> Interaction:
        """Invoke ``/group sub option:value ...`` as the user; returns the interaction to inspect."""
        command = next(c for c in self.commands if c["name"] == group)
        sub_options = []
        resolved: Json = {}
        for name, value in (options or {}).items():
            spec = next(o for s in command["options"] if s["name"] == sub for o in s.get("options", [])
                        if o["name"] == name)  # fmt: skip
            if spec["type"] == 11:  # ATTACHMENT: the test passes (filename, bytes)
                filename, data = value
                attachment = self.attachment(channel_id or self.channel_id, filename, data)
                resolved.setdefault("attachments", {})[attachment["id"]] = attachment
                value = attachment["id"]
            if spec["type"] == 6:  # USER
                resolved.setdefault("users", {})[str(value)] = self.users[value]
                member = self.member(value, int(self.channels[channel_id or self.channel_id]["guild_id"]))
                member.pop("user")
                resolved.setdefault("members", {})[str(value)] = member
                value = str(value)
            sub_options.append({"name": name, "type": spec["type"], "value": value})
        data: Json = {"id": command["id"], "name": group, "type": 1,
                      "options": [{"name": sub, "type": 1, "options": sub_options}]}  # fmt: skip
        if resolved:
            data["resolved"] = resolved
        interaction = self._interaction_base(user_id, 2, data, channel_id)
        await self.dispatch("INTERACTION_CREATE", interaction.payload)
        return interaction

    async def message_command(
        self, user_id: int, message: Json, name: str, *, channel_id: int | None = None
    ) -> Interaction:
        """Use the message context-menu command ``name`` on ``message`` (APPLICATION_COMMAND, data type 3): Discord
        sends the target whole in ``resolved.messages``, with its content even without the Message Content intent."""
        command = next(c for c in self.commands if c["name"] == name and c.get("type") == 3)
        data: Json = {"id": command["id"], "name": name, "type": 3, "target_id": message["id"],
                      "resolved": {"messages": {message["id"]: message}}}  # fmt: skip
        interaction = self._interaction_base(user_id, 2, data, channel_id or int(message["channel_id"]))
        await self.dispatch("INTERACTION_CREATE", interaction.payload)
        return interaction

    async def component(
        self, user_id: int, message: Json, custom_id: str, values: list[str] | None = None
    ) -> Interaction:
        """Click a button (values None) or choose options of a string select on ``message``."""
        data: Json = {"custom_id": custom_id, "component_type": 2 if values is None else 3}
        if values is not None:
            data["values"] = values
        interaction = self._interaction_base(user_id, 3, data, int(message["channel_id"]))
        interaction.payload["message"] = message
        await self.dispatch("INTERACTION_CREATE", interaction.payload)
        return interaction

    async def modal_submit(
        self,
        user_id: int,
        opened: Interaction,
        values: dict[str, str],
        files: dict[str, list[tuple[str, bytes]]] | None = None,
    ) -> Interaction:
        """Submit the modal that ``opened`` (a click answered with a MODAL callback) showed, with ``values`` typed
        over the pre-filled inputs and ``files`` (name, bytes) uploaded in its File Uploads (both by custom_id);
        the files are served from the CDN, as Discord's client uploads them before the submit."""
        callback = opened.callbacks[-1]
        assert callback["type"] == 9, "that interaction did not open a modal"
        channel_id = int(opened.payload["channel_id"])
        uploaded = {custom_id: [self.attachment(channel_id, name, data) for name, data in chosen]
                    for custom_id, chosen in (files or {}).items()}  # fmt: skip
        data = submission(callback["data"], values, uploaded)
        interaction = self._interaction_base(user_id, 5, data, int(opened.payload["channel_id"]))
        if "message" in opened.payload:  # a modal opened from a button: Discord names the button's message
            interaction.payload["message"] = opened.payload["message"]
        await self.dispatch("INTERACTION_CREATE", interaction.payload)
        return interaction

    async def say(
        self,
        user_id: int,
        channel_id: int,
        content: str,
        files: list[tuple[str, bytes]] | None = None,
        *,
        reply_to: Json | None = None,
        ping: bool = True,
        mention: bool = False,
    ) -> Json:
        """The user posts a message in a channel or thread, optionally with files (served from the CDN):
        ``mention`` writes @ProfileCreator in front; ``reply_to`` makes it a reply (type 19) to that message, with
        the reply ping on unless ``ping`` is False (Discord then lists the replied-to author in ``mentions``)."""
        text = f"<@{self.app_id}> {content}" if mention else content
        message = self._message(channel_id, {"content": text}, [], author=self.users[user_id])
        message["attachments"] = [self.attachment(channel_id, name, data) for name, data in files or []]
        if mention:
            message["mentions"].append(self.bot_user)
        if reply_to is not None:
            message["type"] = 19
            message["message_reference"] = {"type": 0, "message_id": reply_to["id"], "channel_id": str(channel_id),
                                            **({"guild_id": message["guild_id"]} if "guild_id" in message else {})}
            message["referenced_message"] = reply_to
            if ping and reply_to["author"] not in message["mentions"]:
                message["mentions"].append(reply_to["author"])
        if message.get("guild_id"):
            message["member"] = {k: v for k, v in self.member(user_id).items() if k != "user"}
        self.messages[channel_id].append(message)
        await self.dispatch("MESSAGE_CREATE", message)
        return message

    def bot_messages(self, channel_id: int) -> list[Json]:
        return [m for m in self.messages[channel_id] if m["author"]["id"] == self.bot_user["id"]]

    def threads(self) -> list[Json]:
        return [c for c in self.channels.values() if c["type"] in (11, 12)]

    async def wait_for(self, predicate: Callable[[], Any], within: float = 10.0, what: str = "condition") -> Any:
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            result = predicate()
            if result:
                return result
            await asyncio.sleep(0.02)
        raise AssertionError(f"timed out after {within}s waiting for {what}")
