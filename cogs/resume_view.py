"""Resume: the expiry message's button reopens a session within ``sessions.resume_days``."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord

from bot.usecases import Resumed, resume_session
from cogs import wording
from cogs.controls import bot_of, set_thread_archived
from cogs.id_button import IdButton
from cogs.options_view import options_content, options_view
from cogs.quota import resolve_tier
from cogs.render_controls import render_view

if TYPE_CHECKING:
    from bot.app import ProfileCreatorBot


def resume_view(session_id: int) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(ResumeButton(session_id))
    return view


class ResumeButton(IdButton, verb="resume", id_name="session_id", label="Resume", emoji="▶️",
               style=discord.ButtonStyle.primary):  # fmt: skip
    session_id: int

    async def callback(self, interaction: discord.Interaction) -> None:
        bot = bot_of(interaction)
        tier = (await resolve_tier(interaction)).tier
        outcome = await resume_session(bot.services, self.session_id, interaction.user.id, tier)
        if not isinstance(outcome, Resumed):
            await interaction.response.send_message(wording.resumed(outcome), ephemeral=True)
            return
        session = outcome.session
        await interaction.response.send_message(wording.resumed(outcome))
        await set_thread_archived(bot, session, False, "design session resumed")
        await post_resume_summary(bot, self.session_id)


async def post_resume_summary(bot: ProfileCreatorBot, session_id: int) -> None:
    services = bot.services
    session = await services.sessions.get(session_id)
    if session is None or session.thread_id is None:
        return
    channel = bot.get_partial_messageable(session.thread_id)
    turns = len(await services.sessions.transcript(session.id))
    brief = ", ".join(f"{k}: {v}" for k, v in session.brief.model_dump(exclude_none=True).items()) or "empty so far"
    latest = await services.renders.latest(session.id)
    budget = services.generation.budget
    lines = [f"**Restored:** {turns} messages of conversation; brief — {brief}."]
    if latest is not None:
        lines.append(f"Renders used: {session.renders_used} of {budget}. Describe a change to edit the latest one.")
        await channel.send("\n".join(lines), view=render_view(session.id, latest.id, session.renders_used))
    elif services.generation.is_ready(session):
        await channel.send("\n".join(lines))
        await channel.send(options_content(session), view=options_view(session))
    else:
        lines.append("Tell the coach what's next.")
        await channel.send("\n".join(lines))
