"""Session threads: the owner's words go to the coach; replies stream back by message edits.

Words come in as thread messages (all of them with the Message Content intent; without it, replies to the coach
and @mentions, as Discord delivers only those) or through the Reply button's modal (cogs/reply_view.py). Either
way they pass a TurnGate first: while a turn runs (or the user's rate says wait) they are folded into the next
turn, so a burst costs a few model calls and at most one task per session waits.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord
from discord.ext import commands

from bot.coach.gate import Rate, TurnGate
from bot.model import Session
from bot.usecases import (
    ImageUnusable,
    ReferenceAdded,
    WordsAreEdits,
    add_reference,
    coach_opening,
    coach_turn,
    mark_choices,
    words_withheld,
)
from cogs import wording, wording_reach
from cogs.brief_card_view import show_brief_card
from cogs.brief_edit_view import card_view
from cogs.options_view import options_content, options_view
from cogs.reference_intake import from_attachment
from cogs.relay import stream_turn
from cogs.render_controls import CONTROLS
from cogs.render_delivery import render_and_deliver
from cogs.reply_view import reply_view
from cogs.reporters import ThreadReporter
from cogs.said import Said, from_message

if TYPE_CHECKING:
    from bot.app import ProfileCreatorBot
    from bot.coach import CoachTurn

log = logging.getLogger(__name__)


class CoachCog(commands.Cog):
    def __init__(self, bot: ProfileCreatorBot) -> None:
        self.bot = bot
        self.gate: TurnGate[Said] = TurnGate()

    async def present(self, channel: discord.abc.Messageable, session: Session, turn: CoachTurn) -> None:
        """Stream the reply, then offer the generation options when the brief has just become ready."""
        interval = self.bot.services.settings.discord.edit_interval_seconds
        completed = await stream_turn(channel, turn, interval, reply_view(session.id))
        context = await turn.settle()  # the extraction ran beside the reply; readiness comes from its brief
        choices = await mark_choices(self.bot.services, context.brief)
        await show_brief_card(self.bot, channel, session.id, context, card_view(session.id, choices))
        if completed and turn.became_ready:
            refreshed = await self.bot.services.sessions.get(session.id)
            if refreshed is not None and refreshed.live:
                await channel.send(options_content(refreshed), view=options_view(refreshed))

    async def greet(self, channel: discord.abc.Messageable, session: Session) -> None:
        """The coach's first message; an early user message waits for it (the session's lock)."""
        outcome = await coach_opening(self.bot.services, session, lambda s, turn: self.present(channel, s, turn))
        # Out of turns, or the model failed (the session is open and its credit held: writing again retries).
        if (said := wording.turn_refused(outcome)) is not None:
            await channel.send(said)

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        in_dm = isinstance(message.channel, discord.DMChannel)  # a user-installed app's session runs in the DM
        if message.author.bot or (message.guild is None and not in_dm):
            return
        services = self.bot.services
        # Most guild messages are not in a session thread: drop them without a database query.
        # (an uncached thread arrives as a PartialMessageable: it may be a session thread too)
        maybe_thread = in_dm or isinstance(message.channel, discord.Thread | discord.PartialMessageable)
        if not services.sessions.may_be_live_thread(message.channel.id, maybe_thread=maybe_thread):
            return
        session = await services.sessions.by_thread(message.channel.id)
        # Only the owner's messages in a live session reach the coach; everyone else is ignored.
        if session is None or session.user_id != message.author.id or not session.live:
            return
        said = from_message(message, self.bot.user.id if self.bot.user else 0)
        if not said.text and not said.files:  # no model call for an empty turn
            typed = message.type in (discord.MessageType.default, discord.MessageType.reply) and not message.stickers
            withheld = typed and not self.bot.reads_content  # Discord withheld the text: say how to reach the coach
            if withheld and await words_withheld(services, session.id, session.user_id):  # once per session
                await said.answer(wording_reach.NO_CONTENT_HINT)
            return
        await self.hear(session, said)

    async def hear(self, session: Session, said: Said) -> None:
        """The owner's words, from a thread message or the Reply modal, into the session's turn gate."""
        limits = self.bot.services.spend_for(session.tier)
        rate = Rate(limits.coach_turns_per_minute, limits.coach_burst)
        runs = 0

        async def answer(batch: list[Said]) -> None:
            nonlocal runs
            runs += 1  # the first turn runs as the words arrive: the session was just read, the use case may use it
            await self._answer(session, batch, just_read=runs == 1)

        await self.gate.submit(session.id, said, rate, answer)

    async def _answer(self, seen: Session, batch: list[Said], *, just_read: bool = False) -> None:
        """One turn for everything the gate folded together; replies go where the last of it was said."""
        last = batch[-1]
        # Only files need the gathering step (and its read of today's turns): words alone go straight to the take.
        gather = (lambda s: self._take_references(s, batch)) if any(s.files for s in batch) else None
        outcome = await coach_turn(
            self.bot.services, seen.id, seen.user_id, [s.text for s in batch],
            lambda s, turn: self.present(last.channel, s, turn), gather=gather, seen=seen if just_read else None,
        )  # fmt: skip
        if isinstance(outcome, WordsAreEdits):
            await self._edit(last, seen.id, seen.user_id, outcome.change)
        elif (answer := wording.turn_refused(outcome)) is not None:
            await last.answer(answer)

    async def _take_references(self, session: Session, batch: list[Said]) -> bool:
        """Images that came with the owner's words become references; a refused file gets one sentence."""
        added = False
        for said in batch:
            for attachment in said.files:
                outcome = await add_reference(self.bot.services, session.id, session.user_id,
                                              lambda a=attachment: from_attachment(a), "message")  # fmt: skip
                if isinstance(outcome, ImageUnusable) or (
                    isinstance(outcome, ReferenceAdded) and (outcome.note or outcome.dropped)
                ):  # an added image is mentioned only when cleaning or the limit changed something
                    await said.answer(wording.reference(outcome))
                added = added or isinstance(outcome, ReferenceAdded)
        return added

    async def _edit(self, said: Said, session_id: int, user_id: int, change: str) -> None:
        """After a delivery, the owner's words change the image: the brief takes the change, then the last render
        is edited (a render click with no button). Typed while a render runs, it waits for the session's lock."""
        channel = said.channel
        await render_and_deliver(self.bot, ThreadReporter(channel), session_id, user_id, "edit", channel.id,  # type: ignore[attr-defined]
                                 CONTROLS, change=change, acknowledge=said.answer)  # fmt: skip


async def setup(bot: ProfileCreatorBot) -> None:
    """Loaded by name (bot/app.py EXTENSIONS)."""
    await bot.add_cog(CoachCog(bot))
