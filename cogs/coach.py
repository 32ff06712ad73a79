"""Session threads: the owner's messages go to the coach; replies stream back by message edits.

Messages pass a TurnGate first: while a turn runs (or the user's rate says wait) they are folded into the next
turn, so a burst costs a few model calls and at most one task per session waits.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, TypeVar

import discord
from discord.ext import commands

from bot.coach import CoachTurn, MessageTooLong, Rate, TurnGate
from bot.model import REFERENCE_ONLY, ProviderError, Session
from bot.references import ReferenceRefused
from bot.usecases import GENERATING, turns_fact
from cogs import wording
from cogs.brief_card_view import show_brief_card
from cogs.options_view import options_content, options_view
from cogs.reference_intake import from_attachment
from cogs.relay import stream_turn
from cogs.render_view import render_and_deliver
from cogs.reporters import ThreadReporter

if TYPE_CHECKING:
    from bot.app import ProfileCreatorBot

log = logging.getLogger(__name__)
T = TypeVar("T")


class CoachCog(commands.Cog):
    def __init__(self, bot: ProfileCreatorBot) -> None:
        self.bot = bot
        self.gate: TurnGate[discord.Message] = TurnGate()

    async def present(self, channel: discord.abc.Messageable, session: Session, turn: CoachTurn) -> None:
        """Stream the reply, then offer the generation options when the brief has just become ready."""
        completed = await stream_turn(channel, turn, self.bot.services.settings.discord.edit_interval_seconds)
        context = await turn.settle()  # the extraction ran beside the reply; readiness comes from its brief
        await show_brief_card(self.bot, channel, session.id, context)
        if completed and turn.became_ready:
            refreshed = await self.bot.services.sessions.get(session.id)
            if refreshed is not None and refreshed.live:
                await channel.send(options_content(refreshed), view=options_view(refreshed))

    async def greet(self, channel: discord.abc.Messageable, session: Session) -> None:
        """The coach's first message, under the session lock so an early user message waits its turn."""
        services = self.bot.services
        async with self.bot.session_locks.hold(session.id):
            if not await services.take_coach_turn(session.user_id, session.tier):
                await channel.send(wording.turns_used_up(turns_fact(services, session.tier)))
                return
            try:
                turn = await services.coach.opening(session)
            except ProviderError as exc:
                # The session is open and its credit held; the user only has to write to try again.
                await channel.send(f"⚠️ {exc.chat_message}")
                return
            await self.present(channel, session, turn)

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        if message.author.bot or message.guild is None:
            return
        services = self.bot.services
        # Most guild messages are not in a session thread: drop them without a database query.
        # (an uncached thread arrives as a PartialMessageable: it may be a session thread too)
        maybe_thread = isinstance(message.channel, discord.Thread | discord.PartialMessageable)
        if not services.sessions.may_be_live_thread(message.channel.id, maybe_thread=maybe_thread):
            return
        session = await services.sessions.by_thread(message.channel.id)
        # Only the owner's messages in a live session reach the coach; everyone else is ignored.
        if session is None or session.user_id != message.author.id or not session.live:
            return
        limits = services.spend_for(session.tier)
        rate = Rate(limits.coach_turns_per_minute, limits.coach_burst)
        await self.gate.submit(session.id, message, rate, lambda batch: self._answer(session, batch))

    async def _answer(self, seen: Session, batch: list[discord.Message]) -> None:
        """One turn for every message the gate folded together; replies go to the last of them."""
        services = self.bot.services
        last = batch[-1]
        session_id = seen.id
        # Read again: the batch may have waited for the rate or a running turn (a render may have finished since).
        session = await services.sessions.get(session_id)
        if session is None or not session.live:
            return
        if session.status == "generating":
            await last.reply(GENERATING, mention_author=False)
            return
        if await services.out_of_coach_turns(session.user_id, session.tier):
            # Checked before any attachment is downloaded or decoded: a user out of turns costs no image work.
            await last.reply(wording.turns_used_up(turns_fact(services, session.tier)), mention_author=False)
            return
        added = await self._take_references(session, batch)
        texts = [m.content for m in batch if m.content.strip()] or ([REFERENCE_ONLY] if added else [])
        if not texts:
            return  # only refused files: nothing was charged and the session is as it was
        if not await services.take_coach_turn(session.user_id, session.tier):
            await last.reply(wording.turns_used_up(turns_fact(services, session.tier)), mention_author=False)
            return
        if session.credit_state == "spent":  # a render was delivered (it spends the credit): words are edits
            change = "\n".join(t.strip() for t in texts if t != REFERENCE_ONLY) or "Use my new reference image."
            await self._change_request(last, session_id, change)
            return
        turn = await self._under_lock(last, session_id, lambda s: services.coach.turn(s, texts, new_reference=added))
        if turn is not None:
            await self.present(last.channel, turn[0], turn[1])

    async def _take_references(self, session: Session, batch: list[discord.Message]) -> bool:
        """Images attached to the owner's messages become references; a refused file gets one sentence."""
        services = self.bot.services
        limit = services.settings.coach.max_references
        added = False
        for message in batch:
            for attachment in message.attachments:
                try:
                    clean = await from_attachment(attachment, services.untrusted)
                except ReferenceRefused as exc:
                    await message.reply(f"⚠️ {exc.user_message}", mention_author=False)
                    continue
                result = await services.references.add(session.id, session.user_id, clean, "message", limit)
                added = True
                notes = [clean.note] if clean.note else []
                if result.dropped:
                    notes.append(f"I keep your {limit} newest references, so the oldest one was dropped")
                if notes:
                    await message.reply(f"📎 Reference added ({'; '.join(notes)}).", mention_author=False)
        return added

    async def _under_lock(
        self, message: discord.Message, session_id: int, step: Callable[[Session], Awaitable[T]]
    ) -> tuple[Session, T] | None:
        """Run one coach step for an active session under its lock; user-facing errors become a reply."""
        async with self.bot.session_locks.hold(session_id):
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

    async def _change_request(self, message: discord.Message, session_id: int, text: str) -> None:
        """After a delivery, the owner's words change the image: the brief is updated, then the last render is
        edited. A request typed while a render runs waits for the session lock, so nothing renders twice."""
        coach = self.bot.services.coach
        done = await self._under_lock(message, session_id, lambda s: coach.change_request(s, text))
        if done is None:
            return
        await message.reply(done[1], mention_author=False)
        await render_and_deliver(
            self.bot, ThreadReporter(message.channel), session_id, "edit", message.channel.id, change=text
        )


async def setup(bot: ProfileCreatorBot) -> None:
    """Loaded by name (bot/app.py EXTENSIONS)."""
    await bot.add_cog(CoachCog(bot))
