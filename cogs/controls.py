"""What every view needs: the bot from an interaction, labels."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord

from bot.imaging import SCENE, TRANSPARENT
from bot.model import TYPES

if TYPE_CHECKING:
    from bot.app import ProfileCreatorBot

KIND = {t.value: t.noun for t in TYPES.values()}


def bot_of(interaction: discord.Interaction) -> ProfileCreatorBot:
    return interaction.client  # type: ignore[return-value]


def background_label(background: str) -> str:
    if background == TRANSPARENT:
        return "transparent background"
    if background == SCENE:
        return "designed background"
    return f"solid {background} background"
