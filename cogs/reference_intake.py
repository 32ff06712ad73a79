"""Reference images from Discord: an attachment or the user's avatar, checked and cleaned off the event loop."""

from __future__ import annotations

import asyncio
import logging

import discord

from bot.references import CleanReference, ReferenceRefused, check_size, clean_reference

log = logging.getLogger(__name__)


async def from_attachment(attachment: discord.Attachment) -> CleanReference:
    check_size(attachment.size)  # Discord says the size: a 9 MB file is refused without downloading it
    try:
        data = await attachment.read()
    except (discord.HTTPException, discord.NotFound) as exc:
        raise ReferenceRefused("I couldn't download that attachment from Discord; please send it again.") from exc
    return await asyncio.to_thread(clean_reference, data)


async def from_avatar(user: discord.abc.User) -> CleanReference:
    """The server avatar if the member has one, else their account avatar (a default one if none is set)."""
    asset = user.display_avatar.replace(size=1024, static_format="png")
    try:
        data = await asset.read()
    except (discord.HTTPException, discord.NotFound) as exc:
        raise ReferenceRefused("I couldn't fetch your avatar from Discord; try attaching the image instead.") from exc
    return await asyncio.to_thread(clean_reference, data)
