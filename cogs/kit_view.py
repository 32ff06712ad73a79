"""The Brand kit button under every render: banners, offline screen, panels and animated emotes in the design's
style, posted as a ZIP with a contact sheet and one animated preview.

The button first says what the kit costs (free offline or once its art is kept; one creation credit when Gemini
paints the art) and asks which chat the GIF emotes are for (GIF has no soft edges: they sit on a dark or a light
matte); the kit is made when the user picks one."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

import discord

from bot.model import Matte
from bot.usecases import (
    KitGiven,
    KitMade,
    NotYours,
    brand_kit,
    kit_again,
    kit_cost,
)
from cogs import wording
from cogs.controls import bot_of
from cogs.id_button import IdButton


class KitButton(IdButton, verb="kit", id_name="render_id", label="Brand kit", emoji="🎁",
                style=discord.ButtonStyle.secondary):  # fmt: skip
    render_id: int

    async def callback(self, interaction: discord.Interaction) -> None:
        credits = await kit_cost(bot_of(interaction).services, self.render_id, interaction.user.id)
        if isinstance(credits, NotYours):
            await interaction.response.send_message(wording.kit(credits), ephemeral=True)
            return
        cost = ("It costs **1 creation credit**: Gemini paints its wide art (2 image calls, counted as attempts); "
                "getting this kit again later is free." if credits else "It's free: no model call.")  # fmt: skip
        view = discord.ui.View(timeout=None)
        view.add_item(KitDarkButton(self.render_id))
        view.add_item(KitLightButton(self.render_id))
        await interaction.response.send_message(
            "🎁 **Brand kit**: Twitch offline screen, profile banner and four panels, YouTube banner, X header, "
            f"Discord server banner, and six animated emotes. {cost}\nWhich chat are the GIF emotes for?",
            view=view, ephemeral=True,
        )  # fmt: skip


async def make_kit(interaction: discord.Interaction, render_id: int, matte: Matte) -> None:
    await interaction.response.defer(ephemeral=True, thinking=True)
    limit = interaction.filesize_limit
    outcome = await brand_kit(bot_of(interaction).services, render_id, interaction.user.id, limit=limit, matte=matte)
    text = wording.kit(outcome, matte=matte)
    if not isinstance(outcome, KitMade):
        await interaction.followup.send(text, ephemeral=True)
        return
    kit = outcome.kit
    await interaction.followup.send(**kit_message(text, kit.pack.parts, kit.sheet, kit.preview), ephemeral=True)


def kit_message(text: str, parts: Sequence[tuple[str, bytes]], sheet: bytes | None,
                preview: bytes | None) -> dict[str, Any]:  # fmt: skip
    """One message (Components V2): the words, a gallery of the contact sheet and the animated emote, then the ZIP
    (or its two parts) as file components, instead of a text with four loose attachments."""
    shown = [discord.File(io.BytesIO(data), filename=name)
             for name, data in (("brand-kit-preview.png", sheet), ("emote-preview.gif", preview)) if data]  # fmt: skip
    zips = [discord.File(io.BytesIO(data), filename=name) for name, data in parts]
    view = discord.ui.LayoutView(timeout=None)
    view.add_item(discord.ui.TextDisplay(text))
    if shown:
        view.add_item(discord.ui.MediaGallery(*(discord.MediaGalleryItem(f) for f in shown)))
    for part in zips:
        view.add_item(discord.ui.File(part))
    return {"view": view, "files": [*zips, *shown]}


class KitDarkButton(IdButton, verb="kitd", id_name="render_id", label="Dark chat", emoji="🌙",
                    style=discord.ButtonStyle.primary):  # fmt: skip
    render_id: int

    async def callback(self, interaction: discord.Interaction) -> None:
        await make_kit(interaction, self.render_id, "dark")


class KitLightButton(IdButton, verb="kitl", id_name="render_id", label="Light chat", emoji="☀️",
                     style=discord.ButtonStyle.secondary):  # fmt: skip
    render_id: int

    async def callback(self, interaction: discord.Interaction) -> None:
        await make_kit(interaction, self.render_id, "light")


class KitAgainButton(IdButton, verb="kitag", id_name="kit_id", label="Kit again", emoji="🎁",
                     style=discord.ButtonStyle.success):  # fmt: skip
    """A kept kit from the gallery, posted again as it was delivered (no model call, no credit, no redraw)."""

    kit_id: int

    def __init__(self, kit_id: int, renders: int | None = None, *, label: str | None = None, row: int | None = None):
        super().__init__(kit_id, renders)
        self.item.label = label or self.item.label
        self.item.row = row

    async def callback(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        outcome = await kit_again(bot_of(interaction).services, self.kit_id, interaction.user.id,
                                  limit=interaction.filesize_limit)  # fmt: skip
        text = wording.kit_again(outcome)
        if not isinstance(outcome, KitGiven):
            await interaction.followup.send(text, ephemeral=True)
            return
        await interaction.followup.send(**kit_message(text, outcome.parts, outcome.sheet, outcome.preview),
                                        ephemeral=True)  # fmt: skip
