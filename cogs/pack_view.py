"""The Platform pack button (under every render and in the gallery)."""

from __future__ import annotations

import io

import discord

from bot.usecases import SLOW_DOWN, NotYours, SlowDown, TooLarge, platform_pack
from cogs.controls import bot_of
from cogs.id_button import IdButton


class PackButton(IdButton, verb="pack", id_name="render_id", label="Platform pack", emoji="🗂️",
               style=discord.ButtonStyle.secondary):  # fmt: skip
    render_id: int

    async def callback(self, interaction: discord.Interaction) -> None:
        limit = interaction.filesize_limit
        await interaction.response.defer(ephemeral=True, thinking=True)
        outcome = await platform_pack(bot_of(interaction).services, self.render_id, interaction.user.id, limit)
        if isinstance(outcome, NotYours):
            await interaction.followup.send("Only the person this was made for can get its pack.", ephemeral=True)
            return
        if isinstance(outcome, SlowDown):
            await interaction.followup.send(SLOW_DOWN, ephemeral=True)
            return
        if isinstance(outcome, TooLarge):
            await interaction.followup.send(
                f"The pack is over this server's {limit / 1e6:.0f} MB upload limit even in two parts. Use **Export** "
                "for the sizes you need one by one.",
                ephemeral=True,
            )
            return
        pack = outcome.pack
        files = [discord.File(io.BytesIO(data), filename=name) for name, data in pack.parts]
        split = (
            f" It is larger than this server's {limit / 1e6:.0f} MB upload limit, so it comes in two parts."
            if len(pack.parts) > 1
            else ""
        )
        await interaction.followup.send(
            f"🗂️ Your platform pack: {pack.files} files (Discord, Twitch emotes and badges, YouTube, X, favicon, "
            f"logo.svg), "
            f"README.txt inside says what each is for.{split}",
            files=files,
            ephemeral=True,
        )
