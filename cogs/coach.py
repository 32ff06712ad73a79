"""Session threads: the owner's messages go to the coach; replies stream back by message edits."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, TypeVar

import discord
from discord.ext import commands

from bot.coach.service import CoachTurn, MessageTooLong
from bot.providers.base import ProviderError
from bot.storage.sessions import Session
from cogs.options_view import options_content, options_view
from cogs.relay import stream_turn
from cogs.render_view import ThreadReporter, render_and_deliver

if TYPE_CHECKING:
    from bot.app import ProfileCreatorBot

log = logging.getLogger(__name__)
T = TypeVar("T")


class CoachCog(commands.Cog):
    def __init__(self, bot: ProfileCreatorBot) -> None:
        self.bot = bot

    async def present(self, channel: discord.abc.Messageable, session: Session, turn: CoachTurn) -> None:
        """Stream the reply, then offer the generation options when the brief has just become ready."""
        completed = await stream_turn(channel, turn, self.bot.services.settings.discord.edit_interval_seconds)
        if completed and turn.became_ready:
            refreshed = await self.bot.services.sessions.get(session.id)
            if refreshed is not None and refreshed.live:
                await channel.send(options_content(refreshed), view=options_view(refreshed))

    async def greet(self, channel: discord.abc.Messageable, session: Session) -> None:
        """The coach's first message, under the session lock so an early user message waits its turn."""
        async with self.bot.session_locks[session.id]:
            try:
                turn = await self.bot.services.coach.opening(session)
            except ProviderError as exc:
                # The session is open and its credit held; the user only has to write to try again.
                await channel.send(f"⚠️ {exc.chat_message}")
                return
            await self.present(channel, session, turn)

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        # No channel-type check: after a restart the thread may not be cached yet; the DB knows it.
        if message.author.bot or message.guild is None:
            return
        services = self.bot.services
        session = await services.sessions.by_thread(message.channel.id)
        # Only the owner's messages in a live session reach the coach; everyone else is ignored.
        if session is None or session.user_id != message.author.id or not session.live:
            return
        if await services.renders.latest(session.id) is not None:
            await self._change_request(message, session.id)
            return
        if session.status == "generating":
            await message.reply("Your image is being generated — hang on a moment.", mention_author=False)
            return
        turn = await self._under_lock(message, session.id, lambda s: services.coach.turn(s, message.content))
        if turn is not None:
            await self.present(message.channel, turn[0], turn[1])

    async def _under_lock(
        self, message: discord.Message, session_id: int, step: Callable[[Session], Awaitable[T]]
    ) -> tuple[Session, T] | None:
        """Run one coach step for an active session under its lock; user-facing errors become a reply."""
        async with self.bot.session_locks[session_id]:
            session = await self.bot.services.sessions.get(session_id)
            if session is None or session.status != "active":
                return None
            try:
                return session, await step(session)
            except MessageTooLong as exc:
                await message.reply(exc.user_message, mention_author=False)
            except ProviderError as exc:
                await message.reply(f"⚠️ {exc.chat_message}", mention_author=False)
            return None

    async def _change_request(self, message: discord.Message, session_id: int) -> None:
        """After a delivery, the owner's words change the image: the brief is updated, then the last render is
        edited. A request typed while a render runs waits for the session lock, so nothing renders twice."""
        coach = self.bot.services.coach
        done = await self._under_lock(message, session_id, lambda s: coach.change_request(s, message.content))
        if done is None:
            return
        await message.reply(done[1], mention_author=False)
        await render_and_deliver(
            self.bot, ThreadReporter(message.channel), session_id, "edit", message.channel.id, change=message.content
        )
