"""The brief card in the thread: posted once, then edited in place after every coach turn and every edit by hand;
``view`` is its controls (Edit brief, cogs/brief_edit_view.py)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord

from bot.coach.brief_card import brief_card
from bot.model import CoachContext
from bot.usecases import NoSuchSession, brief_card_at, brief_card_posted

if TYPE_CHECKING:
    from bot.app import ProfileCreatorBot

log = logging.getLogger(__name__)


def card_embed(context: CoachContext) -> discord.Embed:
    card = brief_card(context.creation_type, context.style, context.colors, context.brief, context.check)
    embed = discord.Embed(title=card.title, colour=card.colour)
    for name, value in card.lines:
        embed.add_field(name=name, value=value, inline=True)
    return embed


async def show_brief_card(
    bot: ProfileCreatorBot,
    channel: discord.abc.Messageable,
    session_id: int,
    context: CoachContext,
    view: discord.ui.View | None = None,
) -> None:
    card = await brief_card_at(bot.services, session_id)
    if isinstance(card, NoSuchSession):
        return
    embed = card_embed(context)
    if card.message_id is not None:
        try:
            message = channel.get_partial_message(card.message_id)  # type: ignore[attr-defined]
            await message.edit(embed=embed, view=view)
            return
        except discord.NotFound:
            pass  # deleted by someone: post a new one
        except discord.HTTPException as exc:
            log.warning("could not update the brief card in session %s: %s", session_id, exc)
            return
    try:
        message = await channel.send(embed=embed, view=view)
    except discord.HTTPException as exc:
        log.warning("could not post the brief card in session %s: %s", session_id, exc)
        return
    await brief_card_posted(bot.services, session_id, message.id)
