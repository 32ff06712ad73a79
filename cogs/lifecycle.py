"""How the bot announces housekeeping: after a restart, and each idle sweep (warn, then expire and archive the
thread). The sweep loop itself is bot/sessions' (the studio runs the same one)."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

import discord
from discord.ext import commands

from bot.app import owns_guild
from bot.usecases import keep_house, recover
from cogs.controls import set_thread_archived
from cogs.options_view import options_content, options_view
from cogs.render_controls import CONTROLS
from cogs.render_delivery import deliver
from cogs.resume_view import resume_view

if TYPE_CHECKING:
    from bot.app import ProfileCreatorBot
    from bot.sessions import SweepResult

log = logging.getLogger(__name__)


class LifecycleCog(commands.Cog):
    def __init__(self, bot: ProfileCreatorBot) -> None:
        self.bot = bot
        self._task: asyncio.Task[None] | None = None

    async def cog_load(self) -> None:
        self._task = asyncio.create_task(self._sweep_when_ready(), name="session-sweeper")

    async def cog_unload(self) -> None:
        if self._task:
            self._task.cancel()

    async def recover(self) -> None:
        """Called from setup_hook: after login, before the gateway connects, so no interaction is handled while a
        crash's half-done sessions are being settled (a create in flight could otherwise be cancelled under it)."""
        settings = self.bot.services.settings.discord
        recovered = await recover(self.bot.services, lambda guild_id: owns_guild(settings, guild_id))
        report = recovered.report
        for session in report.interrupted:
            if session.thread_id:
                await self._post(
                    session.thread_id,
                    "The bot restarted while generating. Your credit is safe — press Generate to try again.",
                )
                await self._post(session.thread_id, options_content(session), view=options_view(session))
        for creation, session in recovered.to_post:
            assert session.thread_id is not None
            try:
                data = await self.bot.services.gallery.read(creation)
                await deliver(self.bot, creation, data, session.thread_id, CONTROLS)
            except (discord.HTTPException, OSError) as exc:
                log.warning("could not re-post creation %s: %s", creation.id, exc)
        if report.abandoned or report.interrupted or report.undelivered:
            log.info(
                "recovered: %d abandoned (refunded), %d interrupted, %d re-posted",
                len(report.abandoned), len(report.interrupted), len(report.undelivered),
            )  # fmt: skip

    async def _post(self, thread_id: int, content: str, **kwargs: object) -> None:
        try:
            await self.bot.get_partial_messageable(thread_id).send(content, **kwargs)  # type: ignore[arg-type]
        except discord.HTTPException as exc:
            log.warning("could not post in thread %s: %s", thread_id, exc)

    async def announce(self, result: SweepResult) -> None:
        """One sweep's report, in the threads it concerns."""
        services = self.bot.services
        warn_left = services.settings.sessions.idle_expiry_minutes - services.settings.sessions.idle_warning_minutes
        for session in result.warned:
            if session.thread_id:
                await self._post(
                    session.thread_id,
                    f"<@{session.user_id}> still there? This session closes after {warn_left:g} more minutes "
                    "without activity (your credit would be refunded).",
                )
        if result.abandoned:
            log.info("cancelled and refunded %d sessions stuck opening", len(result.abandoned))
        for session in result.interrupted:  # another process died mid-render: the user can press Generate again
            if session.thread_id:
                stopped = "The render stopped when a bot process restarted. Your credit is safe."
                await self._post(session.thread_id, stopped)
                await self._post(session.thread_id, options_content(session), view=options_view(session))
        if result.files_deleted:
            log.info("deleted %d files no record names", result.files_deleted)
        for session in result.expired:
            if not session.thread_id:
                continue
            refunded = " Your unused credit was refunded." if session.credit_state == "refunded" else ""
            days = self.bot.services.settings.sessions.resume_days
            await self._post(
                session.thread_id,
                f"This session expired after being idle.{refunded} Press Resume within {days:g} days to pick it up "
                "again (a refunded credit is reserved again).",
                view=resume_view(session.id),
            )
            await set_thread_archived(self.bot, session, True, "design session expired")

    async def _sweep_when_ready(self) -> None:
        await self.bot.wait_until_ready()
        await keep_house(self.bot.services, self.announce)


async def setup(bot: ProfileCreatorBot) -> None:
    """Loaded by name (bot/app.py EXTENSIONS)."""
    await bot.add_cog(LifecycleCog(bot))
