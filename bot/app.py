"""The Discord bot: wiring settings and services into discord.py."""

from __future__ import annotations

import asyncio
import logging
import sys
from typing import Any

import aiohttp
import discord
import yarl
from discord.ext import commands

from bot.config import DiscordSettings, Settings
from bot.observability import configure_logging
from bot.runtime import beat, check_data_dir, explain, settle_startup_objects, stop_on_signals
from bot.services import Services

log = logging.getLogger(__name__)
# The Discord front end's cogs, each module with a setup(bot); the views module registers the persistent controls.
EXTENSIONS = ("cogs.profile", "cogs.admin", "cogs.quota", "cogs.coach", "cogs.lifecycle", "cogs.views",
              "cogs.reference_menu")
# The bot never joins voice: no start-up warnings about voice libraries it does not need.
discord.VoiceClient.warn_nacl = False
discord.VoiceClient.warn_dave = False


def apply_endpoints(settings: DiscordSettings) -> None:
    """Point discord.py at a REST proxy (e.g. nirn-proxy) or gateway proxy when configured.

    ``api_base_url`` includes the version path, e.g. ``http://nirn:8080/api/v10``; webhooks
    and interaction callbacks go through it too.
    """
    if settings.api_base_url:
        discord.http.Route.BASE = settings.api_base_url
    if settings.gateway_url:
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(settings.gateway_url)
    if settings.cdn_url:
        discord.asset.Asset.BASE = settings.cdn_url


class ProfileCreatorBot(commands.Bot):
    def __init__(self, services: Services, **shards: object) -> None:
        intents = discord.Intents.default()
        # Asked for only if the application is granted it (read at login, in setup_hook): without it the coach
        # hears replies, @mentions, the Reply button's modal, the context menu and DMs.
        intents.message_content = True
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents,
            help_command=None,
            guild_ready_timeout=services.settings.discord.guild_ready_timeout,
            allowed_mentions=discord.AllowedMentions(everyone=False, roles=False, users=True),
            **shards,
        )
        self.services = services
        # One coach turn or render at a time per session: replies never interleave, renders never double (the
        # studio, in the same process, takes the same locks).
        self.session_locks = services.locks

    @property
    def reads_content(self) -> bool:
        """Whether thread messages arrive with their text (the Message Content intent is granted)."""
        return self._connection._intents.message_content

    def choose_intents(self) -> None:
        """The application's flags (GET /oauth2/applications/@me at login) say whether the portal grants the
        Message Content intent; asking for it without that would close the gateway (4014)."""
        flags = self.application_flags
        granted = flags.gateway_message_content or flags.gateway_message_content_limited
        # discord.py fixes intents when the client is built, before the flags can be read: this changes the ones
        # the IDENTIFY will send (the connection has not started yet).
        self._connection._intents.message_content = granted
        log.info("%s", content_mode(granted))

    async def login(self, token: str) -> None:
        # discord.py opens REST connections without limit: a burst of 200 /profile create opened one per
        # acknowledgement, and setting them up held the loop the acks wait on. A bounded pool reuses them.
        limit = self.services.settings.discord.http_connections
        if limit and self.http.connector is discord.utils.MISSING:
            self.http.connector = aiohttp.TCPConnector(limit=limit)
        await super().login(token)

    async def on_message(self, message: discord.Message) -> None:
        """No text commands: an @mention is words for the coach (cogs/coach.py), not a command prefix."""

    async def setup_hook(self) -> None:
        self.choose_intents()
        for name in EXTENSIONS:  # by name: this module imports no cog, the cogs import it
            await self.load_extension(name)
        # Before the gateway connects: recovery must finish before any interaction is processed.
        lifecycle: Any = self.get_cog("LifecycleCog")
        await lifecycle.recover()
        self.tree.on_error = self.on_app_command_error
        guild_ids = self.services.settings.discord.guild_ids
        if guild_ids:
            for guild_id in guild_ids:
                guild = discord.Object(id=guild_id)
                self.tree.copy_global_to(guild=guild)
                await self.tree.sync(guild=guild)
        else:
            await self.tree.sync()
        settle_startup_objects()

    async def on_app_command_error(
        self, interaction: discord.Interaction, error: discord.app_commands.AppCommandError
    ) -> None:
        """Every failed command gets an ephemeral answer instead of Discord's bare "interaction failed"."""
        if isinstance(error, discord.app_commands.CommandInvokeError):
            log.error("command %s failed", interaction.command and interaction.command.qualified_name,
                      exc_info=error.original)  # fmt: skip
            text = "Something went wrong on our side. Nothing was charged; please try again."
        elif isinstance(error, discord.app_commands.CheckFailure):
            text = "You can't use that command here."
        else:
            log.info("rejected malformed interaction: %s", error)
            text = f"That command didn't look right ({type(error).__name__}). Please use the command picker."
        try:
            if interaction.response.is_done():
                await interaction.followup.send(text, ephemeral=True)
            else:
                await interaction.response.send_message(text, ephemeral=True)
        except discord.HTTPException:
            log.warning("could not report a command error to the user")


