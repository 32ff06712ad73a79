""""Use as reference": a message context-menu command on any message with an image. Discord delivers the target
message whole, with or without the Message Content intent, so an image posted anywhere the user can see reaches
their open session: only another way into the coach turn (the image goes through the untrusted-image path there,
and the coach answers in the session's thread or DM)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from cogs.said import Said

if TYPE_CHECKING:
    from bot.app import ProfileCreatorBot
    from cogs.coach import CoachCog

log = logging.getLogger(__name__)
NO_SESSION = "You have no open design session: start one with /profile create, then use this on an image."
NO_IMAGE = "That message has no image attached."


def first_image(message: discord.Message) -> discord.Attachment | None:
    return next((a for a in message.attachments if (a.content_type or "").startswith("image/")), None)


class ReferenceMenuCog(commands.Cog):
    def __init__(self, bot: ProfileCreatorBot) -> None:
        self.bot = bot
        self.menu = app_commands.ContextMenu(name="Use as reference", callback=self.use_as_reference)
        self.menu.allowed_installs = app_commands.AppInstallationType(guild=True, user=True)
        self.menu.allowed_contexts = app_commands.AppCommandContext(guild=True, dm_channel=True, private_channel=True)

    async def cog_load(self) -> None:
        self.bot.tree.add_command(self.menu)

    async def cog_unload(self) -> None:
        self.bot.tree.remove_command(self.menu.name, type=self.menu.type)

    async def use_as_reference(self, interaction: discord.Interaction, message: discord.Message) -> None:
        image = first_image(message)
        if image is None:
            await interaction.response.send_message(NO_IMAGE, ephemeral=True)
            return
        session = await self.bot.services.sessions.active_for_user(interaction.user.id)
        if session is None or session.thread_id is None:
            await interaction.response.send_message(NO_SESSION, ephemeral=True)
            return
        await interaction.response.send_message(
            f"📎 Sending {image.filename} to your session: <#{session.thread_id}>", ephemeral=True
        )
        try:
            channel = self.bot.get_channel(session.thread_id) or await self.bot.fetch_channel(session.thread_id)
        except discord.HTTPException as exc:
            log.warning("could not reach session %s's channel: %s", session.id, exc)
            return

        async def answer(line: str) -> object:
            return await channel.send(line, allowed_mentions=discord.AllowedMentions.none())  # type: ignore[union-attr]

        coach: CoachCog = self.bot.get_cog("CoachCog")  # type: ignore[assignment]
        await coach.hear(session, Said("", (image,), channel, answer))  # type: ignore[arg-type]


async def setup(bot: ProfileCreatorBot) -> None:
    """Loaded by name (bot/app.py EXTENSIONS)."""
    await bot.add_cog(ReferenceMenuCog(bot))
