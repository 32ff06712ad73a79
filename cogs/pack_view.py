"""The Platform pack button (under every render and in the gallery)."""

from __future__ import annotations

import io

import discord

from bot.usecases import Packed, platform_pack
from cogs import wording
from cogs.controls import bot_of
from cogs.id_button import IdButton


class PackButton(IdButton, verb="pack", id_name="render_id", label="Platform pack", emoji="🗂️",
               style=discord.ButtonStyle.secondary):  # fmt: skip
    render_id: int

    async def callback(self, interaction: discord.Interaction) -> None:
        limit = interaction.filesize_limit
        await interaction.response.defer(ephemeral=True, thinking=True)
        outcome = await platform_pack(bot_of(interaction).services, self.render_id, interaction.user.id, limit)
        text = wording.packed(outcome, limit=limit)
        if not isinstance(outcome, Packed):
            await interaction.followup.send(text, ephemeral=True)
            return
        files = [discord.File(io.BytesIO(data), filename=name) for name, data in outcome.pack.parts]
        await interaction.followup.send(text, files=files, ephemeral=True)