def content_mode(granted: bool) -> str:
    """The one line naming the mode the bot runs in (logged at start, printed by ``doctor``)."""
    if granted:
        return "Message Content intent: granted; the coach reads every message in its session threads"
    return ("Message Content intent: not granted; the coach hears replies to it, @mentions, its Reply button, "
            "the Use as reference menu and DMs")  # fmt: skip


class ShardedProfileCreatorBot(ProfileCreatorBot, commands.AutoShardedBot):
    """The same bot over Discord's shards: this process runs ``discord.shard_ids`` of ``discord.shard_count``."""


def owns_guild(settings: DiscordSettings, guild_id: int | None) -> bool:
    """Whether this process runs the shard a guild's events arrive on (Discord: (guild_id >> 22) % shard_count)."""
    if not settings.shard_count or not settings.shard_ids:
        return True
    shard = (guild_id >> 22) % settings.shard_count if guild_id is not None else 0
    return shard in settings.shard_ids


def make_bot(services: Services) -> ProfileCreatorBot:
    discord_settings = services.settings.discord
    if not discord_settings.shard_count:
        return ProfileCreatorBot(services)
    return ShardedProfileCreatorBot(
        services, shard_count=discord_settings.shard_count, shard_ids=discord_settings.shard_ids or None
    )


async def intent_mode(settings: Settings) -> str:
    """For ``doctor``: log in as the bot (REST only, no gateway) and name the mode it would run in."""
    if settings.discord_token is None:
        return "Message Content intent: not checked (DISCORD_TOKEN is not set)"
    apply_endpoints(settings.discord)
    client = discord.Client(intents=discord.Intents.none())
    try:
        await client.login(settings.require_discord_token())
        flags = client.application_flags
        return content_mode(flags.gateway_message_content or flags.gateway_message_content_limited)
    except (discord.HTTPException, aiohttp.ClientError, OSError) as exc:
        return f"Message Content intent: not checked (Discord: {type(exc).__name__})"
    finally:
        await client.close()


async def start(settings: Settings, token: str) -> ProfileCreatorBot:
    """Log in and connect in the background; used by ``run_bot`` and by the end-to-end tests."""
    apply_endpoints(settings.discord)
    services = await Services.create(settings)
    bot = make_bot(services)
    try:
        await bot.login(token)
    except BaseException:
        await bot.close()  # closes discord.py's HTTP session too: no "Unclosed client session"
        await services.close()
        raise
    bot.connect_task = asyncio.create_task(bot.connect(reconnect=True), name="discord-connect")  # type: ignore[attr-defined]
    return bot


async def stop(bot: ProfileCreatorBot) -> None:
    await bot.close()
    task = getattr(bot, "connect_task", None)
    if task is not None:
        await asyncio.gather(task, return_exceptions=True)
    await bot.services.close()


def run_bot(settings: Settings, *, debug: bool = False) -> int:
    """Run until stopped. A start-up failure ends in one sentence on stderr and its own exit code (no traceback
    unless ``debug``)."""
    token = settings.require_discord_token()
    secrets = [token] + [s.get_secret_value() for s in (settings.gemini_api_key, settings.discord_client_secret) if s]
    configure_logging("DEBUG" if debug else settings.log_level, secrets)

    async def main() -> None:
        check_data_dir(settings.data_dir)
        bot = await start(settings, token)
        studio = None
        if settings.web.enabled:  # the studio beside the bot: same loop, same services, same locks
            from web import start_studio

            studio, url = await start_studio(bot.services, settings.web.host, settings.web.port)
            log.info("studio: %s", url)
        # docker stop / systemd send SIGTERM: close the gateway and the database cleanly, within a deadline.
        stop_on_signals(bot.close)
        heartbeat = asyncio.create_task(beat(settings.data_dir, lambda: bot.is_ready() and not bot.is_closed()))
        try:
            await bot.connect_task  # type: ignore[attr-defined]
        finally:
            heartbeat.cancel()
            if studio is not None:
                await studio.cleanup()
            await stop(bot)

    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass
    except Exception as exc:
        failure = explain(exc, settings)
        if failure is None or debug:
            log.exception("start-up failed")
        if failure is None:
            return 1
        print(f"error: {failure.sentence}", file=sys.stderr)
        return failure.code
    return 0
