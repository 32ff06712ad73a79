"""The Brand kit button under every render: banners, offline screen, panels and animated emotes in the design's
style, posted as a ZIP with a contact sheet and one animated preview (no model call, no credit)."""

from __future__ import annotations

import io

import discord

from bot.usecases import KitMade, KitTooLarge, NotYours, SlowDown, brand_kit
from cogs.controls import bot_of
from cogs.id_button import IdButton


class KitButton(IdButton, verb="kit", id_name="render_id", label="Brand kit", emoji="🎁",
                style=discord.ButtonStyle.secondary):  # fmt: skip
    render_id: int

    async def callback(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        limit = interaction.filesize_limit
        outcome = await brand_kit(bot_of(interaction).services, self.render_id, interaction.user.id, limit=limit)
        if isinstance(outcome, NotYours):
            await interaction.followup.send("Only the person this was made for can get its brand kit.", ephemeral=True)
            return
        if isinstance(outcome, SlowDown):
            await interaction.followup.send(outcome.message, ephemeral=True)
            return
        if isinstance(outcome, KitTooLarge):
            await interaction.followup.send(f"The kit is over this server's {limit / 1e6:.0f} MB upload limit even in "
                                            "two parts; get it from the studio instead.", ephemeral=True)  # fmt: skip
            return
        assert isinstance(outcome, KitMade)
        kit = outcome.kit
        files = [discord.File(io.BytesIO(data), filename=name) for name, data in kit.pack.parts]
        files.append(discord.File(io.BytesIO(kit.sheet), filename="brand-kit-preview.png"))
        files.append(discord.File(io.BytesIO(kit.preview), filename="emote-preview.gif"))
        split = " It comes in two parts (this server's upload limit)." if len(kit.pack.parts) > 1 else ""
        await interaction.followup.send(
            f"🎁 Your brand kit{f' for **{outcome.name}**' if outcome.name else ''}: Twitch offline screen, profile "
            "banner and four panels, YouTube banner, X header, Discord server banner, and six animated emotes (GIF "
            f"for Twitch and Discord, APNG and WebP). Free: no model call. README.txt says where each goes.{split}",
            files=files, ephemeral=True,
        )  # fmt: skip
