"""The Brand kit button under every render: banners, offline screen, panels and animated emotes in the design's
style, posted as a ZIP with a contact sheet and one animated preview.

The button first says what the kit costs (free offline or once its art is kept; one creation credit when Gemini
paints the art) and asks which chat the GIF emotes are for (GIF has no soft edges: they sit on a dark or a light
matte); the kit is made when the user picks one."""

from __future__ import annotations

import io

import discord

from bot.model import Matte
from bot.usecases import (
    SLOW_DOWN,
    KitAlreadyOnIt,
    KitFailed,
    KitMade,
    KitNeedsCredit,
    NotYours,
    SlowDown,
    TooLarge,
    brand_kit,
    kit_cost,
    kit_failed,
)
from cogs.controls import bot_of
from cogs.id_button import IdButton

NOT_YOURS = "Only the person this was made for can get its brand kit."


class KitButton(IdButton, verb="kit", id_name="render_id", label="Brand kit", emoji="🎁",
                style=discord.ButtonStyle.secondary):  # fmt: skip
    render_id: int

    async def callback(self, interaction: discord.Interaction) -> None:
        credits = await kit_cost(bot_of(interaction).services, self.render_id, interaction.user.id)
        if isinstance(credits, NotYours):
            await interaction.response.send_message(NOT_YOURS, ephemeral=True)
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
    if not isinstance(outcome, KitMade):
        await interaction.followup.send(_refusal(outcome, limit), ephemeral=True)
        return
    kit = outcome.kit
    files = [discord.File(io.BytesIO(data), filename=name) for name, data in kit.pack.parts]
    files.append(discord.File(io.BytesIO(kit.sheet), filename="brand-kit-preview.png"))
    files.append(discord.File(io.BytesIO(kit.preview), filename="emote-preview.gif"))
    split = " It comes in two parts (this server's upload limit)." if len(kit.pack.parts) > 1 else ""
    paid = " 1 creation credit was used for its art (getting it again is free)." if outcome.charged else ""
    notes = f"\n🔎 {' '.join(outcome.notes)}" if outcome.notes else ""
    await interaction.followup.send(
        f"🎁 Your brand kit{f' for **{outcome.name}**' if outcome.name else ''}, GIF emotes for {matte} chat. "
        f"README.txt says where each file goes.{paid}{split}{notes}", files=files, ephemeral=True,
    )  # fmt: skip


def _refusal(outcome: object, limit: int) -> str:
    if isinstance(outcome, NotYours):
        return NOT_YOURS
    if isinstance(outcome, SlowDown):
        return SLOW_DOWN
    if isinstance(outcome, KitNeedsCredit):
        return (f"A brand kit's art costs 1 creation credit and you have none left this month "
                f"({outcome.status.used} / {outcome.status.limit}). See /profile quota.")  # fmt: skip
    if isinstance(outcome, KitFailed):
        return f"⚠️ {kit_failed(outcome.error)} Your credit was given back."
    if isinstance(outcome, KitAlreadyOnIt):
        return "Already on it: this kit's art is being painted."
    assert isinstance(outcome, TooLarge)
    return (f"The kit is over this server's {limit / 1e6:.0f} MB upload limit even in two parts; get it from the "
            "studio instead.")  # fmt: skip


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
