"""What every view needs: the bot from an interaction, ownership checks, labels."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord

from bot.imaging import SCENE, TRANSPARENT
from bot.model import TYPES, Session

if TYPE_CHECKING:
    from bot.app import ProfileCreatorBot

KIND = {t.value: t.noun for t in TYPES.values()}


def bot_of(interaction: discord.Interaction) -> ProfileCreatorBot:
    return interaction.client  # type: ignore[return-value]


async def owned_session(interaction: discord.Interaction, session_id: int) -> Session | None:
    """The session if the clicking user owns it and it is still open; otherwise tells them why."""
    session = await bot_of(interaction).services.sessions.get(session_id)
    if session is None or session.user_id != interaction.user.id:
        await interaction.response.send_message("These controls belong to someone else's session.", ephemeral=True)
        return None
    if not session.live:
        await interaction.response.send_message(
            "This session has ended. Start a new one with /profile create.", ephemeral=True
        )
        return None
    return session


def background_label(background: str) -> str:
    if background == TRANSPARENT:
        return "transparent background"
    if background == SCENE:
        return "designed background"
    return f"solid {background} background"
