"""The Platform pack button (under every render and in the gallery)."""

from __future__ import annotations

import io
import logging
from typing import TYPE_CHECKING

import discord

from bot.accounts import SLOW_DOWN
from bot.imaging import PackTooLarge
from cogs.controls import bot_of
from cogs.id_button import IdButton

if TYPE_CHECKING:
    pass

log = logging.getLogger(__name__)


class PackButton(IdButton, verb="pack", id_name="render_id", label="Platform pack", emoji="🗂️",
               style=discord.ButtonStyle.secondary):  # fmt: skip
    render_id: int

    async def callback(self, interaction: discord.Interaction) -> None:
        services = bot_of(interaction).services
        render = await services.renders.get(self.render_id)
        if render is None or render.user_id != interaction.user.id:
            await interaction.response.send_message("Only the person this was made for can get its pack.",
                                                    ephemeral=True)  # fmt: skip
            return
        if not services.heavy.allow(interaction.user.id):
            await interaction.response.send_message(SLOW_DOWN, ephemeral=True)
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        limit = interaction.filesize_limit
        items = services.settings.export.pack_items()
        try:
            pack = await services.generation.pack(render, f"platform-pack-{render.id}", limit, items)
        except PackTooLarge:
            await interaction.followup.send(
                f"The pack is over this server's {limit / 1e6:.0f} MB upload limit even in two parts. Use **Export** "
                "for the sizes you need one by one.",
                ephemeral=True,
            )
            return
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
