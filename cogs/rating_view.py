"""1-5 star buttons under every delivered render: owner only, one rating per render, changeable."""

from __future__ import annotations

import re
from typing import Any

import discord

from bot.usecases import rate_render
from cogs import wording
from cogs.controls import bot_of


class RateButton(discord.ui.DynamicItem[discord.ui.Button], template=r"pc:rate:(?P<rid>[0-9]+):(?P<stars>[1-5])"):
    def __init__(self, render_id: int, stars: int) -> None:
        super().__init__(
            discord.ui.Button(
                label="★" * stars, style=discord.ButtonStyle.secondary, custom_id=f"pc:rate:{render_id}:{stars}", row=1
            )
        )
        self.render_id = render_id
        self.stars = stars

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: Any, match: re.Match[str]) -> RateButton:
        return cls(int(match["rid"]), int(match["stars"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        outcome = await rate_render(bot_of(interaction).services, self.render_id, interaction.user.id, self.stars)
        await interaction.response.send_message(wording.rated(outcome), ephemeral=True)


def add_rating_row(view: discord.ui.View, render_id: int) -> None:
    for stars in range(1, 6):
        view.add_item(RateButton(render_id, stars))
