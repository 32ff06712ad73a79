"""Reference images from Discord: an attachment or the user's avatar, checked, then cleaned in the worker processes
for untrusted images (never on the event loop, never in the renders' executor)."""

from __future__ import annotations

import logging

import discord

from bot.references import CleanReference, ReferenceRefused, UntrustedImages, check_size

log = logging.getLogger(__name__)


async def from_attachment(attachment: discord.Attachment, untrusted: UntrustedImages) -> CleanReference:
    check_size(attachment.size)  # Discord says the size: a 9 MB file is refused without downloading it
    try:
        data = await attachment.read()
    except (discord.HTTPException, discord.NotFound) as exc:
        raise ReferenceRefused("I couldn't download that attachment from Discord; please send it again.") from exc
    return await untrusted.clean(data)


async def from_avatar(user: discord.abc.User, untrusted: UntrustedImages) -> CleanReference:
    """The server avatar if the member has one, else their account avatar (a default one if none is set)."""
    asset = user.display_avatar.replace(size=1024, static_format="png")
    try:
        data = await asset.read()
    except (discord.HTTPException, discord.NotFound) as exc:
        raise ReferenceRefused("I couldn't fetch your avatar from Discord; try attaching the image instead.") from exc
    return await untrusted.clean(data)
